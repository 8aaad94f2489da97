import type { CauseEntry } from "./cause.js";
import { getCause } from "./causes.js";
import type { Facts } from "./facts.js";
import { FIX_LANGUAGE_LABELS, FIX_LANGUAGES, type FixLanguage } from "./fix-language.js";

/**
 * What the doctor knows besides the facts read from an error text: the principal's type, the scope to
 * grant a role on, the endpoint forms, the resource's name and group.
 *
 * @example
 * const context: FixContext = { principalType: "ServicePrincipal", role: "Cognitive Services OpenAI User" };
 */
export interface FixContext {
  /** `User`, `Group` or `ServicePrincipal` (managed identities are service principals). */
  principalType?: string;
  /** ARM scope to grant a role on, e.g. the account's resource id. */
  scope?: string;
  /** The resource's custom-subdomain endpoint, e.g. `https://contoso.openai.azure.com`. */
  subdomainEndpoint?: string;
  /** The scope a token must be requested for, e.g. `https://cognitiveservices.azure.com/.default`. */
  expectedScope?: string;
  /** Role to grant, e.g. `Cognitive Services OpenAI User`. */
  role?: string;
  /** Name of the Azure OpenAI / AI Services account. */
  resourceName?: string;
  resourceGroup?: string;
  subscriptionId?: string;
  /** Host name of the endpoint, e.g. `contoso.openai.azure.com`. */
  host?: string;
  /** Public IP address of the caller, for network rules. */
  clientIp?: string;
}

/**
 * Values a fix template can name: the {@link Facts} of a match plus {@link FixContext}.
 *
 * @example
 * const values: FixValues = { principalId: "1b2c", scope: "/subscriptions/0000/resourceGroups/rg" };
 */
export type FixValues = Facts & FixContext;

/**
 * A cause entry with its placeholders filled in.
 *
 * @example
 * const rendered: RenderedCause = { title: "...", why: "...", confirm: "...", fix: "az role assignment create ..." };
 */
export interface RenderedCause {
  title: string;
  why: string;
  confirm: string;
  fix: string;
}

// `{name}` or `{name=default}` with a lower-case camelCase name. Shell `${VAR}`, JSON bodies
// (`{"a":1}`), JMESPath projections (`{role:roleDefinitionName}`) and object literals (`{ endpoint }`)
// do not match.
const PLACEHOLDER = /(?<!\$)\{([a-z][A-Za-z0-9]*)(?:=([^{}\n]*))?\}/g;

/**
 * Fills `{name}` placeholders from `values`; a name without a usable value becomes its default
 * (`{role=Cognitive Services OpenAI User}`) or else a `<kebab-case>` marker (`{principalId}` ->
 * `<principal-id>`), so the text still reads as a template. Never throws.
 *
 * @example
 * renderFix("az role assignment list --assignee {principalId} --all", {});
 * // "az role assignment list --assignee <principal-id> --all"
 */
export function renderFix(template: string, values: FixValues): string {
  if (typeof template !== "string") return "";
  const known = (values ?? {}) as Record<string, unknown>;
  return template.replace(
    PLACEHOLDER,
    (_match, name: string, fallback: string | undefined) =>
      lookupValue(known, name) ?? fallback ?? `<${kebabCase(name)}>`,
  );
}

/**
 * Renders every text of a cause entry with {@link renderFix}: titles and explanations may name facts
 * too. The fix is the one for `language` (see {@link fixTemplateFor}); JavaScript by default.
 *
 * @example
 * renderCause(getCause("rbac.wrong-scope")!, { principalId: "1b2c" }).confirm;
 * renderCause(getCause("token.expired")!, {}, "python").fix; // "# Pass a token provider, ...\nclient = AzureOpenAI(..."
 */
