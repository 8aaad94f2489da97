import { decodeJwt } from "jose";
import { beforeEach, describe, expect, it } from "vitest";
import type { EmulatorContext } from "../../../src/emulator/app/context.js";
import { createManagedIdentitySurface } from "../../../src/emulator/managed-identity/surface.js";
import type { ManagedIdentity } from "../../../src/emulator/world/model.js";
import { createTestContext, emulatorRequest, readBody, START } from "./emulator-test-context.js";
import { MANAGED_IDENTITY_WORLD } from "./managed-identity-world.js";

const ENDPOINT = "http://127.0.0.1:8080/msi/token";
const CORRELATION = "00000000-0000-0000-0000-0000000000cc";
const HEADER = { "X-IDENTITY-HEADER": "identity-header-secret" };
const VAULT = "https://vault.azure.net";

function identity(ctx: EmulatorContext, name: string): ManagedIdentity {
  const found = ctx.world.hosts.flatMap((h) => h.identities).find((i) => i.name === name);
  if (found === undefined) throw new Error(`no identity ${name}`);
  return found;
}

describe("App Service token endpoint", () => {
  let ctx: EmulatorContext;
  const surface = createManagedIdentitySurface({
    newId: () => CORRELATION,
    identityHeader: "identity-header-secret",
  });

  beforeEach(async () => {
    ctx = await createTestContext({ ...MANAGED_IDENTITY_WORLD, defaults: { host: "web" } });
  });

  async function call(query: string, headers: Record<string, string> = HEADER) {
    const request = emulatorRequest(`${ENDPOINT}${query}`, { headers, host: "emulator", via: "direct" });
    const response = await surface.handle(request, ctx);
    return { response, ...(await readBody(response)) };
  }

  it("answers a missing X-IDENTITY-HEADER with 403 and an empty body, as the live service does", async () => {
    const { response, text } = await call(`?api-version=2019-08-01&resource=${VAULT}`, {});
    expect(response.status).toBe(403);
    expect(text).toBe("");
    expect(response.headers["x-correlation-id"]).toBe(CORRELATION);
    expect(response.decision).toEqual({
      outcome: "deny",
      code: "no-credentials",
      detail: "app-service web: missing X-IDENTITY-HEADER",
    });
  });

  it("answers a wrong X-IDENTITY-HEADER with 403 and an empty body", async () => {
    const { response, text } = await call(`?api-version=2019-08-01&resource=${VAULT}`, {
      "X-IDENTITY-HEADER": "nope",
    });
    expect(response.status).toBe(403);
    expect(text).toBe("");
  });

  it("accepts the legacy secret header only with api-version 2017-09-01", async () => {
    const legacy = await call(`?api-version=2017-09-01&resource=${VAULT}`, {
      secret: "identity-header-secret",
    });
    expect(legacy.response.status).toBe(200);
    const current = await call(`?api-version=2019-08-01&resource=${VAULT}`, {
      secret: "identity-header-secret",
    });
    expect(current.response.status).toBe(403);
  });

  it("issues the 2019-08-01 response for the system-assigned identity", async () => {
    const app = identity(ctx, "app-system");
    const { response, json } = await call(`?api-version=2019-08-01&resource=${VAULT}`);
    expect(response.status).toBe(200);
    const body = json as Record<string, string>;
    expect(Object.keys(body)).toEqual(["access_token", "expires_on", "resource", "token_type", "client_id"]);
    expect(body).toMatchObject({
      expires_on: String(START / 1000 + 3600),
      resource: VAULT,
      token_type: "Bearer",
      client_id: app.clientId,
    });
    expect(decodeJwt(body.access_token ?? "")).toMatchObject({
      aud: VAULT,
      oid: app.objectId,
      appid: app.clientId,
      idtyp: "app",
      ver: "1.0",
    });
  });

  it.each([
    ["client_id", (i: ManagedIdentity) => i.clientId],
    ["object_id", (i: ManagedIdentity) => i.objectId],
    ["principal_id", (i: ManagedIdentity) => i.objectId],
    ["mi_res_id", (i: ManagedIdentity) => i.resourceId],
  ])("selects the user-assigned identity by %s", async (name, value) => {
    const uami = identity(ctx, "uami-a");
    const { response, json } = await call(
      `?api-version=2019-08-01&resource=${VAULT}&${name}=${encodeURIComponent(value(uami))}`,
    );
    expect(response.status).toBe(200);
    expect((json as Record<string, string>).client_id).toBe(uami.clientId);
  });

  it("refuses an unknown identity with App Service's message", async () => {
    const other = identity(ctx, "uami-b");
    const { response, text } = await call(
      `?api-version=2019-08-01&resource=${VAULT}&client_id=${other.clientId}`,
    );
    expect(response.status).toBe(400);
    expect(text).toBe(
      `{"statusCode":400,"message":"Unable to load the proper Managed Identity.","correlationId":"${CORRELATION}"}`,
    );
  });

  it("does not fall back to a lone user-assigned identity without a selector", async () => {
    ctx.world.defaults.host = "web-uami-only";
    const { response, text } = await call(`?api-version=2019-08-01&resource=${VAULT}`);
    expect(response.status).toBe(400);
    expect(text).toBe(
      `{"statusCode":400,"message":"Unable to load the proper Managed Identity.","correlationId":"${CORRELATION}"}`,
    );
  });

  it("relays Entra's AADSTS500011 for an unknown resource", async () => {
    const { response, json } = await call("?api-version=2019-08-01&resource=https://unknown.example.com");
    expect(response.status).toBe(400);
    expect(json).toEqual({
      statusCode: 400,
      message:
        "AADSTS500011: The resource principal named https://unknown.example.com was not found in the tenant named contoso. " +
        "This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. " +
        "You might have sent your authentication request to the wrong tenant.",
      correlationId: CORRELATION,
    });
  });

  it("refuses a request without resource", async () => {
    const { response, json } = await call("?api-version=2019-08-01");
    expect(response.status).toBe(400);
    expect(json).toEqual({
      statusCode: 400,
      message: "The resource parameter is required.",
      correlationId: CORRELATION,
    });
  });

  it("serves /msi/token/ with a trailing slash too", async () => {
    const request = emulatorRequest(`${ENDPOINT}/?api-version=2019-08-01&resource=${VAULT}`, {
      headers: HEADER,
      host: "emulator",
    });
    expect((await surface.handle(request, ctx)).status).toBe(200);
  });
});
