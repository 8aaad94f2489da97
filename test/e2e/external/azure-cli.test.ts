import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../../src/emulator/start-emulator.js";
import type { Account, Application, Subscription, Tenant, User } from "../../../src/emulator/world/model.js";
import { AZURE_CLI, decodeClaims, missingClient, postJson } from "./real-clients.js";

// The real Azure CLI (Debian azure-cli: az 2.45.0, MSAL Python) against the emulator in proxy mode:
// it keeps its production endpoints (login.microsoftonline.com, management.azure.com) and reaches
// the emulator through HTTPS_PROXY, trusting its CA through REQUESTS_CA_BUNDLE. Fails, never skips,
// without az.
const MISSING = missingClient("azure-cli");
const AZ_TIMEOUT = 120_000;
const AZURE_CLI_CLIENT_ID = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
const API_VERSION = "2024-10-21";

interface AzResult {
  code: number;
  stdout: string;
  stderr: string;
}

interface CliWorld {
  emulator: RunningEmulator;
  ca: string;
  tenant: Tenant;
  app: Application;
  subscription: Subscription;
  account: Account;
  home: string;
}

async function startCliWorld(scenario: string): Promise<CliWorld> {
  const emulator = await startEmulator({ scenario });
  const world = emulator.world;
  return {
    emulator,
    ca: await readFile(emulator.files.caCertificate, "utf8"),
    tenant: world.tenants[0] as Tenant,
    app: world.applications.find((a) => a.name === "app") as Application,
    subscription: world.subscriptions[0] as Subscription,
    account: world.accounts[0] as Account,
    home: await mkdtemp(join(tmpdir(), "keyless-az-")),
  };
}

async function stopCliWorld(cli: CliWorld | undefined): Promise<void> {
  if (cli === undefined) return;
  await cli.emulator.close();
  await rm(cli.home, { recursive: true, force: true });
}

/**
 * Runs the real az with a clean environment: the emulator's proxy and CA variables, an isolated
 * `AZURE_CONFIG_DIR` per profile, no telemetry, errors only. Never rejects: the exit code is data.
 */
