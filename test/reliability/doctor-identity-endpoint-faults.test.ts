import { describe, expect, it } from "vitest";
import { getScenario } from "../../src/emulator/scenarios/index.js";
import { timedDiagnosis, VERDICT_MARGIN_MS, withEmulator } from "./reliability-harness.js";

// An App Service host whose identity endpoint (IDENTITY_ENDPOINT with X-IDENTITY-HEADER) answers
// 500, 429 with Retry-After, or 503, from the emulator's faults. ManagedIdentityCredential only
// retries until the doctor stops waiting; the doctor's one raw request to that endpoint names it.

const ENDPOINT = "https://contoso-openai.openai.azure.com";
const TIMEOUT_MS = 10_000;
// Each verdict must come within the deadline plus VERDICT_MARGIN_MS: a bound, not a speed claim.

function appServiceWorld() {
  const scenario = getScenario("default");
  if (scenario === undefined) throw new Error("no default scenario");
  const world = structuredClone(scenario.world);
  world.hosts = [...(world.hosts ?? []), { name: "web", kind: "app-service", identities: ["vm"] }];
  world.defaults = { ...world.defaults, host: "web", clientSecret: "none" };
  return world;
}

describe("the doctor on an App Service host whose identity endpoint fails", () => {
  it.each([[500], [429], [503]] as const)(
    "App Service identity endpoint %d: credential.mi-endpoint-error",
    async (status) => {
      const world = appServiceWorld();
      world.faults = [
        { target: "app-service", status, ...(status === 429 ? { headers: { "retry-after": "30" } } : {}) },
      ];
      await withEmulator(world, async (emulator) => {
        const { report, elapsedMs } = await timedDiagnosis(emulator, {
          endpoint: ENDPOINT,
          timeoutMs: TIMEOUT_MS,
        });
        expect(emulator.env.IDENTITY_ENDPOINT).toBeDefined();
        expect(report.primary?.code).toBe("credential.mi-endpoint-error");
        // The chain gets its token from the Azure CLI, so the broken endpoint is a warning.
        expect(report.primary?.severity).toBe("warning");
        expect(report.primary?.evidence).toContain(
          `one request to ${emulator.env.IDENTITY_ENDPOINT} (no retries): ${status} ${status === 429 ? "too_many_requests: IMDS Throttle limit reached." : status === 500 ? "unknown: Failed to retrieve token from the Active directory. For details see logs in /var/log/waagent.log" : "service_unavailable: IMDS is temporarily unavailable."}`,
        );
        expect(JSON.stringify(report)).not.toContain(emulator.identityHeader);
        expect(elapsedMs).toBeLessThan(TIMEOUT_MS + VERDICT_MARGIN_MS);
      });
    },
    60_000,
  );
});

describe("the doctor on an App Service host whose identity endpoint drips its answer", () => {
  it("headers at once, then a byte a second: credential.mi-endpoint-error, within the deadline", async () => {
    const world = appServiceWorld();
    world.faults = [{ target: "app-service", status: "drip" }];
    await withEmulator(world, async (emulator) => {
      const { report, elapsedMs } = await timedDiagnosis(emulator, {
        endpoint: ENDPOINT,
        timeoutMs: TIMEOUT_MS,
      });
      expect(report.primary?.severity).toBe("warning");
      expect(report.primary?.evidence).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^one request to ${emulator.env.IDENTITY_ENDPOINT?.replace(/[.]/g, "\\.")} \\(no retries\\): no complete answer within \\d+ ms: the answer's body was still arriving at the deadline \\(\\d+ bytes after the headers\\)$`,
          ),
        ),
      );
      expect(report.primary?.code).toBe("credential.mi-endpoint-error");
      expect(JSON.stringify(report)).not.toContain(emulator.identityHeader);
      expect(elapsedMs).toBeLessThan(TIMEOUT_MS + VERDICT_MARGIN_MS);
    });
  }, 60_000);
});

/** The default world on a host of `kind` whose environment names no service principal. */
function hostWorld(kind: "imds" | "cloud-shell" | "arc" | "service-fabric") {
  const scenario = getScenario("default");
  if (scenario === undefined) throw new Error("no default scenario");
  const world = structuredClone(scenario.world);
  world.hosts = [
    ...(world.hosts ?? []),
    kind === "cloud-shell"
      ? { name: "shell", kind, identities: [], user: "alice" }
      : { name: "machine", kind, identities: ["vm"] },
  ];
  world.defaults = {
    ...world.defaults,
    host: kind === "cloud-shell" ? "shell" : "machine",
    clientSecret: "none",
    env: { ...(world.defaults?.env ?? {}), AZURE_CLIENT_ID: null, AZURE_TENANT_ID: null },
  };
  return world;
}

describe("the doctor on VM (IMDS), Cloud Shell, Azure Arc and Service Fabric hosts whose identity endpoint fails", () => {
  it.each([
    ["imds", 500],
    ["imds", 410],
    ["imds", 429],
    ["imds", "drip"],
    ["cloud-shell", 500],
    ["arc", 500],
    ["service-fabric", 503],
    ["arc", "drip"],
  ] as const)(
    "%s identity endpoint %s: credential.mi-endpoint-error, within the deadline",
    async (kind, status) => {
      const world = hostWorld(kind);
      world.faults = [
        { target: kind, status, ...(status === 429 ? { headers: { "retry-after": "30" } } : {}) },
      ];
      await withEmulator(world, async (emulator) => {
        const { report, elapsedMs } = await timedDiagnosis(emulator, {
          endpoint: ENDPOINT,
          timeoutMs: TIMEOUT_MS,
        });
        expect(report.primary?.code).toBe("credential.mi-endpoint-error");
        expect(JSON.stringify(report)).not.toContain(emulator.identityHeader);
        expect(elapsedMs).toBeLessThan(TIMEOUT_MS + VERDICT_MARGIN_MS);
      });
    },
    60_000,
  );
});
