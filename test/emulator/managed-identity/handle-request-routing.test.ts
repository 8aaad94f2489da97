import { beforeAll, describe, expect, it } from "vitest";
import type { EmulatorContext } from "../../../src/emulator/app/context.js";
import type { EmulatorApp } from "../../../src/emulator/app/create-emulator-app.js";
import { createTestApp, emulatorRequest } from "./emulator-test-context.js";
import { MANAGED_IDENTITY_WORLD } from "./managed-identity-world.js";

const IDENTITY_HEADER = "the-identity-header-of-this-app";

describe("managed identity endpoints behind the emulator's request handler", () => {
  let app: EmulatorApp;
  let ctx: EmulatorContext;

  beforeAll(async () => {
    app = await createTestApp(MANAGED_IDENTITY_WORLD, { identityHeader: IDENTITY_HEADER });
    ctx = app.context;
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
      { "X-IDENTITY-HEADER": IDENTITY_HEADER },
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
      { secret: IDENTITY_HEADER },
      "GET",
      "",
    ],
  ])(
    "routes %s to the managed identity surface and logs its decision",
    async (_name, url, host, headers, method, body) => {
      const response = await app.request(emulatorRequest(url, { host, headers, method, body }));
      expect(response.status).toBe(200);
      expect([...response.headers.keys()].filter((name) => name.startsWith("x-keyless"))).toEqual([]);
      const entry = ctx.log.entries().at(-1);
      expect(entry?.surface).toBe("managed-identity");
      expect(entry?.decision).toEqual({ outcome: "allow", code: "ok", detail: expect.any(String) });
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
      expect(app.surfaces.find((s) => s.claims(request))?.name).toBe("managed-identity");
    }
  });

  it("logs the probe's refusal", async () => {
    const response = await app.handle(
      emulatorRequest("http://169.254.169.254/metadata/identity/oauth2/token"),
    );
    expect(response.status).toBe(400);
    expect(ctx.log.entries().at(-1)?.decision).toEqual({
      outcome: "deny",
      code: "invalid-request",
      detail: "imds vm: no Metadata: true header",
    });
  });
});
