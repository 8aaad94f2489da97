import { describe, expect, it } from "vitest";
import { callPathStage } from "../../src/diagnose/call-path.js";
import type { Finding } from "../../src/diagnose/diagnosis-report.js";
import { rankFindings } from "../../src/diagnose/rank-findings.js";
import type { CauseCode } from "../../src/knowledge/cause.js";

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

describe("callPathStage", () => {
  it("orders the call path: endpoint, credential, token, network, key-vs-token, RBAC, deployment", () => {
    expect(
      (
        [
          "endpoint.regional-no-subdomain",
          "network.vnet-wrong-endpoint",
          "aadsts.7000215",
          "credential.cli-not-logged-in",
          "token.wrong-tenant",
          "network.firewall",
          "key.auth-disabled",
          "client.key-and-token",
          "rbac.wrong-scope",
          "credential.env-unexpected-identity",
          "resource.deployment-not-found",
        ] satisfies CauseCode[]
      ).map(callPathStage),
    ).toEqual([1, 1, 2, 2, 3, 4, 5, 5, 6, 6, 7]);
  });
});

describe("rankFindings", () => {
  it("puts the regional endpoint before the control-plane role (two faults, regional first)", () => {
    const ranked = rankFindings(
      [
        finding("rbac.control-plane-role-only", { basis: "arm" }),
        finding("client.key-and-token", { severity: "warning", basis: "configuration" }),
        finding("endpoint.regional-no-subdomain"),
      ],
      { observedStage: 1 },
    );
    expect(ranked.map((f) => [f.code, f.severity])).toEqual([
      ["endpoint.regional-no-subdomain", "error"],
      ["rbac.control-plane-role-only", "error"],
      ["client.key-and-token", "warning"],
    ]);
  });

  it("keeps a proven RBAC error ahead of a configuration warning on an earlier step (seed-000)", () => {
    const ranked = rankFindings([
      finding("client.key-and-token", { severity: "warning", basis: "configuration" }),
      finding("rbac.control-plane-role-only"),
    ]);
    expect(ranked.map((f) => f.code)).toEqual(["rbac.control-plane-role-only", "client.key-and-token"]);
  });

  it("lowers an inferred error on a step the data plane shows was passed", () => {
    const ranked = rankFindings(
      [finding("network.firewall", { basis: "arm" }), finding("rbac.missing-data-action")],
      { observedStage: 6 },
    );
    expect(ranked.map((f) => [f.code, f.severity])).toEqual([
      ["rbac.missing-data-action", "error"],
      ["network.firewall", "warning"],
    ]);
    expect(ranked[1]?.evidence).toEqual([
      "the data plane answered past this step, so it did not block this call",
    ]);
  });

  it("prefers a data-plane observation over an inferred cause on the same step", () => {
    const ranked = rankFindings([
      finding("rbac.other-principal", { basis: "arm" }),
      finding("rbac.propagation-pending", { basis: "data-plane" }),
    ]);
    expect(ranked.map((f) => f.code)).toEqual(["rbac.propagation-pending", "rbac.other-principal"]);
  });

  it("keeps configured credential failures ahead of credential.chain-exhausted", () => {
    const ranked = rankFindings([
      finding("credential.cli-not-logged-in", { basis: "credential", credential: "AzureCliCredential" }),
      finding("credential.chain-exhausted", { basis: "credential" }),
    ]);
    expect(ranked.map((f) => f.code)).toEqual(["credential.cli-not-logged-in", "credential.chain-exhausted"]);
  });

  it("merges the same cause seen twice, keeping the stronger basis and pooling the evidence", () => {
    const ranked = rankFindings([
      finding("endpoint.regional-no-subdomain", {
        basis: "configuration",
        detail: "from the form",
        evidence: ["form"],
      }),
      finding("endpoint.regional-no-subdomain", {
        basis: "data-plane",
        detail: "from the 400",
        evidence: ["400"],
      }),
    ]);
    expect(ranked).toEqual([
      finding("endpoint.regional-no-subdomain", {
        basis: "data-plane",
        detail: "from the 400",
        evidence: ["400", "form"],
      }),
    ]);
  });
});
