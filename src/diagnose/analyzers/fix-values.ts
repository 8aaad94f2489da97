import { audienceFromScope, CLOUDS } from "../../knowledge/clouds.js";
import type { FixValues } from "../../knowledge/render-fix.js";
import { rolesGrantingDataAction } from "../../knowledge/roles.js";
import { type DiagnosisFacts, expectedScope } from "../diagnosis-facts.js";
import type { TokenIdentity } from "../diagnosis-report.js";
import { targetDataAction } from "../probes/probe-data-plane.js";

/**
 * The data action the probe call needs (chat completions when the request maps to none).
 *
 * @example
 * requiredDataAction(facts); // "Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action"
 */
export function requiredDataAction(facts: DiagnosisFacts): string {
  return targetDataAction(facts.target);
}

/**
 * The values every fix template may name, from what the doctor found: the endpoint forms, the
 * scope the endpoint needs, the account (ARM; the scope to assign a role on is the account, or the
 * Foundry project the endpoint names), the least-privilege role for the call, and the principal
 * of `identity`.
 *
 * @example
 * renderFix("az role assignment create --assignee-object-id {principalId} --scope {scope}", fixValues(facts, identity));
 */
export function fixValues(facts: DiagnosisFacts, identity?: TokenIdentity): FixValues {
  const values: FixValues = {
    endpoint: facts.endpoint.recommendedEndpoint ?? facts.endpoint.url ?? facts.endpoint.input,
    // What the endpoint needs, not what the app asked for (`--scope`): that is the fix.
    expectedScope: expectedScope(facts),
    apiVersion: facts.apiVersion,
  };
  const audience = facts.endpoint.audience ?? audienceFromScope(expectedScope(facts));
  if (audience !== "") values.audience = audience;
  if (facts.endpoint.host !== undefined) values.host = facts.endpoint.host;
  if (facts.deployment !== undefined) values.deployment = facts.deployment;
  const role = rolesGrantingDataAction(requiredDataAction(facts))[0];
  if (role !== undefined) values.role = role.name;
  const account = facts.arm?.account;
  const subdomain = facts.endpoint.recommendedEndpoint ?? account?.endpoint?.replace(/\/+$/, "");
  if (subdomain !== undefined && facts.classification.kind !== "regional")
    values.subdomainEndpoint = subdomain;
  if (facts.classification.kind === "regional" && account !== undefined) {
    const cloud = CLOUDS[facts.classification.cloud === "unknown" ? "public" : facts.classification.cloud];
    // Without a subdomain yet, the catalog fix adds one named after the account: that is the endpoint to use then.
    values.subdomainEndpoint =
      account.customSubDomainName !== undefined && account.endpoint !== undefined
        ? account.endpoint.replace(/\/+$/, "")
        : `https://${account.name}${cloud.openAIHostSuffixes[0]}`;
  }
  if (account !== undefined) {
    // A Foundry project's calls are authorized at the project: that is where the role goes.
    values.scope = facts.arm?.project?.id ?? account.id;
    values.resourceName = account.name;
    values.resourceGroup = account.resourceGroup;
    values.subscriptionId = account.subscriptionId;
    if (account.tenantId !== undefined) values.resourceTenant = account.tenantId;
  } else if (facts.endpoint.resourceName !== undefined) {
    values.resourceName = facts.endpoint.resourceName;
  }
  if (identity !== undefined) {
    if (identity.oid !== undefined) values.principalId = identity.oid;
    values.principalType = identity.principalType;
    if (identity.tid !== undefined) values.tokenTenant = identity.tid;
    if (identity.appid !== undefined && identity.principalType === "ServicePrincipal")
      values.clientId = identity.appid;
  }
  return values;
}
