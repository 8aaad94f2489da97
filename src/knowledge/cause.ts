import type { CAUSE_FAMILIES, CAUSE_STAGES, CatalogCauseCode } from "./causes.js";
import type { FixLanguage } from "./fix-language.js";

/**
 * A cause code: stable, dotted, lower-case (`rbac.control-plane-role-only`, `aadsts.7000215`).
 * Codes are data that callers compare; they are never renamed. The type is derived from the
 * catalog ({@link CAUSES}), so a misspelt code literal does not compile; a code read from outside
 * (JSON, the command line) becomes one through {@link isCauseCode}.
 *
 * @example
 * const code: CauseCode = "rbac.control-plane-role-only";
 * const sts: CauseCode = "aadsts.7000215";
 * // @ts-expect-error: not in the catalog
 * const typo: CauseCode = "rbac.control-plane-only";
 */
export type CauseCode = CatalogCauseCode | AadstsCauseCode;

/**
 * The code of a Microsoft Entra ID error: `aadsts.<number>`, for every AADSTS number, known to the
 * AADSTS table or not.
 *
 * @example
 * const code: AadstsCauseCode = "aadsts.700016";
 */
export type AadstsCauseCode = `aadsts.${number}`;

/**
 * The family of a cause code: the part before the first dot, one of {@link CAUSE_FAMILIES}.
 *
 * @example
 * const family: CauseFamily = "rbac";
 */
export type CauseFamily = (typeof CAUSE_FAMILIES)[number];

/**
 * The family a code literal starts with, computed by the compiler.
 *
 * @example
 * const family: FamilyOf<"credential.cli-timeout"> = "credential";
 */
export type FamilyOf<Code extends string> = Code extends `${infer Family extends CauseFamily}.${string}`
  ? Family
  : never;

/**
 * The step of a keyless call at which a cause stops it, one of {@link CAUSE_STAGES} (which gives
 * their order). The doctor ranks causes by it: a cause on an earlier step hides the later ones.
 *
 * @example
 * const stage: CauseStage = "authorization";
 */
export type CauseStage = (typeof CAUSE_STAGES)[number];

/**
 * The fix of a cause in each language other than JavaScript whose code differs; see {@link CauseEntry}.
 *
 * @example
 * const fixes: FixByLanguage = { python: "client = AzureOpenAI(...)" };
 */
export type FixByLanguage = Partial<Record<Exclude<FixLanguage, "js">, string>>;

/**
 * One cause as the catalog writes it: everything but the family, which comes from the code.
 * `Code` is the code's literal type, which is what {@link CauseCode} is derived from.
 *
 * @example
 * const definition: CauseDefinition<"key.auth-disabled"> = {
 *   code: "key.auth-disabled",
 *   stage: "key-vs-token",
 *   title: "Key authentication is disabled on the resource",
 *   why: "...", confirm: "...", fix: "Unset AZURE_OPENAI_API_KEY ...",
 * };
 */
export interface CauseDefinition<Code extends string = CauseCode> {
  code: Code;
  /** Where on the call path the cause stops the call. */
  stage: CauseStage;
  /** One line, the cause stated as a fact. */
  title: string;
  /** Why this happens, two or three sentences. */
  why: string;
  /** How to confirm it: commands or checks a developer can run. */
  confirm: string;
  /** The fix template: a command to run or a code line to change (JavaScript where it is code). */
  fix: string;
  /** The fix in each other language whose code differs; see {@link CauseEntry}. */
  fixByLanguage?: FixByLanguage;
  /** An example error text that this cause explains (verbatim where one is known). */
  example?: string;
}

/**
 * One entry of the cause catalog.
 *
 * `fix` is a template: `{name}` placeholders are filled from {@link Facts} or doctor context
 * (`{principalId}`, `{principalType}`, `{scope}`, `{endpoint}`, `{subdomainEndpoint}`, `{audience}`,
 * `{expectedScope}`, `{tenantId}`, `{tokenTenant}`, `{resourceTenant}`, `{dataAction}`, `{role}`,
 * `{deployment}`, `{envVar}`, `{credential}`, `{clientId}`, `{aadsts}`), and left as `<principal-id>`
 * style markers when unknown.
 *
 * `fix` is written for JavaScript / TypeScript (`@azure/identity` + `openai`). Where the fix is code
 * and another language writes it differently, `fixByLanguage` holds that language's version (a
 * complete fix, shell steps included); a language without an entry uses `fix`.
 *
 * @example
 * const cause: CauseEntry = {
 *   code: "key.auth-disabled",
 *   family: "key",
 *   stage: "key-vs-token",
 *   title: "Key authentication is disabled on the resource",
 *   why: "...", confirm: "...", fix: "Unset AZURE_OPENAI_API_KEY ...",
 *   fixByLanguage: { python: "unset AZURE_OPENAI_API_KEY\n\nclient = AzureOpenAI(...)" },
 *   example: '{"error":{"code":"AuthenticationTypeDisabled", ...}}',
 * };
 */
export interface CauseEntry extends CauseDefinition<CauseCode> {
  /** The part of `code` before the first dot. */
  family: CauseFamily;
}
