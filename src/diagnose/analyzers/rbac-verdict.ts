import type { CauseCode } from "../../knowledge/cause.js";
import type { FixValues } from "../../knowledge/render-fix.js";
import { type DiagnosisFacts, observationFor } from "../diagnosis-facts.js";
import type { CredentialReport, RoleAssignmentReport } from "../diagnosis-report.js";
import { describeIdentity } from "../token-identity.js";
import { requiredDataAction } from "./fix-values.js";

/**
 * Which RBAC cause explains a principal's missing data action, with what shows it.
 *
 * @example
 * const verdict: RbacVerdict = { code: "rbac.wrong-scope", detail: "...", evidence: ["..."], values: {} };
 */
export interface RbacVerdict {
  code: CauseCode;
  detail: string;
  evidence: string[];
  /** Values that differ from the defaults (e.g. another principal for rbac.other-principal). */
  values: Partial<FixValues>;
}

/** Azure's documented propagation window for role assignments. */
export const PROPAGATION_MINUTES = 5;

/**
 * A scope in words relative to the account: "the account", "resource group rg", "subscription id",
 * or the scope itself (another account, a Foundry project).
 *
 * @example
 * describeScope("/subscriptions/s/resourceGroups/rg", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/a");
 * // "resource group rg"
 */
export function describeScope(scope: string, accountId: string | undefined): string {
  const s = scope.replace(/\/+$/, "");
  if (accountId !== undefined && s.toLowerCase() === accountId.toLowerCase()) return "the account";
  const group = /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)$/i.exec(s)?.[1];
  if (group !== undefined) return `resource group ${group}`;
  const subscription = /^\/subscriptions\/([^/]+)$/i.exec(s)?.[1];
  if (subscription !== undefined) return `subscription ${subscription}`;
  const resource =
    /\/providers\/Microsoft\.CognitiveServices\/accounts\/([^/]+)(?:\/projects\/([^/]+))?$/i.exec(s);
  if (resource?.[1] !== undefined) {
    const where =
      resource[2] === undefined
        ? `account ${resource[1]}`
        : `project ${resource[2]} of account ${resource[1]}`;
    const group = /\/resourceGroups\/([^/]+)\//i.exec(s)?.[1];
    return group === undefined ? where : `${where} (resource group ${group})`;
  }
  if (s === "") return "the root scope /";
  return s;
}

function age(minutes: number): string {
  return minutes < 10 ? `${minutes} min` : `${Math.round(minutes)} min`;
}

function describeAssignment(a: RoleAssignmentReport, accountId?: string): string {
  const created = a.ageMinutes === undefined ? "" : `, created ${age(a.ageMinutes)} ago`;
  const group = a.viaGroup ? ` (through group ${a.principalId})` : "";
  return `${a.role} on ${describeScope(a.scope, accountId)}${group}${created}`;
}

/**
 * How the key compares with the token, for a principal whose roles manage the account but grant no
 * data action. The key is said to work only when the doctor's API-key call got a 2xx; untried, an
 * API key would work unless the account disables local authentication. The token's 401 is said to
 * have happened only when the data plane answered it.
 */
function keyVersusToken(facts: DiagnosisFacts, credential: CredentialReport, dataAction: string): string {
  const seen = observationFor(facts, credential.name)?.status === 401;
  const token = seen
    ? `the token gets 401 PermissionDenied for ${dataAction}`
    : `a token is refused ${dataAction} (401 PermissionDenied)`;
  const key = facts.observations.find((o) => o.via.kind === "api-key");
  if (key?.via.kind === "api-key" && key.status !== undefined && key.status >= 200 && key.status < 300) {
    return `so the API key from ${key.via.source} works (${key.status}) while ${token}.`;
  }
  if (key === undefined && facts.arm?.account?.disableLocalAuth !== true) {
    return `so ${token}; an API key would still work (keys are not checked against roles).`;
  }
  return `so ${token}.`;
}