function az(cli: CliWorld, profile: string, args: string[]): Promise<AzResult> {
  const { HTTPS_PROXY, HTTP_PROXY, NO_PROXY, REQUESTS_CA_BUNDLE } = cli.emulator.env;
  const env = {
    PATH: "/usr/bin:/bin",
    HOME: cli.home,
    HTTPS_PROXY,
    HTTP_PROXY,
    NO_PROXY,
    REQUESTS_CA_BUNDLE,
    AZURE_CONFIG_DIR: join(cli.home, profile),
    AZURE_CORE_COLLECT_TELEMETRY: "false",
    AZURE_CORE_ONLY_SHOW_ERRORS: "true",
    AZURE_CORE_NO_COLOR: "true",
  } as Record<string, string>;
  return new Promise((resolve) => {
    execFile(AZURE_CLI, args, { env, timeout: AZ_TIMEOUT }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

/** `az account get-access-token`, with the token taken out before anything can print it. */
async function accessToken(
  cli: CliWorld,
  profile: string,
  resource: string,
): Promise<{ fields: Record<string, unknown>; claims: Record<string, unknown>; token: string }> {
  const result = await az(cli, profile, [
    "account",
    "get-access-token",
    "--resource",
    resource,
    "--output",
    "json",
  ]);
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: "" });
  const { accessToken: token, ...fields } = JSON.parse(result.stdout) as Record<string, unknown>;
  if (typeof token !== "string") throw new Error("az printed no accessToken");
  return { fields, claims: decodeClaims(token), token };
}

function chatUrl(cli: CliWorld): string {
  return `${cli.emulator.urls.base}/_host/${cli.account.hostnames[0]}/openai/deployments/gpt-4o/chat/completions?api-version=${API_VERSION}`;
}

const CHAT = { messages: [{ role: "user", content: "Say hello" }] };

function loginSp(cli: CliWorld, profile: string, secret: string): Promise<AzResult> {
  return az(cli, profile, [
    "login",
    "--service-principal",
    "-u",
    cli.app.clientId,
    "-p",
    secret,
    "--tenant",
    cli.tenant.id,
    "--output",
    "json",
  ]);
}

describe("az 2.45 with a service principal (default world)", () => {
  let cli: CliWorld;
  let login: AzResult;

  beforeAll(async () => {
    if (MISSING !== undefined) throw new Error(MISSING);
    cli = await startCliWorld("default");
    login = await loginSp(cli, "sp", cli.app.secrets[0]?.value as string);
  }, AZ_TIMEOUT);

  afterAll(async () => {
    await stopCliWorld(cli);
  });

  it("az login --service-principal lists the world's subscription, through the proxy only", () => {
    expect({ code: login.code, stderr: login.stderr }).toEqual({ code: 0, stderr: "" });
    expect(JSON.parse(login.stdout)).toEqual([
      {
        cloudName: "AzureCloud",
        homeTenantId: cli.tenant.id,
        id: cli.subscription.id,
        isDefault: true,
        managedByTenants: [],
        name: "contoso-sub",
        state: "Enabled",
        tenantId: cli.tenant.id,
        user: { name: cli.app.clientId, type: "servicePrincipal" },
      },
    ]);
    const reached = new Set(
      cli.emulator.context.log.entries().map((e) => `${e.method} ${e.host} ${e.status}`),
    );
    expect(reached).toContain(`POST login.microsoftonline.com 200`);
    expect(reached).toContain(`GET management.azure.com 200`);
    expect([...reached].filter((r) => r.includes(" emulator "))).toEqual([]);
  });

  it("az account get-access-token: the SP's token for Azure OpenAI, which the data plane accepts", async () => {
    const { fields, claims, token } = await accessToken(cli, "sp", "https://cognitiveservices.azure.com");
    expect(fields).toEqual({
      expiresOn: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/),
      subscription: cli.subscription.id,
      tenant: cli.tenant.id,
      tokenType: "Bearer",
    });
    expect(claims).toMatchObject({
      aud: "https://cognitiveservices.azure.com",
      iss: `https://sts.windows.net/${cli.tenant.id}/`,
      tid: cli.tenant.id,
      oid: cli.app.objectId,
      appid: cli.app.clientId,
      idtyp: "app",
    });
    const chat = await postJson(chatUrl(cli), CHAT, { authorization: `Bearer ${token}` }, cli.ca);
    expect(chat.status).toBe(200);
    expect(JSON.parse(chat.body)).toMatchObject({ object: "chat.completion", model: "gpt-4o-2024-11-20" });
  });

  it("az rest reads ARM's subscription list", async () => {
    const result = await az(cli, "sp", [
      "rest",
      "--method",
      "get",
      "--url",
      "https://management.azure.com/subscriptions?api-version=2022-12-01",
    ]);
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout) as { value: Record<string, unknown>[] };
    expect(body.value.map((s) => [s.subscriptionId, s.tenantId, s.displayName, s.state])).toEqual([
      [cli.subscription.id, cli.tenant.id, "contoso-sub", "Enabled"],
    ]);
  });

  it("az rest lists the role assignments at the resource group (atScope())", async () => {
    // Not `az role assignment list`: Debian's az 2.45 crashes in it before sending anything
    // ('RoleDefinitionsOperations' object has no attribute 'config').
    const scope = `/subscriptions/${cli.subscription.id}/resourceGroups/${cli.account.resourceGroup}`;
    const result = await az(cli, "sp", [
      "rest",
      "--method",
      "get",
      "--url",
      `https://management.azure.com${scope}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=atScope()`,
    ]);
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout) as {
      value: { properties: { roleDefinitionId: string; principalId: string; scope: string } }[];
    };
    const principal = (name: string) =>
      [
        ...cli.emulator.world.users,
        ...cli.emulator.world.applications,
        ...cli.emulator.world.hosts.flatMap((h) => h.identities),
      ].find((p) => p.name === name)?.objectId;
    expect(body.value.map((a) => a.properties.principalId).sort()).toEqual(
      [principal("alice"), principal("app"), principal("vm")].sort(),
    );
    for (const { properties } of body.value) {
      expect(properties.scope).toBe(scope);
      expect(properties.roleDefinitionId).toBe(
        `/subscriptions/${cli.subscription.id}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`,
      );
    }
  });

  it("az cognitiveservices account show / deployment list (Reader on the resource group)", async () => {
    const show = await az(cli, "sp", [
      "cognitiveservices",
      "account",
      "show",
      "-n",
      cli.account.name,
      "-g",
      cli.account.resourceGroup,
      "--output",
      "json",
    ]);
    expect(show.code).toBe(0);
    expect(JSON.parse(show.stdout)).toMatchObject({
      id: cli.account.resourceId,
      kind: "OpenAI",
      location: "eastus",
      properties: {
        customSubDomainName: "contoso-openai",
        endpoint: "https://contoso-openai.openai.azure.com/",
        disableLocalAuth: false,
      },
    });
    const deployments = await az(cli, "sp", [
      "cognitiveservices",
      "account",
      "deployment",
      "list",
      "-n",
      cli.account.name,
      "-g",
      cli.account.resourceGroup,
      "--query",
      "[].name",
      "--output",
      "json",
    ]);
    expect(JSON.parse(deployments.stdout)).toEqual([
      "gpt-4o",
      "gpt-35-turbo-instruct",
      "text-embedding-3-small",
    ]);
  });

  it("az cognitiveservices account keys list is refused: Reader + OpenAI User cannot list keys", async () => {
    const result = await az(cli, "sp", [
      "cognitiveservices",
      "account",
      "keys",
      "list",
      "-n",
      cli.account.name,
      "-g",
      cli.account.resourceGroup,
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.split("\n")[0]).toBe(
      `ERROR: (AuthorizationFailed) The client '${cli.app.objectId}' with object id '${cli.app.objectId}' does not have authorization to perform action 'Microsoft.CognitiveServices/accounts/listKeys/action' over scope '${cli.account.resourceId}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    );
  });

  it("a wrong secret: az login fails with AADSTS7000215", async () => {
    const result = await loginSp(cli, "wrong-secret", "not-the-secret");
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    // Entra's error_description separates its lines with \r\n; az prints it as it is.
    const lines = result.stderr.split(/\r?\n/);
    expect(lines[0]).toBe(
      `ERROR: AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${cli.app.clientId}'.`,
    );
    expect(lines.slice(1, 4).map((l) => l.split(":")[0])).toEqual([
      "Trace ID",
      "Correlation ID",
      "Timestamp",
    ]);
  });

  it("az login -u/-p: a user through ROPC with the Azure CLI's public client", async () => {
    const alice = cli.emulator.world.users.find((u) => u.name === "alice") as User;
    const result = await az(cli, "user", [
      "login",
      "-u",
      alice.upn,
      "-p",
      alice.password,
      "--output",
      "json",
    ]);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: "" });
    expect(JSON.parse(result.stdout)).toMatchObject([
      { id: cli.subscription.id, tenantId: cli.tenant.id, user: { name: alice.upn, type: "user" } },
    ]);
    const { claims } = await accessToken(cli, "user", "https://cognitiveservices.azure.com");
    expect(claims).toMatchObject({
      aud: "https://cognitiveservices.azure.com",
      tid: cli.tenant.id,
      oid: alice.objectId,
      appid: AZURE_CLI_CLIENT_ID,
      idtyp: "user",
    });
  });
});

