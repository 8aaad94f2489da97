import { describe, expect, it } from "vitest";
import { MANAGED_IDENTITY_PATHS } from "../../../src/emulator/managed-identity/endpoint-paths.js";
import { createManagedIdentitySurface } from "../../../src/emulator/managed-identity/surface.js";
import { createTestContext, emulatorRequest, readBody } from "./emulator-test-context.js";
import { MANAGED_IDENTITY_WORLD } from "./managed-identity-world.js";

const IMDS =
  "http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://management.azure.com/";

describe("managed identity surface", () => {
  const surface = createManagedIdentitySurface({ identityHeader: "h" });

  it("claims each endpoint on the IMDS address and the emulator, and nothing else", () => {
    const claims = (url: string, host?: string) =>
      surface.claims(emulatorRequest(url, host === undefined ? {} : { host }));
    expect(claims("http://169.254.169.254/metadata/identity/oauth2/token")).toBe(true);
    expect(claims("http://127.0.0.1:8080/metadata/identity/oauth2/token", "emulator")).toBe(true);
    expect(claims("http://127.0.0.1:8080/msi/token", "emulator")).toBe(true);
    expect(claims("http://127.0.0.1:8080/cloudshell/token", "emulator")).toBe(true);
    expect(claims("http://127.0.0.1:8080/arc/metadata/identity/oauth2/token", "emulator")).toBe(true);
    expect(claims("http://169.254.169.254/msi/token")).toBe(false);
    expect(claims("https://management.azure.com/metadata/identity/oauth2/token")).toBe(false);
    expect(claims("http://127.0.0.1:8080/contoso/oauth2/v2.0/token", "emulator")).toBe(false);
  });

  it("publishes its paths and a random identity header by default", () => {
    expect(MANAGED_IDENTITY_PATHS).toEqual({
      imds: "/metadata/identity/oauth2/token",
      "app-service": "/msi/token",
      "cloud-shell": "/cloudshell/token",
      arc: "/arc/metadata/identity/oauth2/token",
      "service-fabric": "/servicefabric/metadata/identity/oauth2/token",
    });
    const defaults = createManagedIdentitySurface();
    expect(defaults.identityHeader).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(defaults.arcTokenDirectory).toBe("/var/opt/azcmagent/tokens");
    expect(createManagedIdentitySurface().identityHeader).not.toBe(defaults.identityHeader);
  });

  it("resets the connection for a kind the world has no host for", async () => {
    const ctx = await createTestContext({ tenants: [{ name: "contoso" }] });
    const response = await surface.handle(emulatorRequest(IMDS, { headers: { Metadata: "true" } }), ctx);
    expect(response.faultAction).toBe("reset");
    expect(response.decision).toEqual({
      outcome: "deny",
      code: "credential.mi-unavailable",
      detail: "the world has no imds host",
    });
  });

  it.each([404, 410, 429, 500, 502, 504])(
    "answers an injected IMDS %i with an IMDS-shaped body",
    async (status) => {
      const ctx = await createTestContext({
        ...MANAGED_IDENTITY_WORLD,
        faults: [{ target: "imds", status, times: 1 }],
      });
      const first = await surface.handle(emulatorRequest(IMDS, { headers: { Metadata: "true" } }), ctx);
      expect(first.status).toBe(status);
      const { json } = await readBody(first);
      expect(Object.keys(json as object)).toEqual(["error", "error_description"]);
      const second = await surface.handle(emulatorRequest(IMDS, { headers: { Metadata: "true" } }), ctx);
      expect(second.status).toBe(200);
    },
  );

  it("uses the IMDS docs' wording for the documented fault statuses", async () => {
    const ctx = await createTestContext({
      ...MANAGED_IDENTITY_WORLD,
      faults: [{ target: "imds", status: 429, headers: { "retry-after": "3" } }],
    });
    const response = await surface.handle(emulatorRequest(IMDS, { headers: { Metadata: "true" } }), ctx);
    expect(await response.text()).toBe(
      '{"error":"too_many_requests","error_description":"IMDS Throttle limit reached."}',
    );
    expect(response.headers["retry-after"]).toBe("3");
  });

  it("sends the world's body verbatim when the fault has one", async () => {
    const ctx = await createTestContext({
      ...MANAGED_IDENTITY_WORLD,
      faults: [{ target: "imds", status: 500, body: '{"error":"unknown","error_description":"boom"}' }],
    });
    const response = await surface.handle(emulatorRequest(IMDS, { headers: { Metadata: "true" } }), ctx);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('{"error":"unknown","error_description":"boom"}');
  });

  it.each(["timeout", "reset"] as const)("asks the server to %s for such a fault", async (status) => {
    const ctx = await createTestContext({ ...MANAGED_IDENTITY_WORLD, faults: [{ target: "imds", status }] });
    const response = await surface.handle(emulatorRequest(IMDS, { headers: { Metadata: "true" } }), ctx);
    expect(response.faultAction).toBe(status);
    expect(response.decision).toEqual({
      outcome: "fault",
      code: "injected",
      detail: `${ctx.world.faults[0]?.id}: ${status}`,
    });
  });

  it("applies faults only to their own endpoint kind", async () => {
    const ctx = await createTestContext({
      ...MANAGED_IDENTITY_WORLD,
      faults: [{ target: "app-service", status: 500 }],
    });
    const response = await surface.handle(emulatorRequest(IMDS, { headers: { Metadata: "true" } }), ctx);
    expect(response.status).toBe(200);
  });
});
