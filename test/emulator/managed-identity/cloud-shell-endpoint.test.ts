import { decodeJwt } from "jose";
import { beforeEach, describe, expect, it } from "vitest";
import type { EmulatorContext } from "../../../src/emulator/app/context.js";
import { isCloudShellAudience } from "../../../src/emulator/managed-identity/cloud-shell-endpoint.js";
import {
  CLOUD_SHELL_SUPPORTED_AUDIENCES,
  cloudShellAudienceNotSupported,
} from "../../../src/emulator/managed-identity/error-bodies.js";
import { createManagedIdentitySurface } from "../../../src/emulator/managed-identity/surface.js";
import { createTestContext, emulatorRequest, readBody } from "./emulator-test-context.js";
import { MANAGED_IDENTITY_WORLD } from "./managed-identity-world.js";

const ENDPOINT = "http://127.0.0.1:8080/cloudshell/token";
const FORM = { Metadata: "true", "Content-Type": "application/x-www-form-urlencoded" };

// Azure/CloudShell#351 prefix, then the rest of the list as #155 publishes it, then ai.azure.com (#550).
const EXPECTED_LIST =
  "https://management.core.windows.net/,https://management.azure.com/,https://graph.windows.net/,https://vault.azure.net," +
  "https://datalake.azure.net/,https://outlook.office365.com/,https://graph.microsoft.com/,https://batch.core.windows.net/," +
  "https://analysis.windows.net/powerbi/api,https://storage.azure.com/,https://rest.media.azure.net,https://api.loganalytics.io," +
  "https://ossrdbms-aad.database.windows.net,https://www.yammer.com,https://digitaltwins.azure.net," +
  "0b07f429-9f4b-4714-9392-cc5e8e80c8b0,822c8694-ad95-4735-9c55-256f7db2f9b4,https://dev.azuresynapse.net," +
  "https://database.windows.net,https://quantum.microsoft.com,https://iothubs.azure.net,2ff814a6-3304-4ab8-85cb-cd0e6f879c1d," +
  "https://azuredatabricks.net/,ce34e7e5-485f-4d76-964f-b3d2b16d1e4f,https://azure-devices-provisioning.net,https://ai.azure.com";

describe("Cloud Shell token endpoint", () => {
  let ctx: EmulatorContext;
  const surface = createManagedIdentitySurface();

  beforeEach(async () => {
    ctx = await createTestContext({ ...MANAGED_IDENTITY_WORLD, defaults: { host: "shell" } });
  });

  async function post(body: string, headers: Record<string, string> = FORM) {
    const request = emulatorRequest(ENDPOINT, {
      method: "POST",
      headers,
      body,
      host: "emulator",
      via: "direct",
    });
    const response = await surface.handle(request, ctx);
    return { response, ...(await readBody(response)) };
  }

  it("refuses https://cognitiveservices.azure.com with AudienceNotSupported, verbatim", async () => {
    const { response, text } = await post("resource=https%3A%2F%2Fcognitiveservices.azure.com");
    expect(response.status).toBe(400);
    expect(text).toBe(
      `{"error":{"code":"AudienceNotSupported","message":"Audience https://cognitiveservices.azure.com is not a supported MSI token audience. Supported audiences: ${EXPECTED_LIST}"}}`,
    );
    expect(response.decision).toEqual({
      outcome: "deny",
      code: "credential.mi-audience-not-supported",
      detail: "https://cognitiveservices.azure.com is not on Cloud Shell's audience list",
    });
  });

  it("echoes the audience as the client sent it (trailing slash kept)", () => {
    expect(cloudShellAudienceNotSupported("https://appservice.azure.com/").error.message).toMatch(
      /^Audience https:\/\/appservice\.azure\.com\/ is not a supported MSI token audience\. Supported audiences: /,
    );
  });

  it("issues a user token for the signed-in user for https://management.azure.com (with or without slash)", async () => {
    const alice = ctx.world.users[0];
    for (const resource of ["https://management.azure.com", "https://management.azure.com/"]) {
      const { response, json } = await post(`resource=${encodeURIComponent(resource)}`);
      expect(response.status).toBe(200);
      const body = json as Record<string, string>;
      expect(body.resource).toBe(resource);
      expect(body.token_type).toBe("Bearer");
      expect(body.client_id).toBeUndefined();
      expect(decodeJwt(body.access_token ?? "")).toMatchObject({
        aud: resource,
        oid: alice?.objectId,
        upn: alice?.upn,
        idtyp: "user",
        ver: "1.0",
      });
    }
  });

  it("accepts a GET with ?resource= as well", async () => {
    const request = emulatorRequest(`${ENDPOINT}?resource=https://graph.microsoft.com/`, {
      headers: { Metadata: "true" },
      host: "emulator",
    });
    expect((await surface.handle(request, ctx)).status).toBe(200);
  });

  it("requires Metadata: true", async () => {
    const { response, text } = await post("resource=https://management.azure.com/", {});
    expect(response.status).toBe(400);
    expect(text).toBe(
      '{"error":"invalid_request","error_description":"Required metadata header not specified"}',
    );
  });

  it("requires a resource", async () => {
    const { response, text } = await post("");
    expect(response.status).toBe(400);
    expect(text).toBe(
      '{"error":"invalid_request","error_description":"Required query variable \'resource\' is missing"}',
    );
  });

  it("knows ai.azure.com (added 2025) and GUID audiences, not cognitiveservices", () => {
    expect(isCloudShellAudience("https://ai.azure.com")).toBe(true);
    expect(isCloudShellAudience("2FF814A6-3304-4AB8-85CB-CD0E6F879C1D")).toBe(true);
    expect(isCloudShellAudience("https://cognitiveservices.azure.com/")).toBe(false);
    expect(CLOUD_SHELL_SUPPORTED_AUDIENCES).toHaveLength(26);
  });
});