describe("az 2.45 reproduces seed-000: keys list works, the token gets 401 PermissionDenied", () => {
  let cli: CliWorld;

  beforeAll(async () => {
    if (MISSING !== undefined) throw new Error(MISSING);
    cli = await startCliWorld("seed-000");
    const login = await loginSp(cli, "sp", cli.app.secrets[0]?.value as string);
    expect(login.code).toBe(0);
  }, AZ_TIMEOUT);

  afterAll(async () => {
    await stopCliWorld(cli);
  });

  it("Cognitive Services Contributor lists the keys, and the key chats", async () => {
    const result = await az(cli, "sp", [
      "cognitiveservices",
      "account",
      "keys",
      "list",
      "-n",
      cli.account.name,
      "-g",
      cli.account.resourceGroup,
      "--output",
      "json",
    ]);
    expect(result.code).toBe(0);
    const keys = JSON.parse(result.stdout) as { key1: string; key2: string };
    expect([keys.key1, keys.key2]).toEqual(cli.account.keys);
    const chat = await postJson(chatUrl(cli), CHAT, { "api-key": keys.key1 }, cli.ca);
    expect(chat.status).toBe(200);
  });

  it("the token az hands out gets Azure's 401 PermissionDenied naming the data action", async () => {
    const { token } = await accessToken(cli, "sp", "https://cognitiveservices.azure.com");
    const chat = await postJson(chatUrl(cli), CHAT, { authorization: `Bearer ${token}` }, cli.ca);
    expect(chat.status).toBe(401);
    expect(chat.body).toBe(
      `{"error":{"code":"PermissionDenied","message":"The principal ${cli.app.objectId} lacks the required data action Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action to perform POST /openai/deployments/{deployment-id}/chat/completions operation."}}`,
    );
  });
});
