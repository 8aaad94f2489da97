import type { CauseCode } from "../knowledge/cause.js";
import { getCause } from "../knowledge/causes.js";
import { type FixValues, renderCause, renderFix, renderFixForLanguages } from "../knowledge/render-fix.js";
import type { Finding, FindingBasis, Severity } from "./diagnosis-report.js";

/**
 * What an analyzer knows about a finding besides its code.
 *
 * @example
 * const input: FindingInput = { severity: "error", basis: "data-plane", evidence: ["401 PermissionDenied"], values: { principalId: "..." } };
 */
export interface FindingInput {
  severity: Severity;
  basis: FindingBasis;
  /** What the doctor saw; defaults to the catalog's explanation with the values filled in. */
  detail?: string;
  evidence: string[];
  /**
   * A fix template of the finding's own (placeholders filled from `values`), when the catalog's fix
   * does not fit what was seen, e.g. `endpoint.unreachable` on a machine that resolves no name.
   */
  fix?: string;
  /** Values for the catalog's templates (principal, scope, role, endpoint, tenant, ...). */
  values: FixValues;
  credential?: string;
}

// Commands a sentence may start with; their spelling is what the reader types.
const COMMANDS = new Set([
  "az",
  "azd",
  "pwsh",
  "curl",
  "nslookup",
  "keyless",
  "npm",
  "npx",
  "node",
  "unset",
  "export",
]);

/**
 * Starts a sentence with a capital letter only when its first word is a plain lower-case word
 * ("endpoint", "the"): a host (`contoso.openai.azure.com`), URL, path, variable (`AZURE_CLIENT_ID`),
 * code identifier (`getBearerTokenProvider`), account name (`contoso-openai`) or command (`az`)
 * keeps its spelling, since a reader copies it. Analyzers write their sentences capitalised (and
 * start them with a word, not a name); this only mends text that starts with a lower-case word,
 * such as the endpoint checks' messages (`endpoint "..." is a regional endpoint; ...`).
 *
 * @example
 * capitalizeSentence('endpoint "https://eastus.api.cognitive.microsoft.com" is a regional endpoint'); // 'Endpoint "https://...'
 * capitalizeSentence("contoso.openai.azure.com could not be reached"); // unchanged
 */
export function capitalizeSentence(text: string): string {
  const word = (text.split(/\s/, 1)[0] ?? "").replace(/[,;:]$/, "");
  if (!/^[a-z]+$/.test(word) || COMMANDS.has(word)) return text;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * A finding for a catalog cause code: title and fix come from the catalog, filled with real values,
 * so the doctor, `explain` and the docs say the same thing.
 *
 * @example
 * createFinding("rbac.control-plane-role-only", { severity: "error", basis: "data-plane", evidence: [], values: { principalId: "1b2c", principalType: "ServicePrincipal", scope: "/subscriptions/..." } }).fix;
 */
export function createFinding(code: CauseCode, input: FindingInput): Finding {
  const entry = getCause(code);
  const rendered = entry === undefined ? undefined : renderCause(entry, input.values);
  const finding: Finding = {
    code,
    severity: input.severity,
    basis: input.basis,
    title: rendered?.title ?? code,
    detail: capitalizeSentence(input.detail ?? rendered?.why ?? ""),
    evidence: input.evidence,
    fix: input.fix === undefined ? (rendered?.fix ?? "") : renderFix(input.fix, input.values),
  };
  if (input.fix === undefined && entry !== undefined) {
    const fixes = renderFixForLanguages(code, input.values);
    if (fixes.length > 1) finding.fixes = fixes;
  }
  if (input.credential !== undefined) finding.credential = input.credential;
  return finding;
}
