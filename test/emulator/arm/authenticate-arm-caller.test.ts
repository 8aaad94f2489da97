import { beforeEach, describe, expect, it } from "vitest";
import type { EmulatorContext } from "../../../src/emulator/app/context.js";
import { createArmSurface } from "../../../src/emulator/arm/surface.js";
import { createTestContext } from "../managed-identity/emulator-test-context.js";
import { armCall, principalNamed, subscriptionId, tenantId, tokenFor } from "./arm-test-helpers.js";
import { ARM_WORLD } from "./arm-world.js";

const V = "?api-version=2022-12-01";

describe("ARM authentication", () => {
  let ctx: EmulatorContext;
  const surface = createArmSurface({ newId: () => "11111111-1111-1111-1111-111111111111" });

  beforeEach(async () => {
    ctx = await createTestContext(ARM_WORLD);
  });

  it("refuses a request without Authorization with AuthenticationFailed", async () => {
    const { response, decision, text } = await armCall(surface, ctx, `/subscriptions${V}`);
    expect(response.status).toBe(401);
    expect(text).toBe(
      `{"error":{"code":"AuthenticationFailed","message":"Authentication failed. The 'Authorization' header is missing."}}`,
    );
    expect(response.headers.get("www-authenticate")).toBe(
      `Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="The authentication failed because of missing 'Authorization' header."`,
    );
    expect(response.headers.get("x-ms-request-id")).toBe("11111111-1111-1111-1111-111111111111");
    expect(decision).toEqual({ outcome: "deny", code: "no-credentials", detail: "no Authorization header" });
  });

  it("refuses a non-Bearer or malformed token with InvalidAuthenticationToken", async () => {
    for (const authorization of ["Basic dXNlcjpwYXNz", "Bearer not-a-jwt"]) {
      const { response, text } = await armCall(surface, ctx, `/subscriptions${V}`, {
        headers: { Authorization: authorization },
      });
      expect(response.status).toBe(401);
      expect(text).toBe(
        '{"error":{"code":"InvalidAuthenticationToken","message":"The access token is invalid."}}',
      );
    }
  });

  it("refuses a token with a tampered payload", async () => {
    const token = await tokenFor(ctx, "olivia-owner");
    const [header, payload, signature] = token.split(".");
    const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8"));
    claims.oid = principalNamed(ctx, "nina-nobody").objectId;
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${signature}`;
    const { response, text } = await armCall(surface, ctx, `/subscriptions${V}`, { token: forged });
    expect(response.status).toBe(401);
    expect(text).toBe(
      '{"error":{"code":"InvalidAuthenticationToken","message":"The access token is invalid."}}',
    );
  });

  it("refuses a Cognitive Services token with InvalidAuthenticationTokenAudience", async () => {
    const token = await tokenFor(ctx, "olivia-owner", { resource: "https://cognitiveservices.azure.com" });
    const { response, text } = await armCall(surface, ctx, `/subscriptions${V}`, { token });
    expect(response.status).toBe(401);
    expect(text).toBe(
      `{"error":{"code":"InvalidAuthenticationTokenAudience","message":"The access token has been obtained for wrong audience or resource 'https://cognitiveservices.azure.com'. It should exactly match with one of the allowed audiences 'https://management.core.windows.net/','https://management.core.windows.net','https://management.azure.com/','https://management.azure.com'."}}`,
    );
  });

  it("refuses an expired token with ExpiredAuthenticationToken", async () => {
    const token = await tokenFor(ctx, "olivia-owner");
    ctx.clock.advance(2 * 60 * 60 * 1000);
    const { response, text } = await armCall(surface, ctx, `/subscriptions${V}`, { token });
    expect(response.status).toBe(401);
    expect(text).toBe(
      `{"error":{"code":"ExpiredAuthenticationToken","message":"The access token expiry UTC time '3/1/2025 1:00:00 PM' is earlier than current UTC time '3/1/2025 2:00:00 PM'."}}`,
    );
  });

  it("accepts management.core.windows.net and v2 tokens", async () => {
    for (const options of [
      { resource: "https://management.core.windows.net/" },
      { resource: "https://management.azure.com", version: 2 as const },
    ]) {
      const token = await tokenFor(ctx, "olivia-owner", options);
      const { response } = await armCall(surface, ctx, `/subscriptions${V}`, { token });
      expect(response.status).toBe(200);
    }
  });

  it("refuses a token of another tenant with InvalidAuthenticationTokenTenant, verbatim", async () => {
    const token = await tokenFor(ctx, "fred-fabrikam");
    const sub = subscriptionId(ctx, "prod");
    const contoso = tenantId(ctx, "contoso");
    const fabrikam = tenantId(ctx, "fabrikam");
    const { response, decision, json } = await armCall(
      surface,
      ctx,
      `/subscriptions/${sub}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=atScope()`,
      { token },
    );
    expect(response.status).toBe(401);
    expect(json).toEqual({
      error: {
        code: "InvalidAuthenticationTokenTenant",
        message:
          `The access token is from the wrong issuer 'https://sts.windows.net/${fabrikam}/'. It must match the tenant 'https://sts.windows.net/${contoso}/' associated with this subscription. ` +
          `Please use the authority (URL) 'https://login.windows.net/${contoso}' to get the token. ` +
          "Note, if the subscription is transferred to another tenant there is no impact to the services, but information about new tenant could take time to propagate (up to an hour). " +
          "If you just transferred your subscription and see this error message, please try back later.",
      },
    });
    expect(decision).toEqual({
      outcome: "deny",
      code: "token.wrong-tenant",
      detail: `token tenant ${fabrikam}, subscription tenant ${contoso}`,
    });
  });

  it("lets a guest in with a token from the subscription's tenant", async () => {
    const sub = subscriptionId(ctx, "prod");
    const home = await tokenFor(ctx, "gus-guest");
    const guest = await tokenFor(ctx, "gus-guest", { tenant: "contoso" });
    const path = `/subscriptions/${sub}/resourceGroups/ai-rg/providers/Microsoft.CognitiveServices/accounts/contoso-ai?api-version=2025-06-01`;
    expect((await armCall(surface, ctx, path, { token: home })).response.status).toBe(401);
    expect((await armCall(surface, ctx, path, { token: guest })).response.status).toBe(200);
  });

  it("requires api-version", async () => {
    const token = await tokenFor(ctx, "olivia-owner");
    const { response, text } = await armCall(surface, ctx, "/subscriptions", { token });
    expect(response.status).toBe(400);
    expect(text).toBe(
      '{"error":{"code":"MissingApiVersionParameter","message":"The api-version query parameter (?api-version=) is required for all requests."}}',
    );
  });

  it("answers the sovereign ARM hosts with their own audiences", async () => {
    const token = await tokenFor(ctx, "olivia-owner");
    const { response, json } = await armCall(surface, ctx, `/subscriptions${V}`, {
      token,
      host: "management.usgovcloudapi.net",
    });
    expect(response.status).toBe(401);
    expect((json as { error: { code: string; message: string } }).error.message).toContain(
      "'https://management.core.usgovcloudapi.net/','https://management.core.usgovcloudapi.net','https://management.usgovcloudapi.net/','https://management.usgovcloudapi.net'",
    );
  });
});
