import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../../src/emulator/start-emulator.js";
import type { Application, ManagedIdentity, Tenant } from "../../../src/emulator/world/model.js";
import { missingClient, SYSTEM_PYTHON } from "./real-clients.js";

// The real azure-identity for Python (python3-azure: azure-identity 1.13.0b2, msal 1.21) in child
// processes, configured only through the environment the emulator prints. Fails, never skips,
// without it.
const MISSING = missingClient("python-identity");
const FIXTURE = join(import.meta.dirname, "fixtures", "python_identity.py");
const SCOPE = "https://cognitiveservices.azure.com/.default";
const API_VERSION = "2024-10-21";
const AUDIENCE_BODY =
  '{"statusCode": 401, "message": "Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired."}';

interface PythonOutcome {
  ok: boolean;
  claims?: Record<string, unknown>;
  chat?: { status: number; object?: string; role?: string; body?: string };
  type?: string;
  message?: string;
}

let emulator: RunningEmulator;
let home: string;
let tenant: Tenant;
let app: Application;

/** A clean child environment: nothing of the machine's proxy, CA or Azure settings leaks in. */
async function runPython(spec: Record<string, unknown>, env: Record<string, string>): Promise<PythonOutcome> {
  const { stdout } = await promisify(execFile)(SYSTEM_PYTHON, [FIXTURE, JSON.stringify(spec)], {
    env: { PATH: "/usr/bin:/bin", HOME: home, ...env },
    timeout: 60_000,
  });
  return JSON.parse(stdout) as PythonOutcome;
}

/** Only what proxy mode needs: Azure host names go through the emulator, which the CA vouches for. */
function proxyEnv(): Record<string, string> {
  const { HTTPS_PROXY, HTTP_PROXY, NO_PROXY, REQUESTS_CA_BUNDLE, SSL_CERT_FILE } = emulator.env;
  return { HTTPS_PROXY, HTTP_PROXY, NO_PROXY, REQUESTS_CA_BUNDLE, SSL_CERT_FILE } as Record<string, string>;
}

function chatUrl(endpoint: string): string {
  return `${endpoint}/openai/deployments/gpt-4o/chat/completions?api-version=${API_VERSION}`;
}

function identity(name: string): ManagedIdentity {
  const found = emulator.world.hosts.flatMap((h) => h.identities).find((i) => i.name === name);
  if (found === undefined) throw new Error(`no managed identity ${name}`);
  return found;
}

const appClaims = () => ({
  aud: "https://cognitiveservices.azure.com",
  iss: `https://sts.windows.net/${tenant.id}/`,
  tid: tenant.id,
  oid: app.objectId,
  appid: app.clientId,
  idtyp: "app",
  ver: "1.0",
});

beforeAll(async () => {
  if (MISSING !== undefined) throw new Error(MISSING);
  emulator = await startEmulator({ scenario: "default" });
  home = await mkdtemp(join(tmpdir(), "keyless-python-home-"));
  tenant = emulator.world.tenants[0] as Tenant;
  app = emulator.world.applications.find((a) => a.name === "app") as Application;
});

afterAll(async () => {
  await emulator?.close();
  if (home !== undefined) await rm(home, { recursive: true, force: true });
});

