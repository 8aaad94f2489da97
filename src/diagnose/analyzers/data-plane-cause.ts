import { normalizeAudience } from "../../knowledge/audience.js";
import type { CauseCode } from "../../knowledge/cause.js";
import type { FixValues } from "../../knowledge/render-fix.js";
import { type DiagnosisFacts, expectedScope } from "../diagnosis-facts.js";
import type { CredentialReport, TokenIdentity } from "../diagnosis-report.js";
import type { DataPlaneObservation } from "../probes/probe-data-plane.js";
import { fixValues } from "./fix-values.js";
import { decideRbacCause } from "./rbac-verdict.js";

/**
 * What one data-plane answer means, decided once for the analyzers, the ranking and the report:
 *
 * - `works`: a status below 400 with the service's answer (an HTML page instead is `refused`,
 *   `network.html-instead-of-json`);
 * - `no-answer`: no HTTP answer (DNS, connection, TLS, timeout), `endpoint.unreachable`;
 * - `proxy`: the proxy answered for the host (a refused or failed tunnel), `endpoint.unreachable`;
 *   the endpoint itself did not answer;
 * - `refused`: the service refused the call; `code` is the cause, refined with the token's claims
 *   and ARM, with the `detail`, `evidence` and fix `values` that show it. `recognized` is false when
 *   the body matched no catalog text (`code` is then `endpoint.not-azure`).
 *
 * @example
 * const cause: DataPlaneCause = { answer: "refused", code: "rbac.control-plane-role-only", recognized: true, evidence: [], values: {} };
 */
export type DataPlaneCause =
  | { answer: "works" }
  | { answer: "no-answer"; code: "endpoint.unreachable" }
  | { answer: "proxy"; code: "endpoint.unreachable" }
  | {
      answer: "refused";
      code: CauseCode;
      recognized: boolean;
      /** A sentence of its own, when the refinement says more than the service did. */
      detail?: string;
      /** What the refinement read besides the answer (claims, role assignments, deployments). */
      evidence: string[];
      values: FixValues;
    };

// What proxies answer when they cannot or may not open the tunnel: refused, proxy authentication, bad gateway, unavailable, timeout.
const PROXY_STATUSES = new Set([403, 407, 502, 503, 504]);

const RBAC_REFINED = new Set<CauseCode>([
  "rbac.missing-data-action",
  "rbac.control-plane-role-only",
  "rbac.propagation-pending",
]);

const FLAT_401_CAUSES = new Set<CauseCode>([
  "token.wrong-audience",
  "token.expired",
  "key.sent-as-bearer",
  "token.in-api-key-header",
]);

/**
 * How sure `explain()` must be that a body is Azure's own wording. A proxy's page reads as a weak
 * guess from its status at most (a bare 403 scores about 0.3 for the firewall); Azure's refusals
 * score 0.9 and more.
 */
const AZURE_WORDING_CONFIDENCE = 0.5;

/**
 * Whether an answer came from the proxy, not from Azure: through a proxy, a refused or failed
 * tunnel (`CONNECT`) comes back as if the host had answered. Azure's data plane marks every answer
 * with `apim-request-id` / `x-request-id` and words its errors in a way `explain()` knows; a proxy's
 * 403, 407, 502, 503 or 504 carries neither (what `explain()` guesses from a bare status alone,
 * below {@link AZURE_WORDING_CONFIDENCE}, is no Azure wording).
 *
 * @example
 * isProxyAnswer(facts, { via, status: 503, matches: [], durationMs: 4 }); // true when facts.endpoint.via is "proxy"
 */
export function isProxyAnswer(
  facts: Pick<DiagnosisFacts, "endpoint">,
  observation: DataPlaneObservation,
): boolean {
  return (
    facts.endpoint.via === "proxy" &&
    observation.status !== undefined &&
    PROXY_STATUSES.has(observation.status) &&
    observation.requestId === undefined &&
    !observation.matches.some((m) => m.confidence >= AZURE_WORDING_CONFIDENCE)
  );
}

/** Tells the flat 401's three causes apart with the token's own claims. */
function refineFlat401(
  facts: DiagnosisFacts,
  identity: TokenIdentity | undefined,
  observation: DataPlaneObservation,
  fallback: CauseCode,
): [CauseCode, string[]] {
  if (identity === undefined) return ["key.sent-as-bearer", ["the bearer value is not a JWT"]];
  const accepted = facts.classification.acceptedAudiences.map(normalizeAudience);
  if (
    identity.aud !== undefined &&
    accepted.length > 0 &&
    !accepted.includes(normalizeAudience(identity.aud))
  ) {
    return [
      "token.wrong-audience",
      [
        `token aud: ${identity.aud}; the endpoint accepts ${facts.classification.acceptedAudiences.join(", ")}`,
      ],
    ];
  }
  const serverNow = observation.serverDate ?? facts.now;
  if (identity.exp !== undefined && identity.exp * 1000 <= serverNow) {
    return [
      "token.expired",
      [
        `token exp: ${new Date(identity.exp * 1000).toISOString()}; the service's clock: ${new Date(serverNow).toISOString()}`,
      ],
    ];
  }
  if (identity.nbf !== undefined && identity.nbf * 1000 > serverNow + 300_000) {
    return [
      "token.expired",
      [
        `token nbf: ${new Date(identity.nbf * 1000).toISOString()} is in the future for the service (${new Date(serverNow).toISOString()})`,
      ],
    ];
  }
  return [
    fallback,
    [
      `token aud ${identity.aud ?? "(none)"} and exp ${identity.exp === undefined ? "(none)" : new Date(identity.exp * 1000).toISOString()} look right`,
    ],
  ];
}

