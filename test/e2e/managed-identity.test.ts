import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAccessToken } from "../../src/emulator/auth/verify-access-token.js";
import { MANAGED_IDENTITY_PATHS } from "../../src/emulator/managed-identity/endpoint-paths.js";
import { CLOUD_SHELL_SUPPORTED_AUDIENCES } from "../../src/emulator/managed-identity/error-bodies.js";
import { type RunningEmulator, startEmulator } from "../../src/emulator/start-emulator.js";
import type { ManagedIdentity } from "../../src/emulator/world/model.js";
import type { WorldInput } from "../../src/emulator/world/schema.js";

const run = promisify(execFile);

/**
 * The real `ManagedIdentityCredential` in a fresh Node process (msal-node caches the managed
 * identity source in a static field, so every source needs its own process). It prints one JSON
 * line: the token and its expiry, or the error's name and message.
 */
const CLIENT = `
import { ManagedIdentityCredential } from "@azure/identity";
const clientId = process.env.TEST_CLIENT_ID;
try {
  const credential = clientId ? new ManagedIdentityCredential({ clientId }) : new ManagedIdentityCredential();
  const token = await credential.getToken(process.env.TEST_SCOPE);
  console.log(JSON.stringify({ ok: true, token: token.token, expiresOnTimestamp: token.expiresOnTimestamp }));
} catch (error) {
  console.log(JSON.stringify({ ok: false, name: error.name, message: error.message }));
}
`;

type ClientResult =
  | { ok: true; token: string; expiresOnTimestamp: number }
  | { ok: false; name: string; message: string };

async function runClient(
  env: Record<string, string>,
  scope: string,
  clientId?: string,
): Promise<ClientResult> {
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", CLIENT], {
    cwd: process.cwd(),
    timeout: 60_000,
    // A clean environment: only what the scenario sets (no proxy or Azure variables leak in).
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      TEST_SCOPE: scope,
      ...(clientId === undefined ? {} : { TEST_CLIENT_ID: clientId }),
      ...env,
    },
  });
  const last = stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(last) as ClientResult;
}

const WORLD: WorldInput = {
  tenants: [{ name: "contoso" }],
  users: [{ name: "alice", tenant: "contoso", password: "P@ssw0rd!" }],
  managedIdentities: [
    { name: "vm-system", tenant: "contoso", kind: "system" },
    { name: "uami-a", tenant: "contoso", kind: "user" },
    { name: "uami-b", tenant: "contoso", kind: "user" },
    { name: "web-system", tenant: "contoso", kind: "system" },
    { name: "arc-system", tenant: "contoso", kind: "system" },
    { name: "sf-system", tenant: "contoso", kind: "system" },
  ],
  hosts: [
    { name: "vm", kind: "imds", identities: ["vm-system", "uami-a"] },
    { name: "vm-multi", kind: "imds", identities: ["uami-a", "uami-b"] },
    { name: "web", kind: "app-service", identities: ["web-system", "uami-a"] },
    { name: "shell", kind: "cloud-shell", user: "alice" },
    { name: "arc", kind: "arc", identities: ["arc-system"] },
    { name: "fabric", kind: "service-fabric", identities: ["sf-system"] },
  ],
  defaults: { host: "vm" },
};

