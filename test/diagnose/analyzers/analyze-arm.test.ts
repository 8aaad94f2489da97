import { describe, expect, it } from "vitest";
import { analyzeArm } from "../../../src/diagnose/analyzers/analyze-arm.js";
import {
  accountFacts,
  appIdentity,
  armReport,
  assignment,
  buildFacts,
  credential,
  observation,
} from "../fixtures/facts.js";

const REGIONAL_400 =
  '{"error":{"code":"BadRequest","message":"Please provide a custom subdomain for token authentication, otherwise API key is required."}}';

describe("analyzeArm", () => {
  it("predicts the RBAC cause hidden behind a regional endpoint", () => {
    const facts = buildFacts({
      endpoint: "https://eastus.api.cognitive.microsoft.com",
      credentials: [
        credential("EnvironmentCredential", {
          available: true,
          selectedByChain: true,
          identity: appIdentity(),
        }),
      ],
      observations: [observation("EnvironmentCredential", 400, REGIONAL_400)],
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
    const findings = analyzeArm(facts);
    expect(findings.map((f) => [f.code, f.severity, f.basis])).toEqual([
      ["rbac.control-plane-role-only", "error", "arm"],
    ]);
    expect(findings[0]?.detail).toContain(
      "The data plane has not shown this yet (it stopped the call earlier with 400)",
    );
  });

  it("says nothing once the keyless call works", () => {
    const facts = buildFacts({
      credentials: [
        credential("EnvironmentCredential", {
          available: true,
          selectedByChain: true,
          identity: appIdentity(),
        }),
      ],
      observations: [observation("EnvironmentCredential", 200, "{}")],
      arm: armReport({ deployments: [{ name: "chat", model: "gpt-4o" }] }),
    });
    expect(analyzeArm(facts)).toEqual([]);
  });

  it("finds a missing deployment, key auth disabled with a key configured, and a tenant mismatch", () => {
    const facts = buildFacts({
      credentials: [
        credential("AzureCliCredential", {
          available: true,
          selectedByChain: true,
          identity: appIdentity({ tid: "9a2d802f-60c3-467f-b3ef-4ac53ec2fb0d" }),
        }),
      ],
      arm: armReport({
        account: accountFacts({ disableLocalAuth: true }),
        deployments: [{ name: "chat", model: "gpt-4o" }],
        roleAssignments: [assignment({})],
      }),
    });
    facts.environment.apiKeyVariable = true;
    expect(analyzeArm(facts).map((f) => [f.code, f.severity])).toEqual([
      ["token.wrong-tenant", "error"],
      ["resource.deployment-not-found", "error"],
      ["key.auth-disabled", "warning"],
    ]);
  });
});
