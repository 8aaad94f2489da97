import { describe, expect, it } from "vitest";
import { analyzeArm } from "../../src/diagnose/analyzers/analyze-arm.js";
import { analyzeDataPlane } from "../../src/diagnose/analyzers/analyze-data-plane.js";
import { analyzeEndpoint, dnsVerdict } from "../../src/diagnose/analyzers/analyze-endpoint.js";
import { explainsSymptom } from "../../src/diagnose/call-path.js";
import type { DiagnosisFacts } from "../../src/diagnose/diagnosis-facts.js";
import type { Finding } from "../../src/diagnose/diagnosis-report.js";
import { capitalizeSentence } from "../../src/diagnose/finding.js";
import type { DataPlaneObservation } from "../../src/diagnose/probes/probe-data-plane.js";
import { type HostResolver, probeEndpoint } from "../../src/diagnose/probes/probe-endpoint.js";
import { rankFindings } from "../../src/diagnose/rank-findings.js";
import type { CauseCode } from "../../src/knowledge/cause.js";
import {
  accountFacts,
  appIdentity,
  armReport,
  assignment,
  buildFacts,
  credential,
  observation,
  PERMISSION_DENIED,
} from "./fixtures/facts.js";

// The smaller items of issue 8's "Why" list that the analyzers and the ranking own, each named after
// the case it reproduces. The machine running the tests has no real DNS: the resolver is injected.

const CHAT = "Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action";
const LOGIN = "login.microsoftonline.com";

function notFound(host: string): Error {
  return Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
}

function noDns(host: string): Error {
  return Object.assign(new Error(`getaddrinfo EAI_AGAIN ${host}`), { code: "EAI_AGAIN" });
}

/** A resolver that knows `known` (host -> addresses) and fails every other name with `fail`; it records each lookup. */
function resolver(
  known: Record<string, string[]>,
  fail: (host: string) => Error = notFound,
): HostResolver & { asked: string[] } {
  const asked: string[] = [];
  const resolve = async (host: string) => {
    asked.push(host);
    const addresses = known[host];
    if (addresses === undefined) throw fail(host);
    return addresses;
  };
  return Object.assign(resolve, { asked });
}

/** Facts whose endpoint report is what {@link probeEndpoint} found directly with `resolve`. */
async function directFacts(
  endpoint: string,
  resolve: HostResolver,
  extra: Parameters<typeof buildFacts>[0] = {},
): Promise<DiagnosisFacts> {
  const facts = buildFacts({ endpoint, ...extra });
  const { report } = await probeEndpoint(endpoint, { env: {}, timeoutMs: 2_000, resolve });
  facts.endpoint = report;
  return facts;
}

function controlPlaneOnly(extra: Parameters<typeof buildFacts>[0] = {}): Parameters<typeof buildFacts>[0] {
  return {
    credentials: [
      credential("EnvironmentCredential", {
        available: true,
        selectedByChain: true,
        identity: appIdentity(),
      }),
    ],
    observations: [observation("EnvironmentCredential", 401, PERMISSION_DENIED)],
    arm: armReport({
      roleAssignments: [
        assignment({
          role: "Cognitive Services Contributor",
          grantsDataAction: false,
          noDataActions: true,
          controlPlaneOnly: true,
        }),
      ],
    }),
    ...extra,
  };
}

function apiKeyCall(status: number, serviceCode?: string): DataPlaneObservation {
  return {
    via: { kind: "api-key", source: "KEYLESS_API_KEY" },
    status,
    matches: [],
    durationMs: 5,
    ...(serviceCode === undefined ? {} : { serviceCode }),
  };
}

function finding(code: CauseCode, extra: Partial<Finding> = {}): Finding {
  return {
    code,
    severity: "error",
    basis: "data-plane",
    title: code,
    detail: "",
    evidence: [],
    fix: "",
    ...extra,
  };
}