/** Other credentials of this machine whose token works on the same call. */
function workingOthers(facts: DiagnosisFacts, credential: CredentialReport): CredentialReport[] {
  return facts.credentials.filter((c) => {
    const status = c.name === credential.name ? undefined : observationFor(facts, c.name)?.status;
    return status !== undefined && status >= 200 && status < 300;
  });
}

/**
 * Decides why a principal lacks the data action the call needs, from ARM's role assignments and the
 * other credentials' results, in this order (the first that applies wins):
 *
 * 1. a granting role covers the account but is younger than 5 minutes: `rbac.propagation-pending`;
 * 2. a role that manages the account (Owner, Contributor, Cognitive Services Contributor) covers it:
 *    `rbac.control-plane-role-only`;
 * 3. a granting role sits on another scope (another account, a Foundry project while the call is
 *    on the account, another project of the account): `rbac.wrong-scope`;
 * 4. a data role without this action covers it: `rbac.missing-data-action`;
 * 5. another credential here makes the same call work: `credential.env-unexpected-identity` when the
 *    chain picked the service principal from the environment, else `rbac.other-principal`;
 * 6. other principals hold a granting role on the account: `rbac.other-principal`;
 * 7. only roles without data actions (Reader): `rbac.control-plane-role-only`;
 * 8. nothing: `rbac.missing-data-action`.
 *
 * @example
 * decideRbacCause(facts, selectedCredential(facts)!).code; // "rbac.control-plane-role-only"
 */