/** The endpoint in words: "Foundry project endpoint", "openai endpoint". */
function describeKind(facts: DiagnosisFacts): string {
  switch (facts.classification.kind) {
    case "foundry-project":
      return "Foundry project endpoint";
    case "ai-services-models":
      return "Azure AI model inference endpoint";
    default:
      return `${facts.classification.kind} endpoint`;
  }
}

/** The resource's tenant, for the wrong-tenant fix: from ARM, else the principal's other tenants, else AZURE_TENANT_ID. */
function resourceTenant(
  facts: DiagnosisFacts,
  tokenTenant: string | undefined,
): [string | undefined, string[]] {
  const account = facts.arm?.account;
  if (account?.tenantId !== undefined)
    return [account.tenantId, [`the account's subscription belongs to tenant ${account.tenantId}`]];
  const others = (facts.arm?.tenants ?? []).filter((t) => t.toLowerCase() !== tokenTenant?.toLowerCase());
  if (others.length === 1 && others[0] !== undefined) {
    return [others[0], [`the signed-in principal also belongs to tenant ${others[0]} (ARM /tenants)`]];
  }
  const configured = facts.environment.variables.find((v) => v.name === "AZURE_TENANT_ID")?.value;
  if (configured !== undefined && configured.toLowerCase() !== tokenTenant?.toLowerCase()) {
    return [configured, [`AZURE_TENANT_ID names tenant ${configured}`]];
  }
  return [undefined, others.length > 1 ? [`the principal belongs to tenants ${others.join(", ")}`] : []];
}

/** A refusal of a credential's token for the endpoint's scope, refined with its claims and ARM. */
function refineCredentialRefusal(
  facts: DiagnosisFacts,
  credential: CredentialReport,
  observation: DataPlaneObservation,
  code: CauseCode,
  values: FixValues,
): Omit<Extract<DataPlaneCause, { answer: "refused" }>, "answer" | "recognized"> {
  const evidence: string[] = [];
  if (RBAC_REFINED.has(code)) {
    const verdict = decideRbacCause(facts, credential);
    return {
      code: verdict.code,
      detail: verdict.detail,
      evidence: verdict.evidence,
      values: { ...values, ...verdict.values },
    };
  }
  if (FLAT_401_CAUSES.has(code) && observation.status === 401) {
    const [refined, more] = refineFlat401(facts, credential.identity, observation, code);
    const wanted = expectedScope(facts);
    if (
      refined === "token.wrong-audience" &&
      observation.via.kind === "token" &&
      observation.via.scope !== wanted
    ) {
      // Told the app's scope (`scope` option): the verdict is about what the app requests.
      const accepted = facts.classification.acceptedAudiences.join(" or ");
      return {
        code: refined,
        detail: `The app requests its tokens for ${observation.via.scope}; ${credential.name}'s token for it has aud ${credential.identity?.aud ?? "(none)"}, and this ${describeKind(facts)} accepts only ${accepted}, so it answers the flat 401. Request ${wanted} instead.`,
        evidence: [
          `requested scope: ${observation.via.scope} (the app's); the endpoint's: ${wanted}`,
          ...more,
        ],
        values,
      };
    }
    return { code: refined, evidence: more, values };
  }
  if (code === "token.wrong-tenant") {
    const tid = credential.identity?.tid;
    const [tenant, more] = resourceTenant(facts, tid);
    return {
      code,
      detail: `${credential.name} signs in to tenant ${tid ?? "?"}, but the resource belongs to ${tenant ?? "another tenant"}.`,
      evidence: [`token tid: ${tid ?? "(none)"}`, ...more],
      values: {
        ...values,
        ...(tenant === undefined ? {} : { resourceTenant: tenant, tenantId: tenant }),
        ...(tid === undefined ? {} : { tokenTenant: tid }),
      },
    };
  }
  if (code === "resource.deployment-not-found" && facts.arm?.deployments !== undefined) {
    const deployments = facts.arm.deployments;
    const names = deployments
      .map((d) => `${d.name}${d.model === undefined ? "" : ` (model ${d.model})`}`)
      .join(", ");
    evidence.push(`deployments of ${facts.arm.account?.name}: ${names || "none"}`);
    const byModel = deployments.find((d) => d.model?.toLowerCase() === facts.deployment?.toLowerCase());
    return {
      code,
      ...(byModel === undefined
        ? {}
        : {
            detail: `"${facts.deployment}" is a model name; the deployment of that model on this resource is called "${byModel.name}".`,
          }),
      evidence,
      values,
    };
  }
  return { code, evidence, values };
}