describe("Why: host names capitalised at the start of a sentence", () => {
  it("host names capitalised at the start of a sentence: the host stays lower-case", async () => {
    // The host resolves; nothing listens for it (a closed port on this machine), so TCP fails.
    const facts = await directFacts(
      "https://contoso.openai.azure.com",
      resolver({ "contoso.openai.azure.com": ["127.0.0.1"] }),
    );
    facts.endpoint.tcp = { status: "failed", error: "ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:443" };
    delete facts.endpoint.tls;
    facts.endpoint.reachable = false;
    const [unreachable] = analyzeEndpoint(facts);
    expect(unreachable?.detail).toBe(
      "The host contoso.openai.azure.com resolves, but no TCP connection to it could be opened: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:443.",
    );
  });

  it("host names capitalised at the start of a sentence: a name, variable, path, URL or command keeps its spelling", () => {
    for (const text of [
      "contoso.openai.azure.com could not be reached",
      "contoso-openai has disableLocalAuth=true",
      "https://contoso.openai.azure.com is not reachable",
      "AZURE_CLIENT_ID is set to an empty string",
      "getBearerTokenProvider returns a function",
      "/var/run/secrets/azure/tokens/azure-identity-token is missing",
      "az login --tenant 1234",
      "`ManagedIdentityCredential` retries IMDS",
      "contoso's network rules deny by default",
    ]) {
      expect(capitalizeSentence(text)).toBe(text);
    }
    expect(
      capitalizeSentence('endpoint "https://eastus.api.cognitive.microsoft.com" is a regional endpoint'),
    ).toBe('Endpoint "https://eastus.api.cognitive.microsoft.com" is a regional endpoint');
    expect(capitalizeSentence("the token expired")).toBe("The token expired");
  });

  it("host names capitalised at the start of a sentence: an account name starts no sentence", () => {
    const facts = buildFacts({
      credentials: [
        credential("AzureCliCredential", { available: true, selectedByChain: true, identity: appIdentity() }),
      ],
      observations: [],
      arm: armReport({
        account: accountFacts({
          disableLocalAuth: true,
          publicNetworkAccess: "Disabled",
        }),
        deployments: [{ name: "chat", model: "gpt-35-turbo" }],
        roleAssignments: [assignment({})],
      }),
    });
    facts.environment.apiKeyVariable = true;
    const details = analyzeArm(facts).map((f) => f.detail);
    expect(details).toEqual([
      'Account contoso-openai has no deployment named "gpt-4o".',
      "Account contoso-openai has disableLocalAuth=true: it accepts only Entra ID tokens, and an app that sends the configured API key gets 403 AuthenticationTypeDisabled.",
      "Account contoso-openai has public network access disabled; only private endpoints reach it.",
    ]);
    const firewall = buildFacts({
      credentials: [
        credential("AzureCliCredential", { available: true, selectedByChain: true, identity: appIdentity() }),
      ],
      arm: armReport({
        account: accountFacts({ networkDefaultAction: "Deny", ipRules: ["203.0.113.0/24"] }),
        roleAssignments: [assignment({})],
      }),
    });
    expect(analyzeArm(firewall).map((f) => f.detail)).toEqual([
      "The network rules of account contoso-openai deny by default and allow only 203.0.113.0/24.",
    ]);
  });
});