export function renderCause(
  entry: CauseEntry,
  values: FixValues,
  language: FixLanguage = "js",
): RenderedCause {
  return {
    title: renderFix(entry.title, values),
    why: renderFix(entry.why, values),
    confirm: renderFix(entry.confirm, values),
    fix: renderFix(fixTemplateFor(entry, language), values),
  };
}

/**
 * The fix template of `entry` for `language`: its `fixByLanguage` entry when the code differs there,
 * else the catalog's `fix` (JavaScript, or a fix that is the same in every language).
 *
 * @example
 * fixTemplateFor(getCause("token.expired")!, "go").startsWith("// Pass the credential"); // true
 * fixTemplateFor(getCause("rbac.wrong-scope")!, "go") === getCause("rbac.wrong-scope")!.fix; // true
 */
export function fixTemplateFor(entry: CauseEntry, language: FixLanguage): string {
  if (language === "js") return entry.fix;
  return entry.fixByLanguage?.[language] ?? entry.fix;
}

/**
 * Whether a cause's fix is written differently per language (it is code), so a reader who cannot
 * be asked their language should see each one.
 *
 * @example
 * hasLanguageFixes(getCause("token.expired")!); // true
 * hasLanguageFixes(getCause("rbac.wrong-scope")!); // false: the fix is an az command
 */
export function hasLanguageFixes(entry: CauseEntry): boolean {
  return FIX_LANGUAGES.some((language) => language !== "js" && entry.fixByLanguage?.[language] !== undefined);
}

/**
 * One fix of {@link renderFixForLanguages}: the languages it applies to, a label for them, the text.
 *
 * @example
 * const fix: LanguageFix = { languages: ["python"], label: "Python (azure-identity, openai)", fix: "client = ..." };
 */
export interface LanguageFix {
  /** The languages this text is the fix for; all of {@link FIX_LANGUAGES} when the fix is the same in each. */
  languages: FixLanguage[];
  /** `Python (azure-identity, openai)` for one language; `Any language` for a shared fix. */
  label: string;
  /** The fix with placeholders filled from `values`. */
  fix: string;
}

/**
 * The fix of a cause in every language, for a reader whose language is unknown (the doctor, which
 * sees the setup but not the code): one entry per language, in {@link FIX_LANGUAGES} order, when the
 * fix is code that differs between languages; a single entry for all languages when it does not
 * (an `az` command, an environment variable). `[]` for an unknown code.
 *
 * @example
 * renderFixForLanguages("token.expired", { endpoint: "https://contoso.openai.azure.com" }).map((f) => f.label);
 * // ["JavaScript / TypeScript (@azure/identity, openai)", "Python (azure-identity, openai)", "C# (...)", "Go (...)", "Java (...)"]
 * renderFixForLanguages("rbac.wrong-scope", {}).length; // 1
 */
export function renderFixForLanguages(code: string, values: FixValues): LanguageFix[] {
  const entry = typeof code === "string" ? getCause(code) : undefined;
  if (entry === undefined) return [];
  if (!hasLanguageFixes(entry)) {
    return [{ languages: [...FIX_LANGUAGES], label: "Any language", fix: renderFix(entry.fix, values) }];
  }
  return FIX_LANGUAGES.map((language) => ({
    languages: [language],
    label: FIX_LANGUAGE_LABELS[language],
    fix: renderFix(fixTemplateFor(entry, language), values),
  }));
}

function lookupValue(values: Record<string, unknown>, name: string): string | undefined {
  // Own properties only: `{constructor}` must not pick up Object.prototype.constructor.
  if (!Object.hasOwn(values, name)) return undefined;
  const value = values[name];
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === "string" && value.trim() !== "") return value;
  return undefined;
}

// The second step splits an acronym from the word after it ("URLPath" -> "URL-Path") with a
// lookahead, so a long run of capitals costs linear time (`([A-Z]+)([A-Z][a-z])` backtracked over
// the whole run at every capital).
function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z])(?=[A-Z][a-z])/g, "$1-")
    .toLowerCase();
}