export function decideRbacCause(facts: DiagnosisFacts, credential: CredentialReport): RbacVerdict {
  const dataAction = requiredDataAction(facts);
  const identity = credential.identity;
  const who =
    identity === undefined
      ? credential.name
      : `the ${credential.name} principal ${describeIdentity(identity)}`;
  // The same words at the start of a sentence.
  const subject = who.charAt(0).toUpperCase() + who.slice(1);
  const arm = facts.arm;
  const armKnown =
    arm?.roleAssignments !== undefined &&
    identity?.oid !== undefined &&
    arm.principalId?.toLowerCase() === identity.oid.toLowerCase();
  const mine = armKnown ? (arm?.roleAssignments ?? []) : [];
  const covering = mine.filter((a) => a.coversAccount);
  const granting = covering.filter((a) => a.grantsDataAction);
  const accountId = arm?.account?.id;
  // The resource the call is on: the account, or the Foundry project under it that the endpoint names.
  const project = arm?.project;
  const accountName = arm?.account === undefined ? "the account" : `account ${arm.account.name}`;
  const account = project === undefined ? accountName : `project ${project.name} of ${accountName}`;
  const listed =
    covering.length === 0 ? "no role" : covering.map((a) => describeAssignment(a, accountId)).join("; ");
  const base = armKnown ? [`role assignments of ${who} covering ${account}: ${listed}`] : [];

  const young = granting.filter((a) => a.ageMinutes !== undefined && a.ageMinutes < PROPAGATION_MINUTES);
  if (young.length > 0) {
    return {
      code: "rbac.propagation-pending",
      detail: `${subject} holds ${young.map((a) => describeAssignment(a, accountId)).join("; ")}, which grants ${dataAction}, but role assignments take up to ${PROPAGATION_MINUTES} minutes to reach the data plane.`,
      evidence: base,
      values: {},
    };
  }
  if (granting.length > 0) {
    return {
      code: "rbac.missing-data-action",
      detail: `ARM lists ${granting.map((a) => describeAssignment(a, accountId)).join("; ")} for ${who}, which grants ${dataAction}, yet the service denied it: look for a deny assignment, a condition on the assignment, or a token issued before the role was added.`,
      evidence: base,
      values: {},
    };
  }
  const managing = covering.filter((a) => a.controlPlaneOnly);
  if (managing.length > 0) {
    return {
      code: "rbac.control-plane-role-only",
      detail: `${subject} holds ${managing.map((a) => describeAssignment(a, accountId)).join("; ")}: control-plane roles that can manage ${accountName} and list its keys, but grant no data action, ${keyVersusToken(facts, credential, dataAction)}`,
      evidence: base,
      values: {},
    };
  }
  const elsewhere = mine.filter((a) => !a.coversAccount && a.grantsDataAction);
  if (elsewhere.length > 0) {
    return {
      code: "rbac.wrong-scope",
      detail: `${subject} holds ${elsewhere.map((a) => describeAssignment(a, accountId)).join("; ")}, which does not contain ${account}; a role applies only to its scope and what is below it${project === undefined ? "" : " (a role on the account covers its projects, one on a project covers only that project)"}.`,
      evidence: [
        ...base,
        ...elsewhere.map((a) => `granting role on another scope: ${describeAssignment(a, accountId)}`),
      ],
      values: {},
    };
  }
  const otherDataRoles = covering.filter((a) => !a.noDataActions);
  if (otherDataRoles.length > 0) {
    return {
      code: "rbac.missing-data-action",
      detail: `${subject} holds ${otherDataRoles.map((a) => describeAssignment(a, accountId)).join("; ")}, whose data actions do not include ${dataAction}.`,
      evidence: base,
      values: {},
    };
  }
  const working = workingOthers(facts, credential);
  if (working.length > 0) {
    // The Azure CLI and azd often sign in the same user: name each identity once.
    const byIdentity = new Map<string, string[]>();
    for (const c of working) {
      const key = c.identity === undefined ? c.name : describeIdentity(c.identity);
      byIdentity.set(key, [...(byIdentity.get(key) ?? []), c.name]);
    }
    const names = [...byIdentity.entries()]
      .map(([identity, creds]) => `${creds.join(" and ")} (${identity})`)
      .join(", ");
    const evidence = [
      ...base,
      ...working.map((c) => `${c.name}: the same call answers ${observationFor(facts, c.name)?.status}`),
    ];
    const principal =
      identity === undefined ? "its principal" : `its principal, ${describeIdentity(identity)},`;
    if (credential.name === "EnvironmentCredential") {
      return {
        code: "credential.env-unexpected-identity",
        detail: `DefaultAzureCredential uses EnvironmentCredential because AZURE_CLIENT_ID and its secret are set; ${principal} has no role for ${dataAction}, while ${names} on this machine can make the call.`,
        evidence,
        values: {},
      };
    }
    return {
      code: "rbac.other-principal",
      detail: `DefaultAzureCredential uses ${credential.name}; ${principal} has no role for ${dataAction}, while ${names} on this machine can make the call.`,
      evidence,
      values: {},
    };
  }
  const holders = armKnown ? (arm?.otherPrincipalsWithRole ?? []) : [];
  if (holders.length > 0) {
    return {
      code: "rbac.other-principal",
      detail: `${subject} has no role for ${dataAction} on ${account}, but ${holders
        .map((a) => `${a.principalType ?? "principal"} ${a.principalId} (${a.role})`)
        .join(
          ", ",
        )} ${holders.length === 1 ? "does" : "do"}: the token belongs to another principal than the one that was granted the role.`,
      evidence: [
        ...base,
        ...holders.map(
          (a) =>
            `holds the role: ${a.principalType ?? "principal"} ${a.principalId}, ${describeAssignment(a, accountId)}`,
        ),
      ],
      values: {},
    };
  }
  if (covering.length > 0) {
    return {
      code: "rbac.control-plane-role-only",
      detail: `${subject} holds only ${listed}, which grants no data action; the call needs ${dataAction}.`,
      evidence: base,
      values: {},
    };
  }
  const unknown = armKnown
    ? []
    : [`role assignments could not be read from ARM${arm?.reason ? `: ${arm.reason}` : ""}`];
  return {
    code: "rbac.missing-data-action",
    detail: armKnown
      ? `${subject} holds no role that grants ${dataAction} on ${account}.`
      : `${subject} was refused ${dataAction}, and its role assignments could not be read from ARM to tell which RBAC cause it is; the grant below is the fix for a missing role.`,
    evidence: [...base, ...unknown],
    values: {},
  };
}