describe('Why: "so the key works" when no key was tried', () => {
  it('"so the key works" when no key was tried: says an API key would still work, not that it does', () => {
    const [found] = analyzeDataPlane(buildFacts(controlPlaneOnly()));
    expect(found?.code).toBe("rbac.control-plane-role-only");
    expect(found?.detail).not.toContain("the key works");
    expect(found?.detail).toMatch(
      new RegExp(
        `but grant no data action, so the token gets 401 PermissionDenied for ${CHAT.replaceAll("/", "\\/")}; an API key would still work \\(keys are not checked against roles\\)\\.$`,
      ),
    );
  });

  it('"so the key works" when no key was tried: says the key works when the API-key call answered 2xx', () => {
    const facts = buildFacts(controlPlaneOnly());
    facts.observations.push(apiKeyCall(200));
    const [found] = analyzeDataPlane(facts);
    expect(found?.detail).toContain(
      `but grant no data action, so the API key from KEYLESS_API_KEY works (200) while the token gets 401 PermissionDenied for ${CHAT}.`,
    );
  });

  it('"so the key works" when no key was tried: a refused key, or an account without local auth, gets no word about keys', () => {
    const refused = buildFacts(controlPlaneOnly());
    refused.observations.push(apiKeyCall(401, "401"));
    const noLocalAuth = buildFacts(controlPlaneOnly());
    if (noLocalAuth.arm?.account !== undefined) noLocalAuth.arm.account.disableLocalAuth = true;
    for (const facts of [refused, noLocalAuth]) {
      const rbac = analyzeDataPlane(facts).find((f) => f.code === "rbac.control-plane-role-only");
      expect(rbac?.detail).toMatch(/so the token gets 401 PermissionDenied for \S+\.$/);
      expect(rbac?.detail).not.toMatch(/key works|would still work/);
    }
  });

  it('"so the key works" when no key was tried: behind a regional endpoint the 401 is foretold, not reported', () => {
    const facts = buildFacts({
      ...controlPlaneOnly(),
      endpoint: "https://eastus.api.cognitive.microsoft.com",
      observations: [
        observation(
          "EnvironmentCredential",
          400,
          '{"error":{"code":"BadRequest","message":"Please provide a custom subdomain for token authentication, otherwise API key is required."}}',
        ),
      ],
    });
    const [rbac] = analyzeArm(facts);
    expect(rbac?.detail).toContain(
      `so a token is refused ${CHAT} (401 PermissionDenied); an API key would still work (keys are not checked against roles). The data plane has not shown this yet (it stopped the call earlier with 400)`,
    );
  });

  it("401 401 where status and code repeat: a refused key is quoted once", () => {
    const facts = buildFacts(controlPlaneOnly());
    facts.observations.push({
      ...apiKeyCall(401, "401"),
      matches: [
        {
          code: "key.invalid",
          confidence: 0.9,
          facts: { serviceCode: "401" },
        } as unknown as DataPlaneObservation["matches"][number],
      ],
    });
    const key = analyzeDataPlane(facts).find((f) => f.code === "key.invalid");
    expect(key?.detail).toBe(
      "The API key from KEYLESS_API_KEY is refused (401); an app that still sends it fails this way.",
    );
  });
});