describe("real ManagedIdentityCredential against the emulator", () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({ world: WORLD, port: 0 });
  });

  afterAll(async () => {
    await emulator?.close();
  });

  function identity(name: string): ManagedIdentity {
    const found = emulator.world.hosts.flatMap((h) => h.identities).find((i) => i.name === name);
    if (found === undefined) throw new Error(`no identity ${name}`);
    return found;
  }

  async function expectToken(
    result: ClientResult,
    who: ManagedIdentity | { objectId: string },
    audience: string,
  ) {
    if (!result.ok) throw new Error(`expected a token, got ${result.name}: ${result.message}`);
    const verified = await verifyAccessToken(result.token, emulator.context, {
      expectedAudiences: [audience],
    });
    expect(verified.ok).toBe(true);
    expect(decodeJwt(result.token)).toMatchObject({ oid: who.objectId, aud: audience });
    expect(result.expiresOnTimestamp).toBeGreaterThan(emulator.context.clock.now());
  }

  const endpoint = (kind: keyof typeof MANAGED_IDENTITY_PATHS) =>
    `${emulator.urls.http}${MANAGED_IDENTITY_PATHS[kind]}`;

  it("IMDS: system-assigned identity (AZURE_POD_IDENTITY_AUTHORITY_HOST)", async () => {
    const result = await runClient(
      { AZURE_POD_IDENTITY_AUTHORITY_HOST: emulator.urls.http },
      "https://management.azure.com/.default",
    );
    await expectToken(result, identity("vm-system"), "https://management.azure.com");
  });

  it("IMDS: user-assigned identity by clientId", async () => {
    const uami = identity("uami-a");
    const result = await runClient(
      { AZURE_POD_IDENTITY_AUTHORITY_HOST: emulator.urls.http },
      "https://cognitiveservices.azure.com/.default",
      uami.clientId,
    );
    await expectToken(result, uami, "https://cognitiveservices.azure.com");
    expect(decodeJwt(result.ok ? result.token : "").appid).toBe(uami.clientId);
  });

  it("IMDS: an identity not attached to the VM surfaces 'Identity not found'", async () => {
    const result = await runClient(
      { AZURE_POD_IDENTITY_AUTHORITY_HOST: emulator.urls.http },
      "https://management.azure.com/.default",
      identity("uami-b").clientId,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.name).toBe("CredentialUnavailableError");
    expect(result.message).toBe(
      "ManagedIdentityCredential: Authentication failed. Message invalid_request: Error(s): Not Available - Timestamp: Not Available - Description: Identity not found - Correlation ID: Not Available - Trace ID: Not Available",
    );
  });

  it("IMDS: several user-assigned identities without a clientId surface IMDS's message", async () => {
    emulator.world.defaults.host = "vm-multi";
    try {
      const result = await runClient(
        { AZURE_POD_IDENTITY_AUTHORITY_HOST: emulator.urls.http },
        "https://management.azure.com/.default",
      );
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.message).toBe(
        "ManagedIdentityCredential: Authentication failed. Message invalid_request: Error(s): Not Available - Timestamp: Not Available - Description: Multiple user assigned identities exist, please specify the clientId / resourceId of the identity in the token request - Correlation ID: Not Available - Trace ID: Not Available",
      );
    } finally {
      emulator.world.defaults.host = "vm";
    }
  });

  it("App Service: IDENTITY_ENDPOINT + IDENTITY_HEADER", async () => {
    const result = await runClient(
      { IDENTITY_ENDPOINT: endpoint("app-service"), IDENTITY_HEADER: emulator.identityHeader },
      "https://vault.azure.net/.default",
    );
    await expectToken(result, identity("web-system"), "https://vault.azure.net");
  });

  it("App Service: user-assigned identity by clientId", async () => {
    const uami = identity("uami-a");
    const result = await runClient(
      { IDENTITY_ENDPOINT: endpoint("app-service"), IDENTITY_HEADER: emulator.identityHeader },
      "https://cognitiveservices.azure.com/.default",
      uami.clientId,
    );
    await expectToken(result, uami, "https://cognitiveservices.azure.com");
  });

  it("App Service: a wrong IDENTITY_HEADER fails", async () => {
    const result = await runClient(
      { IDENTITY_ENDPOINT: endpoint("app-service"), IDENTITY_HEADER: "wrong" },
      "https://vault.azure.net/.default",
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.name).toBe("CredentialUnavailableError");
    // The live service's 403 has an empty body, which msal-node cannot parse: this is what real apps see.
    expect(result.message).toBe(
      "ManagedIdentityCredential: Authentication failed. Message Cannot read properties of undefined (reading 'expires_on')",
    );
  });

  it("Cloud Shell: a management token for the signed-in user", async () => {
    const alice = emulator.world.users.find((u) => u.name === "alice");
    if (alice === undefined) throw new Error("no alice");
    const result = await runClient(
      { MSI_ENDPOINT: endpoint("cloud-shell") },
      "https://management.azure.com/.default",
    );
    await expectToken(result, alice, "https://management.azure.com");
  });

  it("Cloud Shell: the cognitiveservices scope surfaces AudienceNotSupported", async () => {
    const result = await runClient(
      { MSI_ENDPOINT: endpoint("cloud-shell") },
      "https://cognitiveservices.azure.com/.default",
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.name).toBe("CredentialUnavailableError");
    expect(result.message).toBe(
      "ManagedIdentityCredential: Authentication failed. Message AudienceNotSupported: Error(s): Not Available - Timestamp: Not Available - " +
        "Description: Audience https://cognitiveservices.azure.com is not a supported MSI token audience. " +
        `Supported audiences: ${CLOUD_SHELL_SUPPORTED_AUDIENCES.join(",")} - Correlation ID: Not Available - Trace ID: Not Available`,
    );
  });

  it("Azure Arc: the challenge-file flow (msal-node reads only /var/opt/azcmagent/tokens/*.key)", async () => {
    const result = await runClient(
      { IDENTITY_ENDPOINT: endpoint("arc"), IMDS_ENDPOINT: emulator.urls.http },
      "https://management.azure.com/.default",
    );
    if (process.getuid?.() === 0) {
      // Root can create the directory the real client insists on.
      await expectToken(result, identity("arc-system"), "https://management.azure.com");
    } else {
      // Without root the challenge file goes under the state directory: the emulator answers its
      // 401 challenge (never a 500) and msal-node refuses a path outside its own.
      expect(result.ok).toBe(false);
      expect(emulator.context.log.entries().at(-1)?.status).toBe(401);
      expect(emulator.context.log.entries().at(-1)?.decision.outcome).toBe("challenge");
    }
  });

  it("Service Fabric: IDENTITY_ENDPOINT + IDENTITY_HEADER + IDENTITY_SERVER_THUMBPRINT", async () => {
    const result = await runClient(
      {
        IDENTITY_ENDPOINT: endpoint("service-fabric"),
        IDENTITY_HEADER: emulator.identityHeader,
        IDENTITY_SERVER_THUMBPRINT: "0000000000000000000000000000000000000000",
      },
      "https://vault.azure.net/.default",
    );
    await expectToken(result, identity("sf-system"), "https://vault.azure.net");
  });
});
