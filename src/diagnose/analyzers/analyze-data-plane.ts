import { normalizeAudience } from "../../knowledge/audience.js";
import type { CauseCode } from "../../knowledge/cause.js";
import { CLOUDS } from "../../knowledge/clouds.js";
import type { FixValues } from "../../knowledge/render-fix.js";
import { type DiagnosisFacts, observationFor, selectedCredential } from "../diagnosis-facts.js";
import type { CredentialReport, Finding } from "../diagnosis-report.js";
import { createFinding } from "../finding.js";
import type { DataPlaneObservation } from "../probe-data-plane.js";
import { fixValues } from "./fix-values.js";
import { decideRbacCause } from "./rbac-verdict.js";

const FLAT_401_CAUSES = new Set<CauseCode>([
  "token.wrong-audience",
  "token.expired",
  "key.sent-as-bearer",
  "token.in-api-key-header",
]);

/**
 * One line of evidence for a data-plane answer: who called, what, and what came back.
 *
 * @example
 * describeObservation(facts, observation); // "EnvironmentCredential: POST /openai/... -> 401 PermissionDenied: The principal ..."
 */
export function describeObservation(facts: DiagnosisFacts, observation: DataPlaneObservation): string {
  const who =
    observation.via.kind === "token" ? observation.via.credential : `API key (${observation.via.source})`;
  const scope =
    observation.via.kind === "token" && observation.via.scope !== facts.endpoint.scope
      ? ` with a token for ${observation.via.scope}`
      : "";
  const request = facts.target?.display ?? "the data plane";
  if (observation.status === undefined) {
    return `${who}${scope}: ${request} -> no answer (${observation.error ?? "unknown error"})`;
  }
  const code =
    observation.serviceCode === undefined || observation.serviceCode === String(observation.status)
      ? ""
      : ` ${observation.serviceCode}`;
  const message = observation.serviceMessage === undefined ? "" : `: ${observation.serviceMessage}`;
  const id = observation.requestId === undefined ? "" : ` [request id ${observation.requestId}]`;
  return `${who}${scope}: ${request} -> ${observation.status}${code}${message}${id}`;
}

// What proxies answer when they cannot or may not open the tunnel: refused, proxy authentication, bad gateway, unavailable, timeout.
const PROXY_STATUSES = new Set([403, 407, 502, 503, 504]);

/**
 * Whether an answer came from the proxy, not from Azure: through a proxy, a refused or failed
 * tunnel (`CONNECT`) comes back as if the host had answered. Azure's data plane marks every answer
 * with `apim-request-id` / `x-request-id` and words its errors in a way `explain()` knows; a proxy's
 * 403, 407, 502, 503 or 504 carries neither.
 *
 * @example
 * isProxyAnswer(facts, { via, status: 503, matches: [], durationMs: 4 }); // true when facts.endpoint.via is "proxy"
 */
export function isProxyAnswer(facts: DiagnosisFacts, observation: DataPlaneObservation): boolean {
  return (
    facts.endpoint.via === "proxy" &&
    observation.status !== undefined &&
    PROXY_STATUSES.has(observation.status) &&
    observation.requestId === undefined &&
    observation.matches.length === 0
  );
}

/** The proxy's message, from a JSON error or an HTML page's title (squid, corporate proxies). */
function proxySaid(observation: DataPlaneObservation): string {
  const message = observation.serviceMessage?.trim().replace(/\.+$/, "");
  if (message === undefined || message === "") return "";
  if (!message.startsWith("<")) return `: ${message}`;
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(message)?.[1]?.replace(/\s+/g, " ").trim();
  return title === undefined || title === "" ? "" : `: ${title}`;
}

/** "401", "403 ProxyHostRefused": the status, and the service's code when it says more. */
function describeStatus(observation: DataPlaneObservation): string {
  const code =
    observation.serviceCode === undefined || observation.serviceCode === String(observation.status)
      ? ""
      : ` ${observation.serviceCode}`;
  return `${observation.status ?? "no answer"}${code}`;
}