describe("ClientSecretCredential (azure-identity for Python)", () => {
  const secretSpec = () => ({
    credential: "ClientSecretCredential",
    tenantId: tenant.id,
    clientId: app.clientId,
    clientSecret: app.secrets[0]?.value,
    scope: SCOPE,
  });

  it("proxy mode: the real login.microsoftonline.com authority, reached through HTTPS_PROXY", async () => {
    const outcome = await runPython(secretSpec(), proxyEnv());
    expect(outcome).toEqual({ ok: true, claims: appClaims() });
  });

  it("direct authority https://127.0.0.1:PORT with instance discovery on (MSAL Python drops the port)", async () => {
    const before = emulator.context.log.entries().length;
    const outcome = await runPython(
      { ...secretSpec(), options: { authority: emulator.urls.base } },
      proxyEnv(),
    );
    expect(outcome).toEqual({ ok: true, claims: appClaims() });
    const discovery = emulator.context.log
      .entries()
      .slice(before)
      .filter((e) => e.path.includes(`authorization_endpoint=https://127.0.0.1/${tenant.id}/`));
    expect(discovery.map((e) => [e.host, e.status])).toEqual([["login.microsoftonline.com", 200]]);
  });

  it("direct authority with instance_discovery=False needs no proxy at all", async () => {
    const { REQUESTS_CA_BUNDLE } = emulator.env;
    const outcome = await runPython(
      { ...secretSpec(), options: { authority: emulator.urls.base, instance_discovery: false } },
      { REQUESTS_CA_BUNDLE: REQUESTS_CA_BUNDLE as string },
    );
    expect(outcome).toEqual({ ok: true, claims: appClaims() });
  });

  it("a wrong secret is a ClientAuthenticationError carrying AADSTS7000215", async () => {
    const outcome = await runPython({ ...secretSpec(), clientSecret: "not-the-secret" }, proxyEnv());
    expect(outcome.ok).toBe(false);
    expect(outcome.type).toBe("ClientAuthenticationError");
    expect(outcome.message?.split("\r\n")[0]).toBe(
      `Authentication failed: AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
    );
    expect(outcome.message).toMatch(
      /\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: [0-9a-f-]{36}\r\nTimestamp: /,
    );
  });
});

describe("unmodified apps with the printed environment", () => {
  const printedEnv = () => emulator.env;

  it("EnvironmentCredential reads AZURE_TENANT_ID / AZURE_CLIENT_ID / AZURE_CLIENT_SECRET / AZURE_AUTHORITY_HOST", async () => {
    expect(printedEnv().AZURE_AUTHORITY_HOST).toBe(emulator.urls.base);
    const outcome = await runPython({ credential: "EnvironmentCredential", scope: SCOPE }, printedEnv());
    expect(outcome).toEqual({ ok: true, claims: appClaims() });
  });

  it("DefaultAzureCredential + a raw chat completion at AZURE_OPENAI_ENDPOINT (the production URL, through the proxy) returns 200", async () => {
    const endpoint = printedEnv().AZURE_OPENAI_ENDPOINT as string;
    expect(endpoint).toBe("https://contoso-openai.openai.azure.com");
    const outcome = await runPython(
      { credential: "DefaultAzureCredential", scope: SCOPE, chatUrl: chatUrl(endpoint) },
      printedEnv(),
    );
    expect(outcome).toEqual({
      ok: true,
      claims: appClaims(),
      chat: { status: 200, object: "chat.completion", role: "assistant" },
    });
  });

  it("the same chat at the real account host name goes through HTTPS_PROXY", async () => {
    const outcome = await runPython(
      {
        credential: "DefaultAzureCredential",
        scope: SCOPE,
        chatUrl: chatUrl("https://contoso-openai.openai.azure.com"),
      },
      printedEnv(),
    );
    expect(outcome.chat).toEqual({ status: 200, object: "chat.completion", role: "assistant" });
    const last = emulator.context.log
      .entries()
      .filter((e) => e.path.includes("/chat/completions"))
      .at(-1);
    expect(last?.host).toBe("contoso-openai.openai.azure.com");
  });

  it("a https://management.azure.com/.default token gets the flat 401 'audience is incorrect' body", async () => {
    const outcome = await runPython(
      {
        credential: "DefaultAzureCredential",
        scope: "https://management.azure.com/.default",
        chatUrl: chatUrl(printedEnv().AZURE_OPENAI_ENDPOINT as string),
      },
      printedEnv(),
    );
    expect(outcome.claims?.aud).toBe("https://management.azure.com");
    expect(outcome.chat).toEqual({ status: 401, body: AUDIENCE_BODY });
  });
});

describe("ManagedIdentityCredential (azure-identity for Python) through IMDS", () => {
  const vmClaims = () => {
    const vm = identity("vm");
    return {
      aud: "https://cognitiveservices.azure.com",
      iss: `https://sts.windows.net/${tenant.id}/`,
      tid: tenant.id,
      oid: vm.objectId,
      appid: vm.clientId,
      idtyp: "app",
      ver: "1.0",
      xms_mirid: vm.resourceId,
    };
  };

  it("printed env: AZURE_POD_IDENTITY_AUTHORITY_HOST, system-assigned, and the token chats", async () => {
    expect(emulator.env.AZURE_POD_IDENTITY_AUTHORITY_HOST).toBe(emulator.urls.http);
    const outcome = await runPython(
      {
        credential: "ManagedIdentityCredential",
        scope: SCOPE,
        chatUrl: chatUrl(emulator.env.AZURE_OPENAI_ENDPOINT as string),
      },
      emulator.env,
    );
    expect(outcome).toEqual({
      ok: true,
      claims: vmClaims(),
      chat: { status: 200, object: "chat.completion", role: "assistant" },
    });
  });

  it("the real http://169.254.169.254 through HTTP_PROXY, probe included", async () => {
    const before = emulator.context.log.entries().length;
    const outcome = await runPython({ credential: "ManagedIdentityCredential", scope: SCOPE }, proxyEnv());
    expect(outcome).toEqual({ ok: true, claims: vmClaims() });
    const imds = emulator.context.log
      .entries()
      .slice(before)
      .filter((e) => e.host === "169.254.169.254");
    // azure-identity first probes without the Metadata header (IMDS answers 400), then asks for real.
    expect(imds.map((e) => e.status)).toEqual([400, 200]);
  });

  it("a user-assigned identity by client_id", async () => {
    const uami = identity("uami");
    const outcome = await runPython(
      { credential: "ManagedIdentityCredential", scope: SCOPE, options: { client_id: uami.clientId } },
      proxyEnv(),
    );
    expect(outcome.claims).toMatchObject({ oid: uami.objectId, appid: uami.clientId, tid: tenant.id });
  });
});
