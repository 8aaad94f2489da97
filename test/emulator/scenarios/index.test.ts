import { describe, expect, it } from "vitest";
import { BUILT_IN_SCENARIOS, getScenario, listScenarioNames } from "../../../src/emulator/scenarios/index.js";
import { validateWorld } from "../../../src/emulator/world/load-world.js";
import { resolveWorld } from "../../../src/emulator/world/resolve-world.js";

const NOW = Date.parse("2025-06-01T12:00:00Z");
const fakeCertificate = async () => {
  throw new Error("unused");
};

describe("built-in scenarios", () => {
  it("lists default and seed-000 first, then the cause scenarios", () => {
    const names = listScenarioNames();
    expect(names.slice(0, 2)).toEqual(["default", "seed-000"]);
    expect(names.length).toBeGreaterThan(2);
    expect(getScenario("nope")).toBeUndefined();
    expect(getScenario("toString")).toBeUndefined();
  });

  it("every scenario validates and resolves", async () => {
    for (const [name, scenario] of Object.entries(BUILT_IN_SCENARIOS)) {
      const world = structuredClone(scenario.world);
      for (const app of world.applications ?? []) app.certificates = [];
      const resolved = await resolveWorld(validateWorld(world, name), {
        now: NOW,
        generateCertificate: fakeCertificate,
      });
      expect(resolved.tenants.length, name).toBeGreaterThan(0);
    }
  });

  it("default: everyone holds Cognitive Services OpenAI User on the account, an hour ago", async () => {
    const scenario = getScenario("default");
    expect(scenario?.causeCode).toBeUndefined();
    const world = structuredClone(scenario?.world ?? { tenants: [] });
    for (const app of world.applications ?? []) app.certificates = [];
    const resolved = await resolveWorld(validateWorld(world, "default"), {
      now: NOW,
      generateCertificate: fakeCertificate,
    });
    const account = resolved.accounts[0];
    const holders = resolved.roleAssignments
      .filter((r) => r.roleName === "Cognitive Services OpenAI User" && r.scope === account?.resourceId)
      .map((r) => r.principalId);
    expect(holders.sort()).toEqual(
      [resolved.users[0], resolved.applications[0], ...resolved.managedIdentities]
        .map((p) => p?.objectId)
        .sort(),
    );
    expect(account?.deployments.map((d) => `${d.name}:${d.kind}`)).toEqual([
      "gpt-4o:chat",
      "gpt-35-turbo-instruct:completions",
      "text-embedding-3-small:embeddings",
    ]);
    expect(resolved.azureCli.principal?.name).toBe("alice");
    expect(resolved.azureDeveloperCli.principal?.name).toBe("alice");
    expect(resolved.hosts[0]).toMatchObject({ name: "vm", kind: "imds" });
  });

  it("seed-000: Cognitive Services Contributor (can list keys) instead of any data role, and a valid API key", async () => {
    const scenario = getScenario("seed-000");
    expect(scenario?.causeCode).toBe("rbac.control-plane-role-only");
    const world = structuredClone(scenario?.world ?? { tenants: [] });
    for (const app of world.applications ?? []) app.certificates = [];
    const resolved = await resolveWorld(validateWorld(world, "seed-000"), {
      now: NOW,
      generateCertificate: fakeCertificate,
    });
    const roles = new Set(resolved.roleAssignments.map((r) => r.roleName));
    expect(roles.has("Cognitive Services OpenAI User")).toBe(false);
    expect(roles.has("Cognitive Services Contributor")).toBe(true);
    expect(resolved.defaults.apiKey).toBe("valid");
  });
});