/** Tells the flat 401's three causes apart with the token's own claims. */
function refineFlat401(
  facts: DiagnosisFacts,
  credential: CredentialReport,
  fallback: CauseCode,
): [CauseCode, string[]] {
  const identity = credential.identity;
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
  const observation = observationFor(facts, credential.name);
  const serverNow = observation?.serverDate ?? facts.now;
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

function keylessCallFinding(
  facts: DiagnosisFacts,
  credential: CredentialReport,
  observation: DataPlaneObservation,
): Finding | undefined {
  const values: FixValues = fixValues(facts, credential.identity);
  const evidence = [describeObservation(facts, observation)];
  if (observation.status === undefined) {
    return createFinding("endpoint.unreachable", {
      severity: "error",
      basis: "data-plane",
      detail: `The data-plane request got no HTTP answer${facts.endpoint.via === "proxy" ? ` through the proxy ${facts.endpoint.proxy}` : ""}: ${observation.error ?? "unknown error"}.`,
      evidence,
      values,
      credential: credential.name,
    });
  }
  if (observation.status < 400) return undefined;
  if (isProxyAnswer(facts, observation)) {
    return createFinding("endpoint.unreachable", {
      severity: "error",
      basis: "data-plane",
      detail: `The proxy ${facts.endpoint.proxy} answered ${describeStatus(observation)} instead of connecting to ${facts.endpoint.host ?? facts.endpoint.input}${proxySaid(observation)}. Through a proxy, the proxy looks the host up and connects to it, so whether it exists cannot be told from this machine: check the host name, and whether the proxy may reach it.`,
      evidence,
      values,
      credential: credential.name,
    });
  }
  const top = observation.matches[0];
  let code = top?.code ?? "endpoint.not-azure";
  let detail: string | undefined;
  if (top !== undefined) Object.assign(values, { ...top.facts, ...values });
  if (
    code === "rbac.missing-data-action" ||
    code === "rbac.control-plane-role-only" ||
    code === "rbac.propagation-pending"
  ) {
    const verdict = decideRbacCause(facts, credential);
    code = verdict.code;
    detail = verdict.detail;
    evidence.push(...verdict.evidence);
    Object.assign(values, verdict.values);
  } else if (FLAT_401_CAUSES.has(code) && observation.status === 401) {
    const [refined, more] = refineFlat401(facts, credential, code);
    code = refined;
    evidence.push(...more);
  } else if (code === "token.wrong-tenant") {
    const [tenant, more] = resourceTenant(facts, credential.identity?.tid);
    if (tenant !== undefined) {
      values.resourceTenant = tenant;
      values.tenantId = tenant;
    }
    if (credential.identity?.tid !== undefined) values.tokenTenant = credential.identity.tid;
    evidence.push(`token tid: ${credential.identity?.tid ?? "(none)"}`, ...more);
    detail = `${credential.name} signs in to tenant ${credential.identity?.tid ?? "?"}, but the resource belongs to ${tenant ?? "another tenant"}.`;
  } else if (code === "resource.deployment-not-found") {
    const deployments = facts.arm?.deployments;
    if (deployments !== undefined) {
      const names = deployments
        .map((d) => `${d.name}${d.model === undefined ? "" : ` (model ${d.model})`}`)
        .join(", ");
      evidence.push(`deployments of ${facts.arm?.account?.name}: ${names || "none"}`);
      const byModel = deployments.find((d) => d.model?.toLowerCase() === facts.deployment?.toLowerCase());
      if (byModel !== undefined) {
        detail = `"${facts.deployment}" is a model name; the deployment of that model on this resource is called "${byModel.name}".`;
      }
    }
  }
  const said = `${observation.status}${observation.serviceCode === undefined || observation.serviceCode === String(observation.status) ? "" : ` ${observation.serviceCode}`}${observation.serviceMessage === undefined ? "" : `: ${observation.serviceMessage}`}`;
  return createFinding(code, {
    severity: "error",
    basis: "data-plane",
    detail: detail ?? `The keyless call (${credential.name}'s token) got ${said}`,
    evidence,
    values,
    credential: credential.name,
  });
}

/**
 * Findings from the data-plane answers: the keyless call (the chain's credential) refined with the
 * token's claims and ARM (the flat 401's three causes told apart, PermissionDenied turned into the
 * RBAC cause that explains it, the resource tenant found for a tenant mismatch); the API key
 * comparison as a warning; for a sovereign endpoint, the public scope's 401 as the trap it is.
 *
 * @example
 * analyzeDataPlane(facts).map((f) => f.code); // ["rbac.control-plane-role-only"]
 */
export function analyzeDataPlane(facts: DiagnosisFacts): Finding[] {
  const findings: Finding[] = [];
  const selected = selectedCredential(facts);
  const keyless = selected === undefined ? undefined : observationFor(facts, selected.name);
  if (selected !== undefined && keyless !== undefined) {
    const finding = keylessCallFinding(facts, selected, keyless);
    if (finding !== undefined) findings.push(finding);
  }

  for (const observation of facts.observations) {
    if (observation.via.kind !== "api-key" || observation.status === undefined || observation.status < 400)
      continue;
    const top = observation.matches[0];
    if (top === undefined) continue;
    const values: FixValues = { ...top.facts, ...fixValues(facts) };
    const keyWorks = keyless?.status !== undefined && keyless.status < 400;
    findings.push(
      createFinding(top.code, {
        severity: "warning",
        basis: "data-plane",
        detail: `The API key from ${observation.via.source} is refused (${describeStatus(observation)})${keyWorks ? ", while the keyless call works" : ""}; an app that still sends it fails this way.`,
        evidence: [describeObservation(facts, observation)],
        values,
      }),
    );
  }

  const staticToken = facts.environment.staticToken;
  const staticCall = facts.observations.find(
    (o) => o.via.kind === "token" && o.via.credential === staticToken?.variable,
  );
  if (staticToken !== undefined && staticCall?.status !== undefined && staticCall.status >= 400) {
    const exp = staticToken.identity?.exp;
    const serverNow = staticCall.serverDate ?? facts.now;
    const expired = exp !== undefined && exp * 1000 <= serverNow;
    const code = expired ? "token.expired" : (staticCall.matches[0]?.code ?? "endpoint.not-azure");
    findings.push(
      createFinding(code, {
        severity: "error",
        basis: "data-plane",
        detail: expired
          ? `${staticToken.variable} holds a token that expired at ${new Date((exp ?? 0) * 1000).toISOString()}; openai-python's AzureOpenAI sends it as is and nothing refreshes it. Pass a token provider instead (azure_ad_token_provider / azureADTokenProvider) and unset ${staticToken.variable}.`
          : `The static token in ${staticToken.variable} is refused (${staticCall.status}${staticCall.serviceCode === undefined ? "" : ` ${staticCall.serviceCode}`}).`,
        evidence: [
          describeObservation(facts, staticCall),
          ...(exp === undefined
            ? []
            : [
                `token exp: ${new Date(exp * 1000).toISOString()}; the service's clock: ${new Date(serverNow).toISOString()}`,
              ]),
        ],
        values: {
          ...staticCall.matches[0]?.facts,
          ...fixValues(facts, staticToken.identity),
          envVar: staticToken.variable,
        },
      }),
    );
  }

  // The doctor calls once per token, concurrently, so a deployment that allows one request a minute
  // refuses whichever call comes second: a 429 on any call is the resource's verdict, not the
  // credential's, and the app (which calls more than once) meets it too.
  const throttled = facts.observations.find(
    (o) => o.status === 429 && o.matches[0]?.code === "resource.rate-limited",
  );
  if (throttled !== undefined && !findings.some((f) => f.code === "resource.rate-limited")) {
    findings.push(
      createFinding("resource.rate-limited", {
        severity: "error",
        basis: "data-plane",
        detail: `The deployment is throttled: one of the doctor's few concurrent calls got 429${throttled.serviceMessage === undefined ? "" : ` (${throttled.serviceMessage})`}; an app calling at its usual rate meets it too.`,
        evidence: [describeObservation(facts, throttled)],
        values: { ...throttled.matches[0]?.facts, ...fixValues(facts, selected?.identity) },
      }),
    );
  }

  const publicScope = CLOUDS.public.cognitiveServicesScope;
  if (selected !== undefined && facts.endpoint.scope !== publicScope) {
    const comparison = facts.observations.find(
      (o) => o.via.kind === "token" && o.via.credential === selected.name && o.via.scope === publicScope,
    );
    if (comparison?.status === 401) {
      findings.push(
        createFinding("token.wrong-audience", {
          severity: "warning",
          basis: "data-plane",
          detail: `This ${facts.endpoint.cloud} endpoint expects tokens for ${facts.endpoint.scope}; a token requested with the public-cloud scope ${publicScope} (the value most samples hard-code) is refused with 401.`,
          evidence: [describeObservation(facts, comparison)],
          values: fixValues(facts, selected.identity),
          credential: selected.name,
        }),
      );
    }
  }
  return findings;
}