describe("Why: when the endpoint cannot be resolved, being offline and a non-existent resource read the same", () => {
  it("when the endpoint cannot be resolved, being offline and a non-existent resource read the same: nothing resolves means no network", async () => {
    const resolve = resolver({}, noDns);
    const facts = await directFacts("https://contoso.openai.azure.com", resolve);
    expect(resolve.asked).toEqual(["contoso.openai.azure.com", LOGIN]);
    expect(facts.endpoint.loginHostDns).toMatchObject({
      host: LOGIN,
      status: "failed",
      error: `getaddrinfo EAI_AGAIN ${LOGIN}`,
    });
    expect(dnsVerdict(facts.endpoint)).toBe("offline");
    const [found] = analyzeEndpoint(facts);
    expect(found?.code).toBe("endpoint.unreachable");
    expect(found?.detail).toBe(
      `No host name resolves on this machine, not even the Entra ID login host ${LOGIN} (getaddrinfo EAI_AGAIN ${LOGIN}): it has no network, or no working DNS server, so whether contoso.openai.azure.com exists cannot be told from here.`,
    );
    expect(found?.evidence).toEqual([
      "DNS contoso.openai.azure.com: failed (getaddrinfo EAI_AGAIN contoso.openai.azure.com)",
      `DNS ${LOGIN} (the login host, looked up to compare): failed (getaddrinfo EAI_AGAIN ${LOGIN})`,
    ]);
    expect(found?.fix).toBe(
      [
        "# Connect this machine to a network (or VPN) whose DNS resolves Azure's names, then run the doctor again",
        `nslookup ${LOGIN}`,
        "keyless doctor --endpoint https://contoso.openai.azure.com",
      ].join("\n"),
    );
  });

  it("when the endpoint cannot be resolved, being offline and a non-existent resource read the same: the login host resolves, the resource does not", async () => {
    const resolve = resolver({ [LOGIN]: ["20.190.160.1"] });
    const facts = await directFacts("https://contoso.openai.azure.com", resolve);
    expect(dnsVerdict(facts.endpoint)).toBe("no-such-name");
    const [found] = analyzeEndpoint(facts);
    expect(found?.detail).toBe(
      `The host contoso.openai.azure.com does not exist in DNS, while the login host ${LOGIN} resolves, so this machine's DNS works: no resource answers to this name. Check the resource name for a typo (or a deleted resource); a resource behind a private endpoint needs the private DNS zone of its network.`,
    );
    expect(found?.evidence).toEqual([
      "DNS contoso.openai.azure.com: failed (getaddrinfo ENOTFOUND contoso.openai.azure.com)",
      `DNS ${LOGIN} (the login host, looked up to compare): ok (20.190.160.1)`,
    ]);
    // The catalog's fix (the endpoint Azure reports) is the one for a wrong name.
    expect(found?.fix).toContain("properties.endpoint");
  });

  it("when the endpoint cannot be resolved, being offline and a non-existent resource read the same: a failing lookup of one name while others resolve is a DNS problem for that name", async () => {
    const resolve = resolver({ [LOGIN]: ["20.190.160.1"] }, noDns);
    const facts = await directFacts("https://contoso.openai.azure.com", resolve);
    expect(dnsVerdict(facts.endpoint)).toBe("lookup-failed");
    expect(analyzeEndpoint(facts)[0]?.detail).toBe(
      `The host contoso.openai.azure.com could not be looked up (getaddrinfo EAI_AGAIN contoso.openai.azure.com), while the login host ${LOGIN} resolves: this machine's DNS answers for other names but not for this one (a DNS server or forwarder failing for this zone, or a private DNS zone).`,
    );
  });

  it("when the endpoint cannot be resolved, being offline and a non-existent resource read the same: a sovereign endpoint is compared with its own cloud's login host", async () => {
    const resolve = resolver({});
    await directFacts("https://contoso.openai.azure.us", resolve);
    expect(resolve.asked).toEqual(["contoso.openai.azure.us", "login.microsoftonline.us"]);
  });

  it("when the endpoint cannot be resolved, being offline and a non-existent resource read the same: a host that resolves needs no comparison", async () => {
    const resolve = resolver({ "contoso.openai.azure.com": ["127.0.0.1"] });
    const facts = await directFacts("https://contoso.openai.azure.com", resolve);
    expect(resolve.asked).toEqual(["contoso.openai.azure.com"]);
    expect(facts.endpoint.loginHostDns).toBeUndefined();
    expect(dnsVerdict(facts.endpoint)).toBeUndefined();
  });

  it("when the endpoint cannot be resolved, being offline and a non-existent resource read the same: through a proxy, nothing is looked up and the proxy's answer is reported", async () => {
    const resolve = resolver({});
    const { report } = await probeEndpoint("https://contoso.openai.azure.com", {
      env: { HTTPS_PROXY: "http://proxy.corp.example:3128" },
      timeoutMs: 2_000,
      resolve,
    });
    expect(resolve.asked).toEqual([]);
    expect(report.dns).toEqual({ status: "skipped" });
    const facts = buildFacts({
      credentials: [
        credential("EnvironmentCredential", {
          available: true,
          selectedByChain: true,
          identity: appIdentity(),
        }),
      ],
      observations: [
        {
          via: {
            kind: "token",
            credential: "EnvironmentCredential",
            scope: "https://cognitiveservices.azure.com/.default",
          },
          status: 503,
          serviceMessage:
            "<!DOCTYPE html><html><head><title>ERROR: The requested URL could not be retrieved</title></head><body>Unable to determine IP address from host name contoso.openai.azure.com</body></html>",
          matches: [],
          durationMs: 12,
        },
      ],
    });
    facts.endpoint = { ...report, reachable: true };
    const findings = analyzeDataPlane(facts);
    expect(findings.map((f) => f.code)).toEqual(["endpoint.unreachable"]);
    expect(findings[0]?.detail).toBe(
      "The proxy http://proxy.corp.example:3128 answered 503 instead of connecting to contoso.openai.azure.com: ERROR: The requested URL could not be retrieved. Through a proxy, the proxy looks the host up and connects to it, so whether it exists cannot be told from this machine: check the host name, and whether the proxy may reach it.",
    );
  });

  it("when the endpoint cannot be resolved, being offline and a non-existent resource read the same: Azure's own 403 through a proxy is not the proxy's", () => {
    const facts = buildFacts({
      credentials: [
        credential("EnvironmentCredential", {
          available: true,
          selectedByChain: true,
          identity: appIdentity(),
        }),
      ],
      observations: [
        {
          ...observation(
            "EnvironmentCredential",
            403,
            '{"error":{"code":"403","message": "Access denied due to Virtual Network/Firewall rules."}}',
          ),
          requestId: "5f2c0d2e-0000-4000-8000-000000000000",
        },
      ],
    });
    expect(analyzeDataPlane(facts)[0]?.code).toBe("network.firewall");
  });
});

