import { beforeAll, describe, expect, it } from "vitest";
import type { EmulatorContext } from "../../../src/emulator/context.js";
import { handleRequest, SURFACES } from "../../../src/emulator/handle-request.js";
import { managedIdentitySurface } from "../../../src/emulator/managed-identity/surface.js";
import { DECISION_HEADER } from "../../../src/emulator/request-decision.js";
import { createTestContext, emulatorRequest } from "./emulator-test-context.js";
import { MANAGED_IDENTITY_WORLD } from "./managed-identity-world.js";

describe("managed identity endpoints behind handleRequest", () => {
  let ctx: EmulatorContext;

  beforeAll(async () => {
    ctx = await createTestContext(MANAGED_IDENTITY_WORLD);
  });

  it.each([
    [
      "IMDS (proxy)",
      "http://169.254.169.254/metadata/identity/oauth2/token?resource=https://management.azure.com/",
      "169.254.169.254",
      { Metadata: "true" },
      "GET",
      "",
    ],
    [
      "IMDS (direct)",
      "http://127.0.0.1:8080/metadata/identity/oauth2/token?resource=https://management.azure.com/",
      "emulator",
      { Metadata: "true" },
      "GET",
      "",
    ],
    [
      "App Service",
      "http://127.0.0.1:8080/msi/token?api-version=2019-08-01&resource=https://vault.azure.net",
      "emulator",
      { "X-IDENTITY-HEADER": managedIdentitySurface.identityHeader },
      "GET",
      "",
    ],
    [
      "Cloud Shell",
      "http://127.0.0.1:8080/cloudshell/token",
      "emulator",
      { Metadata: "true" },
      "POST",
      "resource=https://management.azure.com/",
    ],
    [
      "Service Fabric",
      "http://127.0.0.1:8080/servicefabric/metadata/identity/oauth2/token?api-version=2019-07-01-preview&resource=https://vault.azure.net",
      "emulator",
      { secret: managedIdentitySurface.identityHeader },
      "GET",
      "",
    ],
  ])(
    "routes %s to the managed identity surface and logs its decision",
    async (_name, url, host, headers, method, body) => {
      const response = await handleRequest(emulatorRequest(url, { host, headers, method, body }), ctx);
      expect(response.status).toBe(200);
      expect(response.headers.get(DECISION_HEADER)).toBeNull();
      const entry = ctx.log.entries().at(-1);
      expect(entry?.surface).toBe("managed-identity");
      expect(entry?.decision).toMatch(/^allow /);
    },
  );

  it("is the first surface to claim every managed identity path (Entra does not take any of them)", () => {
    for (const path of [
      "/metadata/identity/oauth2/token",
      "/msi/token",
      "/cloudshell/token",
      "/arc/metadata/identity/oauth2/token",
      "/servicefabric/metadata/identity/oauth2/token",
    ]) {
      const request = emulatorRequest(`http://127.0.0.1:8080${path}`, { host: "emulator" });
      expect(SURFACES.find((s) => s.claims(request))?.name).toBe("managed-identity");
    }
  });

  it("logs the probe's refusal", async () => {
    const response = await handleRequest(
      emulatorRequest("http://169.254.169.254/metadata/identity/oauth2/token"),
      ctx,
    );
    expect(response.status).toBe(400);
    expect(ctx.log.entries().at(-1)?.decision).toBe("deny imds vm: no Metadata: true header");
  });
});
