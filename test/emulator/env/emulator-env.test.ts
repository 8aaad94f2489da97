import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { PIPELINES_OIDC_PATH } from "../../../src/emulator/control/pipelines-oidc.js";
import {
  EMULATOR_ENV_GROUPS,
  emulatorEnv,
  formatEnvFile,
  formatEnvValue,
} from "../../../src/emulator/env/emulator-env.js";
import { proxiedHttpsHosts, servesProxyHost } from "../../../src/emulator/http/proxy-hosts.js";
import { getScenario } from "../../../src/emulator/scenarios/index.js";
import { validateWorld } from "../../../src/emulator/world/load-world.js";
import type { World } from "../../../src/emulator/world/model.js";
import { resolveWorld } from "../../../src/emulator/world/resolve-world.js";
import type { WorldInput } from "../../../src/emulator/world/schema.js";
import { stableId } from "../../../src/emulator/world/stable-id.js";

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

  it("points an unmodified client at the emulator, in group order", () => {
    const app = world.applications[0];
    const env = emulatorEnv(world, {
      urls: URLS,
      caCertificatePath: "/state/ca.pem",
      now: NOW,
      controlToken: "ctl",
      path: "/state/bin:/usr/bin",
      systemAccessToken: "sat",
      nodeOptions: "--import=file:///state/fetch-proxy.mjs",
    });
    expect(Object.entries(env)).toEqual([
      ["HTTPS_PROXY", "http://127.0.0.1:8080"],
      ["https_proxy", "http://127.0.0.1:8080"],
      ["HTTP_PROXY", "http://127.0.0.1:8080"],
      ["http_proxy", "http://127.0.0.1:8080"],
      ["NO_PROXY", "127.0.0.1,localhost,::1"],
      ["no_proxy", "127.0.0.1,localhost,::1"],
      ["NODE_OPTIONS", "--import=file:///state/fetch-proxy.mjs"],
      ["NODE_EXTRA_CA_CERTS", "/state/ca.pem"],
      ["REQUESTS_CA_BUNDLE", "/state/ca.pem"],
      ["SSL_CERT_FILE", "/state/ca.pem"],
      ["CURL_CA_BUNDLE", "/state/ca.pem"],
      ["AZURE_AUTHORITY_HOST", "https://127.0.0.1:8443"],
      ["AZURE_TENANT_ID", world.tenants[0]?.id],
      ["AZURE_CLIENT_ID", app?.clientId],
      ["AZURE_CLIENT_SECRET", app?.secrets[0]?.value],
      ["AZURE_POD_IDENTITY_AUTHORITY_HOST", "http://127.0.0.1:8080"],
      ["AZURE_OPENAI_ENDPOINT", "https://contoso-openai.openai.azure.com"],
      ["AZURE_OPENAI_DEPLOYMENT", "gpt-4o"],
      ["OPENAI_API_VERSION", "2024-10-21"],
      ["AZURE_OPENAI_API_INSTANCE_NAME", "contoso-openai"],
      ["AZURE_OPENAI_API_DEPLOYMENT_NAME", "gpt-4o"],
      ["AZURE_OPENAI_API_VERSION", "2024-10-21"],
      ["PATH", "/state/bin:/usr/bin"],
      ["SYSTEM_OIDCREQUESTURI", `https://127.0.0.1:8443${PIPELINES_OIDC_PATH}`],
      ["SYSTEM_ACCESSTOKEN", "sat"],
      ["AZURESUBSCRIPTION_SERVICE_CONNECTION_ID", stableId("service-connection", "app/pipelines")],
      ["AZURESUBSCRIPTION_CLIENT_ID", app?.clientId],
      ["AZURESUBSCRIPTION_TENANT_ID", world.tenants[0]?.id],
      ["KEYLESS_CONTROL_URL", "https://127.0.0.1:8443/_keyless"],
      ["KEYLESS_CONTROL_TOKEN", "ctl"],
    ]);
    expect("AZURE_FEDERATED_TOKEN_FILE" in env).toBe(false);
    expect("IDENTITY_HEADER" in env).toBe(false);
    expect("AZURE_OPENAI_API_KEY" in env).toBe(false);
  });

  it("prints the direct /_host/ endpoint only when asked, and then no LangChain instance name", () => {
    const env = emulatorEnv(world, {
      urls: URLS,
      caCertificatePath: "/ca.pem",
      now: NOW,
      endpointMode: "direct",
    });
    expect(env.AZURE_OPENAI_ENDPOINT).toBe("https://127.0.0.1:8443/_host/contoso-openai.openai.azure.com");
    expect("AZURE_OPENAI_API_INSTANCE_NAME" in env).toBe(false);
    expect(env.HTTPS_PROXY).toBe("http://127.0.0.1:8080");
  });

  it("follows the world's defaults: regional endpoint, API keys, secret ID, extra and removed variables", async () => {
    const input = scenarioWorld("default");
    input.defaults = {
      ...input.defaults,
      endpoint: "regional",
      apiKey: "valid",
      clientSecret: "secret-id",
      env: { AZURE_AUTHORITY_HOST: null, EXTRA: "1", AZURE_OPENAI_DEPLOYMENT: "other" },
    };
    const changed = await resolve(input);
    const env = emulatorEnv(changed, { urls: URLS, caCertificatePath: "/ca.pem", now: NOW });
    expect(env.AZURE_OPENAI_ENDPOINT).toBe("https://eastus.api.cognitive.microsoft.com");
    expect("AZURE_OPENAI_API_INSTANCE_NAME" in env).toBe(false);
    expect(env.KEYLESS_API_KEY).toBe("k".repeat(32));
    expect("AZURE_OPENAI_API_KEY" in env).toBe(false);
    expect(env.AZURE_CLIENT_SECRET).toBe(changed.applications[0]?.secrets[0]?.id);
    expect(Object.keys(env).at(-1)).toBe("EXTRA");
    expect(Object.keys(env).indexOf("AZURE_OPENAI_DEPLOYMENT")).toBe(
      Object.keys(env).indexOf("AZURE_OPENAI_ENDPOINT") + 1,
    );
    expect(env.AZURE_OPENAI_DEPLOYMENT).toBe("other");
    expect("AZURE_AUTHORITY_HOST" in env).toBe(false);
    input.defaults = { ...input.defaults, apiKey: "invalid", clientSecret: "none" };
    const invalid = emulatorEnv(await resolve(input), { urls: URLS, caCertificatePath: "/ca.pem", now: NOW });
    expect(invalid.KEYLESS_API_KEY).toBe("0123456789abcdef0123456789abcdef");
    expect("AZURE_CLIENT_SECRET" in invalid).toBe(false);
    input.defaults = { ...input.defaults, apiKeyVariable: "AZURE_OPENAI_API_KEY" };
    const read = emulatorEnv(await resolve(input), { urls: URLS, caCertificatePath: "/ca.pem", now: NOW });
    expect(read.AZURE_OPENAI_API_KEY).toBe("0123456789abcdef0123456789abcdef");
    expect("KEYLESS_API_KEY" in read).toBe(false);
  });

  it("seed-000 prints a valid API key where no client reads it (the key works, the token does not)", async () => {
    const seed = emulatorEnv(await resolve(scenarioWorld("seed-000")), {
      urls: URLS,
      caCertificatePath: "/ca.pem",
      now: NOW,
    });
    expect(seed.KEYLESS_API_KEY).toBe("k".repeat(32));
    expect("AZURE_OPENAI_API_KEY" in seed).toBe(false);
  });

  it("key scenarios put the key where the app reads it", async () => {
    for (const name of ["key.invalid", "key.auth-disabled"]) {
      const env = emulatorEnv(await resolve(scenarioWorld(name)), {
        urls: URLS,
        caCertificatePath: "/ca.pem",
        now: NOW,
      });
      expect(env.AZURE_OPENAI_API_KEY).toMatch(/^[0-9a-fk]{32}$/);
      expect("KEYLESS_API_KEY" in env).toBe(false);
    }
  });

  it("exposes the managed identity endpoint of the default host's kind, and none without a host", async () => {
    const envFor = async (kind: "app-service" | "cloud-shell" | "arc" | "service-fabric" | undefined) => {
      const input = scenarioWorld("default");
      input.hosts =
        kind === undefined
          ? []
          : [
              {
                name: "h",
                kind,
                identities: kind === "cloud-shell" ? [] : ["vm"],
                ...(kind === "cloud-shell" ? { user: "alice" } : {}),
              },
            ];
      input.defaults = { ...input.defaults, host: kind === undefined ? undefined : "h" };
      const env = emulatorEnv(await resolve(input), {
        urls: URLS,
        caCertificatePath: "/ca.pem",
        now: NOW,
        identityHeader: "hdr",
      });
      const names = EMULATOR_ENV_GROUPS.find((g) => g.names.includes("IDENTITY_ENDPOINT"))?.names ?? [];
      return Object.fromEntries(Object.entries(env).filter(([name]) => names.includes(name)));
    };
    expect(await envFor("app-service")).toEqual({
      IDENTITY_ENDPOINT: "http://127.0.0.1:8080/msi/token",
      IDENTITY_HEADER: "hdr",
    });
    expect(await envFor("service-fabric")).toEqual({
      IDENTITY_ENDPOINT: "http://127.0.0.1:8080/servicefabric/metadata/identity/oauth2/token",
      IDENTITY_HEADER: "hdr",
      IDENTITY_SERVER_THUMBPRINT: "0000000000000000000000000000000000000000",
    });
    expect(await envFor("cloud-shell")).toEqual({ MSI_ENDPOINT: "http://127.0.0.1:8080/cloudshell/token" });
    expect(await envFor("arc")).toEqual({
      IDENTITY_ENDPOINT: "http://127.0.0.1:8080/arc/metadata/identity/oauth2/token",
      IMDS_ENDPOINT: "http://127.0.0.1:8080",
    });
    expect(await envFor(undefined)).toEqual({});
  });

  it("prints no Azure Pipelines ids when the world has no service connection", async () => {
    const input = scenarioWorld("default");
    for (const app of input.applications ?? []) app.federatedCredentials = [];
    const env = emulatorEnv(await resolve(input), { urls: URLS, caCertificatePath: "/ca.pem", now: NOW });
    expect(Object.keys(env).filter((name) => name.startsWith("AZURESUBSCRIPTION_"))).toEqual([]);
    expect(env.SYSTEM_OIDCREQUESTURI).toBe(`https://127.0.0.1:8443${PIPELINES_OIDC_PATH}`);
  });
});

