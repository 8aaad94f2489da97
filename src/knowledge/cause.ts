import type { FixLanguage } from "./fix-language.js";

/**
 * A cause code: stable, dotted, lower-case (`rbac.control-plane-role-only`, `aadsts.7000215`).
 * Codes are data that callers compare; they are never renamed.
 */
export type CauseCode = string;

/** The family is the part of a cause code before the first dot. */
export type CauseFamily =
  | "endpoint"
  | "token"
  | "key"
  | "rbac"
  | "network"
  | "resource"
  | "gateway"
  | "credential"
  | "aadsts"
  | "client";

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
 *   title: "Key authentication is disabled on the resource",
 *   why: "...", confirm: "...", fix: "Unset AZURE_OPENAI_API_KEY ...",
 *   fixByLanguage: { python: "unset AZURE_OPENAI_API_KEY\n\nclient = AzureOpenAI(...)" },
 *   example: '{"error":{"code":"AuthenticationTypeDisabled", ...}}',
 * };
 */
export interface CauseEntry {
  code: CauseCode;
  family: CauseFamily;
  /** One line, the cause stated as a fact. */
  title: string;
  /** Why this happens, two or three sentences. */
  why: string;
  /** How to confirm it: commands or checks a developer can run. */
  confirm: string;
  /** The fix template: a command to run or a code line to change (JavaScript where it is code). */
  fix: string;
  /** The fix in each other language whose code differs; see {@link CauseEntry}. */
  fixByLanguage?: Partial<Record<Exclude<FixLanguage, "js">, string>>;
  /** An example error text that this cause explains (verbatim where one is known). */
  example?: string;
}
