import { getCause } from "../knowledge/causes.js";
import { type FixValues, renderCause } from "../knowledge/render-fix.js";
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
  /** Values for the catalog's templates (principal, scope, role, endpoint, tenant, ...). */
  values: FixValues;
  credential?: string;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * A finding for a catalog cause code: title and fix come from the catalog, filled with real values,
 * so the doctor, `explain` and the docs say the same thing.
 *
 * @example
 * createFinding("rbac.control-plane-role-only", { severity: "error", basis: "data-plane", evidence: [], values: { principalId: "1b2c", principalType: "ServicePrincipal", scope: "/subscriptions/..." } }).fix;
 */
export function createFinding(code: string, input: FindingInput): Finding {
  const entry = getCause(code);
  const rendered = entry === undefined ? undefined : renderCause(entry, input.values);
  const finding: Finding = {
    code,
    severity: input.severity,
    basis: input.basis,
    title: rendered?.title ?? code,
    detail: capitalize(input.detail ?? rendered?.why ?? ""),
    evidence: input.evidence,
    fix: rendered?.fix ?? "",
  };
  if (input.credential !== undefined) finding.credential = input.credential;
  return finding;
}