describe("formatEnvFile", () => {
  it("prints a comment per group, then KEY=VALUE lines, then the world's extra variables", () => {
    expect(
      formatEnvFile({
        EXTRA: "x",
        NODE_EXTRA_CA_CERTS: "/tmp/ca.pem",
        HTTPS_PROXY: "http://127.0.0.1:1",
        AZURE_CLIENT_SECRET: "a~b",
      }),
    ).toBe(
      [
        "# Proxy mode: Azure host names go through the emulator, loopback stays direct",
        "HTTPS_PROXY=http://127.0.0.1:1",
        "# Trust the emulator's local CA (Node.js, Python requests, OpenSSL, curl)",
        "NODE_EXTRA_CA_CERTS=/tmp/ca.pem",
        "# Entra ID and the default application's service principal",
        "AZURE_CLIENT_SECRET='a~b'",
        "# From the world's defaults.env",
        "EXTRA=x",
        "",
      ].join("\n"),
    );
  });

  it("writes PATH as the shims' directory in front of the loading shell's own", () => {
    const text = formatEnvFile({ PATH: "/state/bin:/usr/bin" }, { pathPrefix: "/state dir/bin" });
    expect(text).toBe(
      `# az and azd shims answer from the world's sign-in state\nPATH='/state dir/bin':"$PATH"\n`,
    );
    const dir = mkdtempSync(join(tmpdir(), "keyless-env-"));
    try {
      const file = join(dir, "emulator.env");
      writeFileSync(file, text);
      const path = execFileSync("/bin/sh", ["-c", `set -a; . "${file}"; printf '%s' "$PATH"`], {
        encoding: "utf8",
        env: { PATH: "/mine/bin:/usr/bin:/bin" },
      });
      expect(path).toBe("/state dir/bin:/mine/bin:/usr/bin:/bin");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("quotes only when needed", () => {
    expect(formatEnvValue("/tmp/keyless-x/ca.pem")).toBe("/tmp/keyless-x/ca.pem");
    expect(formatEnvValue("127.0.0.1,localhost,::1")).toBe("127.0.0.1,localhost,::1");
    expect(formatEnvValue("")).toBe("");
    expect(formatEnvValue("/Users/Jane Doe/ca.pem")).toBe("'/Users/Jane Doe/ca.pem'");
    expect(formatEnvValue("it's")).toBe(`"it's"`);
    expect(formatEnvValue(`it's "$HOME"`)).toBe(`"it's \\"\\$HOME\\""`);
  });

  it("is read back exactly by sh and by Node's dotenv parser", () => {
    const env = {
      HTTPS_PROXY: "http://127.0.0.1:8080",
      NODE_EXTRA_CA_CERTS: "/tmp/with space/ca.pem",
      AZURE_CLIENT_SECRET: 'Q8~a.b_c-d$e`f\\g"h#i',
      AZURE_TENANT_ID: "it's fine",
      EXTRA: "~home; rm -rf / & *",
    };
    const dir = mkdtempSync(join(tmpdir(), "keyless-env-"));
    try {
      const file = join(dir, "emulator.env");
      writeFileSync(file, formatEnvFile(env));
      const script = `set -a; . "${file}"; for n in ${Object.keys(env).join(" ")}; do printf '%s\\0' "$(eval "printf '%s' \\"\\$$n\\"")"; done`;
      const values = execFileSync("/bin/sh", ["-c", script], { encoding: "utf8", env: {} })
        .split("\0")
        .slice(0, -1);
      expect(values).toEqual(Object.values(env));
      const parsed = parseEnv(formatEnvFile(env));
      for (const name of [
        "HTTPS_PROXY",
        "NODE_EXTRA_CA_CERTS",
        "AZURE_CLIENT_SECRET",
        "AZURE_TENANT_ID",
        "EXTRA",
      ]) {
        expect(parsed[name]).toBe(env[name as keyof typeof env]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
