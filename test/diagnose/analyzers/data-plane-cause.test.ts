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
  flat401,
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

  it("told the app's scope, a flat 401 for a token the endpoint does not accept is the app's token.wrong-audience", () => {
    const project = "https://contoso-openai.services.ai.azure.com/api/projects/proj";
    const facts = buildFacts({
      endpoint: project,
      scope: SCOPE,
      credentials: [
        credential("EnvironmentCredential", {
          available: true,
          selectedByChain: true,
          identity: appIdentity(),
        }),
      ],
      observations: [observation("EnvironmentCredential", 401, flat401("https://ai.azure.com"), SCOPE)],
    });
    const keyless = facts.observations[0];
    if (keyless === undefined) throw new Error("no keyless call");
    expect(decideDataPlaneCause(facts, keyless)).toMatchObject({
      answer: "refused",
      code: "token.wrong-audience",
    });
    const [finding, ...rest] = analyzeDataPlane(facts);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ code: "token.wrong-audience", severity: "error", basis: "data-plane" });
    expect(finding?.detail).toBe(
      "The app requests its tokens for https://cognitiveservices.azure.com/.default; EnvironmentCredential's token for it has aud https://cognitiveservices.azure.com, and this Foundry project endpoint accepts only https://ai.azure.com, so it answers the flat 401. Request https://ai.azure.com/.default instead.",
    );
    expect(finding?.evidence).toContain(
      "requested scope: https://cognitiveservices.azure.com/.default (the app's); the endpoint's: https://ai.azure.com/.default",
    );
    // The fix is the endpoint's scope, not the one the app asked for.
    expect(finding?.fix).toContain('"https://ai.azure.com/.default"');
    expect(finding?.fix).not.toContain(`"${SCOPE}"`);
  });

  it("an ml.azure.com token (ModelClient's default) on model inference is token.wrong-audience, fixed with the Cognitive Services scope", () => {
    const ml = "https://ml.azure.com/.default";
    const facts = buildFacts({
      endpoint: "https://contoso-openai.services.ai.azure.com/models",
      scope: ml,
      credentials: [
        credential("EnvironmentCredential", {
          available: true,
          selectedByChain: true,
          identity: appIdentity({ aud: "https://ml.azure.com" }),
        }),
      ],
      observations: [
        observation("EnvironmentCredential", 401, flat401("https://cognitiveservices.azure.com"), ml),
      ],
    });
    const [finding] = analyzeDataPlane(facts);
    expect(finding?.code).toBe("token.wrong-audience");
    expect(finding?.detail).toContain("The app requests its tokens for https://ml.azure.com/.default");
    expect(finding?.fix).toContain(`"${SCOPE}"`);
  });

  it("told the app's scope on a sovereign endpoint, the right scope working leaves nothing to warn about", () => {
    const us = "https://cognitiveservices.azure.us/.default";
    const facts = buildFacts({
      endpoint: "https://contoso.openai.azure.us",
      scope: us,
      credentials: [
        credential("AzureCliCredential", { available: true, selectedByChain: true, identity: appIdentity() }),
      ],
      observations: [observation("AzureCliCredential", 200, "", us)],
    });
    expect(analyzeDataPlane(facts)).toEqual([]);
  });
});
