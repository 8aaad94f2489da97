import { decodeJwt } from "jose";
import { beforeEach, describe, expect, it } from "vitest";
import type { EmulatorContext } from "../../../src/emulator/app/context.js";
import { createManagedIdentitySurface } from "../../../src/emulator/managed-identity/surface.js";
import { createTestContext, emulatorRequest, readBody, START } from "./emulator-test-context.js";
import { MANAGED_IDENTITY_WORLD } from "./managed-identity-world.js";

const ENDPOINT = "http://127.0.0.1:8080/servicefabric/metadata/identity/oauth2/token";
const ID = "00000000-0000-0000-0000-0000000000ff";

describe("Service Fabric token endpoint", () => {
  let ctx: EmulatorContext;
  const surface = createManagedIdentitySurface({ newId: () => ID, identityHeader: "sf-secret" });

  beforeEach(async () => {
    ctx = await createTestContext({ ...MANAGED_IDENTITY_WORLD, defaults: { host: "fabric" } });
  });

  async function call(query: string, headers: Record<string, string> = { secret: "sf-secret" }) {
    const response = await surface.handle(
      emulatorRequest(`${ENDPOINT}${query}`, { headers, host: "emulator" }),
      ctx,
    );
    return { response, ...(await readBody(response)) };
  }

  it("issues a token with a numeric expires_on", async () => {
    const { response, json } = await call(
      "?api-version=2019-07-01-preview&resource=https://vault.azure.net/",
    );
    expect(response.status).toBe(200);
    const body = json as Record<string, unknown>;
    expect(body).toMatchObject({
      token_type: "Bearer",
      expires_on: START / 1000 + 3600,
      resource: "https://vault.azure.net/",
    });
    const sf = ctx.world.hosts.find((h) => h.name === "fabric")?.identities[0];
    expect(decodeJwt(String(body.access_token))).toMatchObject({
      oid: sf?.objectId,
      aud: "https://vault.azure.net/",
    });
  });

  it.each([
    [
      "no secret header",
      "?api-version=2019-07-01-preview&resource=https://vault.azure.net",
      {},
      401,
      {
        correlationId: ID,
        code: "SecretHeaderNotFound",
        message: "Secret is not found in the request headers.",
      },
    ],
    [
      "a wrong secret",
      "?api-version=2019-07-01-preview&resource=https://vault.azure.net",
      { secret: "nope" },
      404,
      {
        correlationId: ID,
        code: "ManagedIdentityNotFound",
        message: "Managed identity not found for the specified application host.",
      },
    ],
    [
      "no resource",
      "?api-version=2019-07-01-preview",
      { secret: "sf-secret" },
      400,
      {
        correlationId: ID,
        code: "ArgumentNullOrEmpty",
        message: "The parameter 'resource' should not be null or empty string.",
      },
    ],
    [
      "another api-version",
      "?api-version=2019-08-01&resource=https://vault.azure.net",
      { secret: "sf-secret" },
      400,
      {
        correlationId: ID,
        code: "InvalidApiVersion",
        message: "The api-version '2019-08-01' is not supported. Supported version is '2019-07-01-preview'.",
      },
    ],
  ])("refuses %s with the Service Fabric docs' error", async (_case, query, headers, status, error) => {
    const { response, json } = await call(query, headers);
    expect(response.status).toBe(status);
    expect(json).toEqual({ error });
  });
});
