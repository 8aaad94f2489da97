import { describe, expect, it } from "vitest";
import { analyze } from "../../src/diagnose/analyze.js";
import { buildReport } from "../../src/diagnose/build-report.js";
import type { DiagnosisFacts } from "../../src/diagnose/diagnosis-facts.js";
import type { DataPlaneObservation } from "../../src/diagnose/probes/probe-data-plane.js";
import { rankFindings } from "../../src/diagnose/rank-findings.js";
import { appIdentity, buildFacts, credential, observation, PERMISSION_DENIED } from "./fixtures/facts.js";

const SCOPE = "https://cognitiveservices.azure.com/.default";
const TIMING = { deadlineMs: 30_000, durationMs: 1_000 };

function throughProxy(observations: DataPlaneObservation[]): DiagnosisFacts {
  const facts = buildFacts({
    credentials: [
      credential("EnvironmentCredential", {
        available: true,
        selectedByChain: true,
        identity: appIdentity(),
      }),
    ],
    observations,
  });
  // As probed: through a proxy the endpoint's reachability is unknown until the data plane answers.
  const { reachable: _unknown, ...endpoint } = facts.endpoint;
  facts.endpoint = { ...endpoint, proxy: "http://proxy.corp.example:3128" };
  return facts;
}

function report(facts: DiagnosisFacts) {
  const analysis = analyze(facts);
  const ranked = rankFindings(
    analysis.findings,
    analysis.observedStage === undefined ? {} : { observedStage: analysis.observedStage },
  );
  return buildReport(facts, analysis, ranked, TIMING);
}

describe("buildReport: an endpoint reached through a proxy", () => {
  it("an endpoint behind a proxy that refused the CONNECT is not reachable", () => {
    const refused: DataPlaneObservation = {
      via: { kind: "token", credential: "EnvironmentCredential", scope: SCOPE },
      status: 403,
      serviceCode: "ProxyHostRefused",
      matches: [],
      durationMs: 4,
    };
    const built = report(throughProxy([refused]));
    expect(built.endpoint.reachable).toBe(false);
    expect(built.primary?.code).toBe("endpoint.unreachable");
    expect(built.credentials[0]?.dataPlane).toEqual({
      status: 403,
      code: "ProxyHostRefused",
      cause: "endpoint.unreachable",
    });
  });

  it("is reachable when the service itself answered, even with a refusal, and carries the cause the finding has", () => {
    const built = report(throughProxy([observation("EnvironmentCredential", 401, PERMISSION_DENIED)]));
    expect(built.endpoint.reachable).toBe(true);
    expect(built.ok).toBe(false);
    expect(built.credentials[0]?.dataPlane?.cause).toBe(built.primary?.code);
  });

  it("stays unknown without any data-plane call", () => {
    expect(report(throughProxy([])).endpoint.reachable).toBeUndefined();
  });
});

describe("buildReport: the endpoint's DNS", () => {
  it("carries the login host's lookup on the endpoint report", () => {
    const facts = buildFacts({});
    facts.endpoint = {
      ...facts.endpoint,
      via: "direct",
      reachable: false,
      dns: { status: "failed", error: "getaddrinfo ENOTFOUND contoso-openai.openai.azure.com" },
      loginHostDns: { host: "login.microsoftonline.com", status: "ok", addresses: ["20.190.160.1"] },
    };
    const built = report(facts);
    expect(built.endpoint.loginHostDns).toEqual({
      host: "login.microsoftonline.com",
      status: "ok",
      addresses: ["20.190.160.1"],
    });
    expect(built.primary?.evidence).toContain(
      "DNS login.microsoftonline.com (the login host, looked up to compare): ok (20.190.160.1)",
    );
  });
});
