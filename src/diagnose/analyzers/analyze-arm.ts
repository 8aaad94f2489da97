import type { CauseCode } from "../../knowledge/cause.js";
import { type DiagnosisFacts, observationFor, selectedCredential } from "../diagnosis-facts.js";
import type { Finding } from "../diagnosis-report.js";
import { createFinding } from "../finding.js";
import { decideDataPlaneCause } from "./data-plane-cause.js";
import { fixValues } from "./fix-values.js";
import { decideRbacCause } from "./rbac-verdict.js";

const RBAC_CODES = new Set<CauseCode>([
  "rbac.missing-data-action",
  "rbac.control-plane-role-only",
  "rbac.wrong-scope",
  "rbac.propagation-pending",
  "rbac.other-principal",
  "credential.env-unexpected-identity",
]);

/**
 * Findings read from Azure Resource Manager that the data plane did not (or could not) show: the
 * RBAC cause a call would meet once an earlier problem is fixed (e.g. behind a regional endpoint),
 * a token from another tenant than the account's, a deployment that does not exist (or is a model
 * name), key authentication disabled while a key is configured, and network rules that shut this
 * caller out. Nothing is reported about steps the keyless call already passed.
 *
 * @example
 * analyzeArm(facts).map((f) => f.code); // ["rbac.control-plane-role-only"]
 */
export function analyzeArm(facts: DiagnosisFacts): Finding[] {
  const arm = facts.arm;
  const account = arm?.account;
  if (arm === undefined || account === undefined) return [];
  const findings: Finding[] = [];
  const selected = selectedCredential(facts);
  const keyless = selected === undefined ? undefined : observationFor(facts, selected.name);
  const cause = keyless === undefined ? undefined : decideDataPlaneCause(facts, keyless);
  if (cause?.answer === "works") return findings;
  // What the data plane showed, as decided once for every analyzer; a proxy's refusal shows nothing.
  const keylessCodes = new Set<CauseCode>(
    cause?.answer === "refused" && cause.recognized ? [cause.code] : [],
  );
  const answered = cause?.answer === "refused";
  const values = fixValues(facts, selected?.identity);
  const accountLine = `account ${account.name} (${account.id}), found by ${account.matchedBy}`;

  const tid = selected?.identity?.tid;
  if (
    tid !== undefined &&
    account.tenantId !== undefined &&
    tid.toLowerCase() !== account.tenantId.toLowerCase() &&
    !keylessCodes.has("token.wrong-tenant")
  ) {
    findings.push(
      createFinding("token.wrong-tenant", {
        severity: "error",
        basis: "arm",
        detail: `${selected?.name} signs in to tenant ${tid}, but ${account.name} belongs to tenant ${account.tenantId}.`,
        evidence: [accountLine, `token tid: ${tid}`],
        values: { ...values, tokenTenant: tid, resourceTenant: account.tenantId, tenantId: account.tenantId },
        ...(selected === undefined ? {} : { credential: selected.name }),
      }),
    );
  }

  const rbacObserved = [...keylessCodes].some((c) => RBAC_CODES.has(c));
  if (selected !== undefined && !rbacObserved && arm.roleAssignments !== undefined) {
    const verdict = decideRbacCause(facts, selected);
    const granted = (arm.roleAssignments ?? []).some(
      (a) => a.coversAccount && a.grantsDataAction && (a.ageMinutes === undefined || a.ageMinutes >= 5),
    );
    if (!granted) {
      findings.push(
        createFinding(verdict.code, {
          severity: "error",
          basis: "arm",
          detail: `${verdict.detail} The data plane has not shown this yet${keyless?.status !== undefined ? ` (it stopped the call earlier with ${keyless.status})` : ""}; it will once the earlier problem is fixed.`,
          evidence: [accountLine, ...verdict.evidence],
          values: { ...values, ...verdict.values },
          credential: selected.name,
        }),
      );
    }
  }

  if (facts.deployment !== undefined && arm.deployments !== undefined) {
    const wanted = facts.deployment.toLowerCase();
    if (!arm.deployments.some((d) => d.name.toLowerCase() === wanted)) {
      const byModel = arm.deployments.find((d) => d.model?.toLowerCase() === wanted);
      findings.push(
        createFinding("resource.deployment-not-found", {
          severity: "error",
          basis: "arm",
          detail:
            byModel === undefined
              ? `Account ${account.name} has no deployment named "${facts.deployment}".`
              : `"${facts.deployment}" is a model name; the deployment of that model on ${account.name} is called "${byModel.name}".`,
          evidence: [
            `deployments of ${account.name}: ${arm.deployments.map((d) => `${d.name}${d.model === undefined ? "" : ` (model ${d.model})`}`).join(", ") || "none"}`,
          ],
          values,
        }),
      );
    }
  }

  const apiKey = facts.observations.some((o) => o.via.kind === "api-key") || facts.environment.apiKeyVariable;
  if (account.disableLocalAuth === true && apiKey) {
    findings.push(
      createFinding("key.auth-disabled", {
        severity: "warning",
        basis: "arm",
        detail: `Account ${account.name} has disableLocalAuth=true: it accepts only Entra ID tokens, and an app that sends the configured API key gets 403 AuthenticationTypeDisabled.`,
        evidence: [accountLine, "properties.disableLocalAuth: true"],
        values,
      }),
    );
  }

  if (!answered) {
    if (account.publicNetworkAccess?.toLowerCase() === "disabled") {
      findings.push(
        createFinding("network.public-access-disabled", {
          severity: "warning",
          basis: "arm",
          detail: `Account ${account.name} has public network access disabled; only private endpoints reach it.`,
          evidence: [accountLine, "properties.publicNetworkAccess: Disabled"],
          values,
        }),
      );
    } else if (account.networkDefaultAction?.toLowerCase() === "deny") {
      findings.push(
        createFinding("network.firewall", {
          severity: "warning",
          basis: "arm",
          detail: `The network rules of account ${account.name} deny by default and allow only ${account.ipRules?.join(", ") || "no IP range"}${account.virtualNetworkRules ? ` and ${account.virtualNetworkRules} virtual network rule(s)` : ""}.`,
          evidence: [
            accountLine,
            `properties.networkAcls.defaultAction: Deny; ipRules: ${account.ipRules?.join(", ") || "none"}`,
          ],
          values,
        }),
      );
    }
  }
  return findings;
}
