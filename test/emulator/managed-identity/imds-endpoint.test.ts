import { decodeJwt } from "jose";
import { beforeEach, describe, expect, it } from "vitest";
import type { EmulatorContext } from "../../../src/emulator/app/context.js";
import { verifyAccessToken } from "../../../src/emulator/auth/verify-access-token.js";
import { createManagedIdentitySurface } from "../../../src/emulator/managed-identity/surface.js";
import type { ManagedIdentity } from "../../../src/emulator/world/model.js";
import { createTestContext, emulatorRequest, readBody, START } from "./emulator-test-context.js";
import { MANAGED_IDENTITY_WORLD } from "./managed-identity-world.js";

const IMDS = "http://169.254.169.254/metadata/identity/oauth2/token";
const METADATA = { Metadata: "true" };
const ARM = "https://management.azure.com/";

function identity(ctx: EmulatorContext, name: string): ManagedIdentity {
  const found = ctx.world.hosts.flatMap((h) => h.identities).find((i) => i.name === name);
  if (found === undefined) throw new Error(`no identity ${name}`);
  return found;
}

describe("IMDS token endpoint", () => {
  let ctx: EmulatorContext;
  const surface = createManagedIdentitySurface({ newId: () => "00000000-0000-0000-0000-0000000000aa" });

  beforeEach(async () => {
    ctx = await createTestContext(MANAGED_IDENTITY_WORLD);
  });

  async function call(query: string, headers: Record<string, string> = METADATA) {
    const response = await surface.handle(emulatorRequest(`${IMDS}${query}`, { headers }), ctx);
    return { response, ...(await readBody(response)) };
  }

  it("refuses a request without Metadata: true with IMDS's exact body", async () => {
    const { response, text } = await call(
      "?api-version=2018-02-01&resource=https://management.azure.com/",
      {},
    );
    expect(response.status).toBe(400);
    expect(text).toBe(
      '{"error":"invalid_request","error_description":"Required metadata header not specified"}',
    );
    expect(response.headers["content-type"]).toBe("application/json; charset=utf-8");
  });

  it("answers DefaultAzureCredential's probe (no query, no header) with a 400, meaning available", async () => {
    const { response, text } = await call("", {});
    expect(response.status).toBe(400);
    expect(text).toBe(
      '{"error":"invalid_request","error_description":"Required metadata header not specified"}',
    );
  });

  it("refuses Metadata: True (IMDS wants lower-case true)", async () => {
    const { response } = await call("?api-version=2018-02-01&resource=https://management.azure.com/", {
      Metadata: "True",
    });
    expect(response.status).toBe(400);
  });

  it("refuses a request without resource", async () => {
    const { response, text } = await call("?api-version=2018-02-01");
    expect(response.status).toBe(400);
    expect(text).toBe(
      '{"error":"invalid_request","error_description":"Required query variable \'resource\' is missing"}',
    );
  });

  it("issues a v1 token for the system-assigned identity with string values in IMDS's field order", async () => {
    const vm = identity(ctx, "vm-system");
    const { response, json } = await call(`?api-version=2018-02-01&resource=${encodeURIComponent(ARM)}`);
    expect(response.status).toBe(200);
    const body = json as Record<string, string>;
    expect(Object.keys(body)).toEqual([
      "access_token",
      "refresh_token",
      "expires_in",
      "expires_on",
      "ext_expires_in",
      "not_before",
      "resource",
      "token_type",
      "client_id",
    ]);
    const now = START / 1000;
    expect(body).toMatchObject({
      refresh_token: "",
      expires_in: "3600",
      expires_on: String(now + 3600),
      ext_expires_in: "3600",
      not_before: String(now),
      resource: ARM,
      token_type: "Bearer",
      client_id: vm.clientId,
    });
    const claims = decodeJwt(body.access_token ?? "");
    expect(claims).toMatchObject({
      aud: ARM,
      iss: `https://sts.windows.net/${vm.tenantId}/`,
      oid: vm.objectId,
      appid: vm.clientId,
      idtyp: "app",
      ver: "1.0",
      tid: vm.tenantId,
      xms_mirid: vm.resourceId,
    });
    const verified = await verifyAccessToken(body.access_token ?? "", ctx, { expectedAudiences: [ARM] });
    expect(verified.ok).toBe(true);
    expect(response.decision).toEqual({
      outcome: "allow",
      code: "ok",
      detail: `imds token for vm-system (${vm.clientId}) resource ${ARM}`,
    });
  });

  it.each([
    ["client_id", (i: ManagedIdentity) => i.clientId],
    ["object_id", (i: ManagedIdentity) => i.objectId],
    ["msi_res_id", (i: ManagedIdentity) => i.resourceId],
  ])("selects the user-assigned identity by %s", async (name, value) => {
    const uami = identity(ctx, "uami-a");
    const { response, json } = await call(
      `?api-version=2018-02-01&resource=https://cognitiveservices.azure.com&${name}=${encodeURIComponent(value(uami))}`,
    );
    expect(response.status).toBe(200);
    const body = json as Record<string, string>;
    expect(body.client_id).toBe(uami.clientId);
    expect(decodeJwt(body.access_token ?? "")).toMatchObject({
      oid: uami.objectId,
      appid: uami.clientId,
      aud: "https://cognitiveservices.azure.com",
    });
  });

  it("matches selectors case-insensitively", async () => {
    const uami = identity(ctx, "uami-a");
    const { response } = await call(
      `?api-version=2018-02-01&resource=https://cognitiveservices.azure.com&client_id=${uami.clientId.toUpperCase()}`,
    );
    expect(response.status).toBe(200);
  });

  it("refuses an identity that is not attached to the VM with 'Identity not found'", async () => {
    const other = identity(ctx, "uami-b");
    const { response, text } = await call(
      `?api-version=2018-02-01&resource=${ARM}&client_id=${other.clientId}`,
    );
    expect(response.status).toBe(400);
    expect(text).toBe('{"error":"invalid_request","error_description":"Identity not found"}');
    expect(response.decision).toEqual({
      outcome: "deny",
      code: "credential.mi-identity-not-assigned",
      detail: `no identity with client_id ${other.clientId} on host vm`,
    });
  });

  it("refuses a VM without identities with 'Identity not found'", async () => {
    ctx.world.defaults.host = "vm-none";
    const { response, text } = await call(`?api-version=2018-02-01&resource=${ARM}`);
    expect(response.status).toBe(400);
    expect(text).toBe('{"error":"invalid_request","error_description":"Identity not found"}');
  });

  it("refuses several user-assigned identities without a selector with IMDS's message", async () => {
    ctx.world.defaults.host = "vm-multi";
    const { response, text } = await call(`?api-version=2018-02-01&resource=${ARM}`);
    expect(response.status).toBe(400);
    expect(text).toBe(
      '{"error":"invalid_request","error_description":"Multiple user assigned identities exist, please specify the clientId / resourceId of the identity in the token request"}',
    );
  });

  it("uses the only user-assigned identity when the VM has no system identity", async () => {
    ctx.world.defaults.host = "vm-single";
    const { response, json } = await call(`?api-version=2018-02-01&resource=${ARM}`);
    expect(response.status).toBe(200);
    expect((json as Record<string, string>).client_id).toBe(identity(ctx, "uami-b").clientId);
  });

  it("refuses a resource Entra does not know with invalid_resource AADSTS50001", async () => {
    const vm = identity(ctx, "vm-system");
    const { response, json } = await call("?api-version=2018-02-01&resource=https://unknown.example.com");
    expect(response.status).toBe(400);
    expect(json).toEqual({
      error: "invalid_resource",
      error_description:
        `AADSTS50001: The application named https://unknown.example.com was not found in the tenant named ${vm.tenantId}. ` +
        "This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. " +
        "You might have sent your authentication request to the wrong tenant.\r\n" +
        "Trace ID: 00000000-0000-0000-0000-0000000000aa\r\n" +
        "Correlation ID: 00000000-0000-0000-0000-0000000000aa\r\n" +
        "Timestamp: 2025-03-01 12:00:00Z",
    });
  });

  it("refuses another cloud's resource for an identity in a US Government tenant", async () => {
    ctx.world.defaults.host = "vm-gov";
    const { response, json } = await call(
      "?api-version=2018-02-01&resource=https://cognitiveservices.azure.cn",
    );
    expect(response.status).toBe(400);
    expect((json as { error: string }).error).toBe("invalid_resource");
    // Gov Entra issues the public Cognitive Services audience (the data plane then refuses it:
    // token.wrong-audience), as users with a hard-coded public scope report.
    const publicScope = await call("?api-version=2018-02-01&resource=https://cognitiveservices.azure.com");
    expect(publicScope.response.status).toBe(200);
    expect(decodeJwt((publicScope.json as Record<string, string>).access_token ?? "").aud).toBe(
      "https://cognitiveservices.azure.com",
    );
    const ok = await call("?api-version=2018-02-01&resource=https://cognitiveservices.azure.us");
    expect(ok.response.status).toBe(200);
    expect(decodeJwt((ok.json as Record<string, string>).access_token ?? "").iss).toBe(
      `https://login.microsoftonline.us/${identity(ctx, "gov-system").tenantId}/`,
    );
  });

  it("accepts an app's api://<clientId> resource", async () => {
    const { response } = await call(
      "?api-version=2018-02-01&resource=api://11111111-2222-3333-4444-555555555555",
    );
    expect(response.status).toBe(200);
  });
});
