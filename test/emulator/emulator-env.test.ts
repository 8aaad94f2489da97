import { beforeAll, describe, expect, it } from "vitest";
import { emulatorEnv } from "../../src/emulator/emulator-env.js";
import { proxiedHttpsHosts, servesProxyHost } from "../../src/emulator/proxy-hosts.js";
import { getScenario } from "../../src/emulator/scenarios/index.js";
import { validateWorld } from "../../src/emulator/world/load-world.js";
import type { World } from "../../src/emulator/world/model.js";
import { resolveWorld } from "../../src/emulator/world/resolve-world.js";
import type { WorldInput } from "../../src/emulator/world/schema.js";

const URLS = { base: "https://127.0.0.1:8443", http: "http://127.0.0.1:8080" };
const NOW = Date.parse("2025-06-01T12:00:00Z");

function resolve(input: WorldInput): Promise<World> {
  return resolveWorld(validateWorld(structuredClone(input), "env test"), {
    now: NOW,
    generateAccountKey: () => "k".repeat(32),
    generateCertificate: async () => {
      throw new Error("no certificates in these worlds");
    },
  });
}

function scenarioWorld(name: string): WorldInput {
  const world = structuredClone(getScenario(name)?.world);
  if (world === undefined) throw new Error(`no scenario ${name}`);
  for (const app of world.applications ?? []) app.certificates = [];
  return world;
}

describe("emulatorEnv", () => {
  let world: World;
  beforeAll(async () => {
    world = await resolve(scenarioWorld("default"));
  });

  it("points an unmodified client at the emulator", () => {
    const app = world.applications[0];
    expect(emulatorEnv(world, { urls: URLS, caCertificatePath: "/state/ca.pem", now: NOW })).toEqual({
      AZURE_AUTHORITY_HOST: "https://127.0.0.1:8443",
      NODE_EXTRA_CA_CERTS: "/state/ca.pem",
      REQUESTS_CA_BUNDLE: "/state/ca.pem",
      SSL_CERT_FILE: "/state/ca.pem",
      HTTPS_PROXY: "http://127.0.0.1:8080",
      HTTP_PROXY: "http://127.0.0.1:8080",
      NO_PROXY: "127.0.0.1,localhost,::1",
      AZURE_POD_IDENTITY_AUTHORITY_HOST: "http://127.0.0.1:8080",
      OPENAI_API_VERSION: "2024-10-21",
      AZURE_TENANT_ID: world.tenants[0]?.id,
      AZURE_CLIENT_ID: app?.clientId,
      AZURE_CLIENT_SECRET: app?.secrets[0]?.value,
      AZURE_OPENAI_ENDPOINT: "https://127.0.0.1:8443/_host/contoso-openai.openai.azure.com",
      AZURE_OPENAI_DEPLOYMENT: "gpt-4o",
    });
  });

  it("follows the world's defaults: regional endpoint, API keys, secret ID, extra and removed variables", async () => {
    const input = scenarioWorld("default");
    input.defaults = {
      ...input.defaults,
      endpoint: "regional",
      apiKey: "valid",
      clientSecret: "secret-id",
      env: { AZURE_AUTHORITY_HOST: null, EXTRA: "1" },
    };
    const changed = await resolve(input);
    const env = emulatorEnv(changed, { urls: URLS, caCertificatePath: "/ca.pem", now: NOW });
    expect(env.AZURE_OPENAI_ENDPOINT).toBe("https://127.0.0.1:8443/_host/eastus.api.cognitive.microsoft.com");
    expect(env.AZURE_OPENAI_API_KEY).toBe("k".repeat(32));
    expect(env.AZURE_CLIENT_SECRET).toBe(changed.applications[0]?.secrets[0]?.id);
    expect(env.EXTRA).toBe("1");
    expect("AZURE_AUTHORITY_HOST" in env).toBe(false);
    input.defaults = { ...input.defaults, apiKey: "invalid", clientSecret: "none" };
    const invalid = emulatorEnv(await resolve(input), { urls: URLS, caCertificatePath: "/ca.pem", now: NOW });
    expect(invalid.AZURE_OPENAI_API_KEY).toBe("0123456789abcdef0123456789abcdef");
    expect("AZURE_CLIENT_SECRET" in invalid).toBe(false);
  });

  it("seed-000 prints a valid API key (the key works, the token does not)", async () => {
    const seed = await resolve(scenarioWorld("seed-000"));
    expect(
      emulatorEnv(seed, { urls: URLS, caCertificatePath: "/ca.pem", now: NOW }).AZURE_OPENAI_API_KEY,
    ).toBe("k".repeat(32));
  });
});

describe("proxy hosts", () => {
  it("terminates TLS for Entra and ARM of every cloud and the world's account hosts, plain HTTP for IMDS only", async () => {
    const world = await resolve(scenarioWorld("default"));
    const hosts = proxiedHttpsHosts(world);
    for (const host of [
      "login.microsoftonline.com",
      "login.windows.net",
      "login.microsoftonline.us",
      "login.chinacloudapi.cn",
      "login.partner.microsoftonline.cn",
      "management.azure.com",
      "management.usgovcloudapi.net",
      "management.chinacloudapi.cn",
      "contoso-openai.openai.azure.com",
      "contoso-openai.cognitiveservices.azure.com",
      "eastus.api.cognitive.microsoft.com",
    ]) {
      expect(hosts.has(host)).toBe(true);
    }
    expect(servesProxyHost(world, "Login.MicrosoftOnline.com", "https")).toBe(true);
    expect(servesProxyHost(world, "example.com", "https")).toBe(false);
    expect(servesProxyHost(world, "other.openai.azure.com", "https")).toBe(false);
    expect(servesProxyHost(world, "169.254.169.254", "http")).toBe(true);
    expect(servesProxyHost(world, "login.microsoftonline.com", "http")).toBe(false);
  });
});