/**
 * Decides what one data-plane answer means: the only place the doctor turns an answer into a
 * cause. The probe records what the body says (`matches`, `explain()`'s reading, best first); this
 * reads the answer as a whole: no answer, the proxy's own answer, success, or a refusal whose cause
 * is the body's, refined for a credential's token with its claims and ARM (the flat 401's causes
 * told apart, `PermissionDenied` turned into the RBAC cause that explains it, the resource's tenant
 * found for a tenant mismatch, the deployment list for a missing deployment). A static token
 * (`AZURE_OPENAI_AD_TOKEN`) past its `exp` is `token.expired` whatever the body says; a
 * comparison token asked for another scope than the keyless call's (the public scope, on a
 * sovereign endpoint) refused with 401 is `token.wrong-audience`. The keyless call is made with
 * the app's scope when the doctor was told it: a flat 401 whose token's `aud` the endpoint does not
 * accept is then the app's `token.wrong-audience`, with the endpoint's scope as the fix.
 *
 * @example
 * const cause = decideDataPlaneCause(facts, observationFor(facts, "EnvironmentCredential")!);
 * cause.answer === "refused" && cause.code; // "rbac.control-plane-role-only"
 */
export function decideDataPlaneCause(
  facts: DiagnosisFacts,
  observation: DataPlaneObservation,
): DataPlaneCause {
  if (observation.status === undefined) return { answer: "no-answer", code: "endpoint.unreachable" };
  if (isProxyAnswer(facts, observation)) return { answer: "proxy", code: "endpoint.unreachable" };
  if (observation.status < 400 && observation.htmlPage !== undefined) {
    const { title } = observation.htmlPage;
    return {
      answer: "refused",
      code: "network.html-instead-of-json",
      recognized: true,
      detail: `The call answered ${observation.status} with an HTML page${title === undefined ? "" : ` ("${title}")`}, not Azure OpenAI's JSON: something between this machine and the endpoint (a captive portal, a block page, a web app at that name) answers in its place, and the SDKs fail parsing it.`,
      evidence: [],
      values: fixValues(facts),
    };
  }
  if (observation.status < 400) return { answer: "works" };
  if (observation.status >= 500 && observation.matches[0]?.code !== "resource.service-error") {
    // A 5xx from the data plane itself (not a proxy's, handled above) is the service failing
    // after authentication; its body may be any text, so it is not read as "not Azure".
    return {
      answer: "refused",
      code: "resource.service-error",
      recognized: true,
      detail: `The call answered ${observation.status}${observation.serviceMessage === undefined ? "" : ` (${observation.serviceMessage.replace(/[.\s]+$/, "")})`}: the service failed after accepting the credentials (401 and 403 come first). Retry; if it persists, open an Azure support request with the request ID.`,
      evidence: observation.requestId === undefined ? [] : [`request ID ${observation.requestId}`],
      values: fixValues(facts),
    };
  }
  const top = observation.matches[0];
  const code = top?.code ?? "endpoint.not-azure";
  const recognized = top !== undefined;
  const via = observation.via;
  if (via.kind === "api-key") {
    return {
      answer: "refused",
      code,
      recognized,
      evidence: [],
      values: { ...top?.facts, ...fixValues(facts) },
    };
  }
  const staticToken = facts.environment.staticToken;
  if (staticToken !== undefined && via.credential === staticToken.variable) {
    const exp = staticToken.identity?.exp;
    const serverNow = observation.serverDate ?? facts.now;
    const expired = exp !== undefined && exp * 1000 <= serverNow;
    return {
      answer: "refused",
      code: expired ? "token.expired" : code,
      recognized: expired || recognized,
      ...(expired
        ? {
            detail: `${staticToken.variable} holds a token that expired at ${new Date(exp * 1000).toISOString()}; openai-python's AzureOpenAI sends it as is and nothing refreshes it. Pass a token provider instead (azure_ad_token_provider / azureADTokenProvider) and unset ${staticToken.variable}.`,
          }
        : {}),
      evidence:
        exp === undefined
          ? []
          : [
              `token exp: ${new Date(exp * 1000).toISOString()}; the service's clock: ${new Date(serverNow).toISOString()}`,
            ],
      values: { ...top?.facts, ...fixValues(facts, staticToken.identity), envVar: staticToken.variable },
    };
  }
  const credential = facts.credentials.find((c) => c.name === via.credential);
  if (via.scope !== facts.endpoint.scope) {
    const wrongAudience = observation.status === 401;
    return {
      answer: "refused",
      code: wrongAudience ? "token.wrong-audience" : code,
      recognized: wrongAudience || recognized,
      evidence: [],
      values: fixValues(facts, credential?.identity),
    };
  }
  const values: FixValues = { ...top?.facts, ...fixValues(facts, credential?.identity) };
  if (credential === undefined) return { answer: "refused", code, recognized, evidence: [], values };
  return {
    answer: "refused",
    recognized,
    ...refineCredentialRefusal(facts, credential, observation, code, values),
  };
}