describe('Why: on a regional endpoint, "unreachable" ranks above the certain endpoint.regional-no-subdomain', () => {
  it('on a regional endpoint, "unreachable" ranks above the certain endpoint.regional-no-subdomain: the regional endpoint comes first', async () => {
    const facts = await directFacts("https://eastus.api.cognitive.microsoft.com", resolver({}, noDns));
    const ranked = rankFindings(analyzeEndpoint(facts));
    expect(ranked.map((f) => [f.code, f.severity])).toEqual([
      ["endpoint.regional-no-subdomain", "error"],
      ["endpoint.unreachable", "error"],
    ]);
  });

  it('on a regional endpoint, "unreachable" ranks above the certain endpoint.regional-no-subdomain: also when the data plane (through a proxy) got no answer', () => {
    const ranked = rankFindings(
      [
        finding("endpoint.regional-no-subdomain", { basis: "configuration" }),
        finding("endpoint.unreachable", { credential: "EnvironmentCredential" }),
        finding("credential.cli-not-logged-in", { basis: "credential", severity: "warning" }),
      ],
      {},
    );
    expect(ranked.map((f) => f.code)).toEqual([
      "endpoint.regional-no-subdomain",
      "endpoint.unreachable",
      "credential.cli-not-logged-in",
    ]);
  });

  it('on a regional endpoint, "unreachable" ranks above the certain endpoint.regional-no-subdomain: a cause that keeps the host explains nothing', () => {
    expect(explainsSymptom("endpoint.regional-no-subdomain", "endpoint.unreachable")).toBe(true);
    expect(explainsSymptom("endpoint.extra-path", "endpoint.unreachable")).toBe(false);
    // A key of Object.prototype, as a code read from JSON could be: not a code, explains nothing.
    expect(explainsSymptom("toString" as CauseCode, "endpoint.unreachable")).toBe(false);
    const ranked = rankFindings([
      finding("endpoint.extra-path", { basis: "configuration" }),
      finding("endpoint.unreachable"),
      // Uncertain (a warning): a gateway may be what the app means.
      finding("endpoint.not-azure", { basis: "configuration", severity: "warning" }),
    ]);
    expect(ranked.map((f) => f.code)).toEqual([
      "endpoint.unreachable",
      "endpoint.extra-path",
      "endpoint.not-azure",
    ]);
  });
});
