import { describe, expect, it } from "vitest";
import { analyzeArm } from "../../../src/diagnose/analyzers/analyze-arm.js";
import { analyzeDataPlane } from "../../../src/diagnose/analyzers/analyze-data-plane.js";
import { decideDataPlaneCause, isProxyAnswer } from "../../../src/diagnose/analyzers/data-plane-cause.js";
import type { DataPlaneObservation } from "../../../src/diagnose/probes/probe-data-plane.js";
import {
  appIdentity,
  armReport,
  assignment,
  buildFacts,
  credential,
  observation,
  PERMISSION_DENIED,
} from "../fixtures/facts.js";

const SCOPE = "https://cognitiveservices.azure.com/.default";

function selectedEnvironmentCredential(observations: DataPlaneObservation[]) {
  return buildFacts({
    credentials: [
      credential("EnvironmentCredential", {
        available: true,
        selectedByChain: true,
        identity: appIdentity(),
      }),
    ],
    observations,
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
  });
}

function proxyRefusal(status: number): DataPlaneObservation {
  return {
    via: { kind: "token", credential: "EnvironmentCredential", scope: SCOPE },
    status,
    serviceMessage: "<html><head><title>ERROR: Access Denied</title></head></html>",
    matches: [],
    durationMs: 3,
  };
}

describe("decideDataPlaneCause: one decision per data-plane answer", () => {
  it("turns PermissionDenied into the RBAC cause ARM explains, and the finding carries that same code", () => {
    const call = observation("EnvironmentCredential", 401, PERMISSION_DENIED);
    const facts = selectedEnvironmentCredential([call]);
    expect(call.matches[0]?.code).toBe("rbac.missing-data-action");
    const cause = decideDataPlaneCause(facts, call);
    expect(cause).toMatchObject({
      answer: "refused",
      code: "rbac.control-plane-role-only",
      recognized: true,
    });
    expect(analyzeDataPlane(facts)[0]?.code).toBe("rbac.control-plane-role-only");
    // Observed on the data plane, so ARM does not report it a second time.
    expect(analyzeArm(facts).map((f) => f.code)).not.toContain("rbac.control-plane-role-only");
  });

  it("says works below 400, no-answer without a status, and proxy for a proxy's own refusal", () => {
    const facts = selectedEnvironmentCredential([]);
    expect(decideDataPlaneCause(facts, observation("EnvironmentCredential", 200, ""))).toEqual({
      answer: "works",
    });
    expect(
      decideDataPlaneCause(facts, {
        via: { kind: "token", credential: "EnvironmentCredential", scope: SCOPE },
        error: "ECONNREFUSED",
        matches: [],
        durationMs: 1,
      }),
    ).toEqual({ answer: "no-answer", code: "endpoint.unreachable" });
    expect(facts.endpoint.via).toBe("proxy");
    for (const status of [403, 407, 502, 503, 504]) {
      expect(isProxyAnswer(facts, proxyRefusal(status))).toBe(true);
      expect(decideDataPlaneCause(facts, proxyRefusal(status))).toEqual({
        answer: "proxy",
        code: "endpoint.unreachable",
      });
    }
    // Azure marks its answers: the same 403 with a request id is the service's.
    expect(isProxyAnswer(facts, { ...proxyRefusal(403), requestId: "5f2c0d2e" })).toBe(false);
  });

  it("an unrecognised refusal is endpoint.not-azure, and an API key's is not reported", () => {
    const key: DataPlaneObservation = {
      via: { kind: "api-key", source: "KEYLESS_API_KEY" },
      status: 418,
      matches: [],
      requestId: "r",
      durationMs: 2,
    };
    const facts = selectedEnvironmentCredential([observation("EnvironmentCredential", 200, ""), key]);
    expect(decideDataPlaneCause(facts, key)).toMatchObject({
      answer: "refused",
      code: "endpoint.not-azure",
      recognized: false,
    });
    expect(analyzeDataPlane(facts)).toEqual([]);
  });

  it("a token for the public scope refused with 401 on a sovereign endpoint is token.wrong-audience", () => {
    const facts = buildFacts({
      endpoint: "https://contoso.openai.azure.us",
      credentials: [
        credential("AzureCliCredential", { available: true, selectedByChain: true, identity: appIdentity() }),
      ],
      observations: [
        observation("AzureCliCredential", 200, "", "https://cognitiveservices.azure.us/.default"),
        observation("AzureCliCredential", 401, '{"error":{"code":"401","message":"Unauthorized"}}', SCOPE),
      ],
    });
    const comparison = facts.observations[1];
    if (comparison === undefined) throw new Error("no comparison call");
    expect(decideDataPlaneCause(facts, comparison)).toMatchObject({
      answer: "refused",
      code: "token.wrong-audience",
    });
    expect(analyzeDataPlane(facts).map((f) => [f.code, f.severity])).toEqual([
      ["token.wrong-audience", "warning"],
    ]);
  });
});
