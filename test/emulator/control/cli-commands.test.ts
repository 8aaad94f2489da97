import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { verifyAccessToken } from "../../../src/emulator/auth/verify-access-token.js";
import {
  AZ_NOT_LOGGED_IN,
  AZ_SHIM_VERSION,
  answerAzCommand,
} from "../../../src/emulator/control/az-command.js";
import { AZD_NOT_LOGGED_IN, answerAzdCommand } from "../../../src/emulator/control/azd-command.js";
import { CLI_HANG_MS } from "../../../src/emulator/control/cli-shim-result.js";
import { canaryWorld, createControlHarness, START } from "./control-harness.js";

const COGNITIVE = "https://cognitiveservices.azure.com";
const GET_TOKEN = ["account", "get-access-token", "--output", "json", "--resource", COGNITIVE];
const TRAILER = /\nTrace ID: [0-9a-f-]{36}\nCorrelation ID: [0-9a-f-]{36}\nTimestamp: 2025-06-02 09:00:00Z\n/;

function guestWorld() {
  const world = canaryWorld();
  world.tenants.push({ name: "fabrikam", cloud: "public" });
  world.users = [{ name: "alice", tenant: "fabrikam", password: "pw", guestOf: ["contoso"] }];
  world.azureCli = { principal: "alice" };
  world.azureDeveloperCli = { principal: "alice" };
  return world;
}

describe("az shim answers", () => {
  it("account get-access-token: the JSON AzureCliCredential parses, for the signed-in user", async () => {
    const h = await createControlHarness();
    const { result, decision } = await answerAzCommand(h.ctx, GET_TOKEN);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe("");
    const body = JSON.parse(result.stdout) as Record<string, unknown>;
    const tenant = h.ctx.world.tenants[0]?.id;
    const alice = h.ctx.world.users[0];
    expect(Object.keys(body)).toEqual([
      "accessToken",
      "expiresOn",
      "expires_on",
      "subscription",
      "tenant",
      "tokenType",
    ]);
    expect(body).toMatchObject({
      expiresOn: "2025-06-02 10:00:00.000000",
      expires_on: START / 1000 + 3600,
      subscription: h.ctx.world.subscriptions[0]?.id,
      tenant,
      tokenType: "Bearer",
    });
    expect(result.stdout).toMatch(/^\{\n {2}"accessToken": "eyJ/);
    const token = String(body.accessToken);
    expect((await verifyAccessToken(token, h.ctx, { expectedAudiences: [COGNITIVE] })).ok).toBe(true);
    expect(decodeJwt(token)).toMatchObject({
      aud: COGNITIVE,
      oid: alice?.objectId,
      tid: tenant,
      appid: "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
      upn: "alice@contoso.onmicrosoft.com",
    });
    expect(decision).toEqual({
      outcome: "allow",
      code: "ok",
      detail: `az account get-access-token for user alice (${alice?.objectId}), tenant ${tenant}, aud ${COGNITIVE}`,
    });
  });

  it("--tenant for a guest tenant (no subscription key); --subscription by name; --scope", async () => {
    const h = await createControlHarness(guestWorld());
    const contoso = h.ctx.world.tenants.find((t) => t.name === "contoso");
    const guest = JSON.parse(
      (await answerAzCommand(h.ctx, [...GET_TOKEN, "--tenant", contoso?.id ?? ""])).result.stdout,
    );
    expect(Object.keys(guest)).toEqual(["accessToken", "expiresOn", "expires_on", "tenant", "tokenType"]);
    expect(guest.tenant).toBe(contoso?.id);
    expect(decodeJwt(guest.accessToken).tid).toBe(contoso?.id);
    const bySub = JSON.parse(
      (await answerAzCommand(h.ctx, [...GET_TOKEN, "--subscription", "contoso-sub"])).result.stdout,
    );
    expect(bySub).toMatchObject({ subscription: h.ctx.world.subscriptions[0]?.id, tenant: contoso?.id });
    const home = JSON.parse((await answerAzCommand(h.ctx, GET_TOKEN)).result.stdout);
    expect(home.tenant).toBe(h.ctx.world.tenants.find((t) => t.name === "fabrikam")?.id);
    const scoped = JSON.parse(
      (await answerAzCommand(h.ctx, ["account", "get-access-token", "--scope", `${COGNITIVE}/.default`]))
        .result.stdout,
    );
    expect(decodeJwt(scoped.accessToken).aud).toBe(COGNITIVE);
  });

  it("Entra refusals print the AADSTS block and the re-login hint, exit 1", async () => {
    const h = await createControlHarness(guestWorld());
    const unknownTenant = "11111111-1111-4111-8111-111111111111";
    const tenant = await answerAzCommand(h.ctx, [...GET_TOKEN, "--tenant", unknownTenant]);
    expect(tenant.result.exitCode).toBe(1);
    expect(tenant.result.stdout).toBe("");
    expect(tenant.result.stderr).toMatch(
      new RegExp(
        `^ERROR: AADSTS90002: Tenant '${unknownTenant}' not found\\. Check to make sure you have the correct tenant ID and are signing into the correct cloud\\. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant\\.${TRAILER.source}To re-authenticate, please run:\\naz login --scope https://cognitiveservices\\.azure\\.com/\\.default\\n$`,
      ),
    );
    expect(tenant.decision).toEqual({
      outcome: "deny",
      code: "aadsts.90002",
      detail: "az account get-access-token for user alice",
    });
    const resource = await answerAzCommand(h.ctx, [
      "account",
      "get-access-token",
      "--resource",
      "https://unknown.example/",
    ]);
    expect(resource.result.stderr).toMatch(
      /^ERROR: AADSTS500011: The resource principal named https:\/\/unknown\.example\/ was not found in the tenant named fabrikam\. /,
    );
    expect(resource.result.stderr).toMatch(
      /\nTo re-authenticate, please run:\naz login --scope https:\/\/unknown\.example\/\.default\n$/,
    );
  });

  it("argument errors: subscription not found, --tenant with --subscription, unknown options and commands", async () => {
    const h = await createControlHarness();
    expect((await answerAzCommand(h.ctx, [...GET_TOKEN, "--subscription", "nope"])).result).toEqual({
      stdout: "",
      stderr: "ERROR: Subscription 'nope' not found. Check the spelling and casing and try again.\n",
      exitCode: 1,
    });
    expect(
      (await answerAzCommand(h.ctx, [...GET_TOKEN, "--subscription", "contoso-sub", "--tenant", "x"])).result,
    ).toEqual({
      stdout: "",
      stderr: "ERROR: Please specify only one of subscription and tenant, not both\n",
      exitCode: 1,
    });
    expect((await answerAzCommand(h.ctx, [...GET_TOKEN, "--bogus"])).result).toEqual({
      stdout: "",
      stderr: "ERROR: unrecognized arguments: --bogus\n",
      exitCode: 2,
    });
    expect((await answerAzCommand(h.ctx, ["login"])).result).toEqual({
      stdout: "",
      stderr:
        "ERROR: the keyless emulator's az shim answers only: az account get-access-token, az account show, az version. Got: az login\n",
      exitCode: 2,
    });
  });

  it("not logged in, not installed and hanging, as the world says", async () => {
    const world = canaryWorld();
    world.azureCli = {};
    const h = await createControlHarness(world);
    const notLoggedIn = await answerAzCommand(h.ctx, GET_TOKEN);
    expect(notLoggedIn).toEqual({
      result: { stdout: "", stderr: "ERROR: Please run 'az login' to setup account.\n", exitCode: 1 },
      decision: {
        outcome: "deny",
        code: "credential.cli-not-logged-in",
        detail: "az account get-access-token: not logged in",
      },
    });
    expect(AZ_NOT_LOGGED_IN).toBe("Please run 'az login' to setup account.");
    expect((await answerAzCommand(h.ctx, ["account", "show"])).result.stderr).toBe(
      `ERROR: ${AZ_NOT_LOGGED_IN}\n`,
    );
    h.ctx.world.azureCli.installed = false;
    expect((await answerAzCommand(h.ctx, GET_TOKEN)).result).toEqual({
      stdout: "",
      stderr: "az: not found\n",
      exitCode: 127,
    });
    h.ctx.world.azureCli.installed = true;
    h.ctx.world.azureCli.hang = true;
    const hang = await answerAzCommand(h.ctx, GET_TOKEN);
    expect(hang.result).toEqual({
      stdout: "",
      stderr:
        "ERROR: keyless emulator: the world makes the Azure CLI hang (azureCli.hang); gave up after 300 s.\n",
      exitCode: 1,
      sleepMs: CLI_HANG_MS,
    });
    expect(CLI_HANG_MS).toBe(300_000);
  });

  it("account show (user and service principal), version, --query with -o tsv", async () => {
    const h = await createControlHarness();
    const tenant = h.ctx.world.tenants[0];
    const sub = h.ctx.world.subscriptions[0];
    expect(
      JSON.parse((await answerAzCommand(h.ctx, ["account", "show", "--output", "json"])).result.stdout),
    ).toEqual({
      environmentName: "AzureCloud",
      homeTenantId: tenant?.id,
      id: sub?.id,
      isDefault: true,
      managedByTenants: [],
      name: "contoso-sub",
      state: "Enabled",
      tenantDefaultDomain: "contoso.onmicrosoft.com",
      tenantDisplayName: "contoso",
      tenantId: tenant?.id,
      user: { name: "alice@contoso.onmicrosoft.com", type: "user" },
    });
    const app = h.ctx.world.applications[0];
    h.ctx.world.azureCli.principal = app;
    expect(
      (await answerAzCommand(h.ctx, ["account", "show", "--query", "user", "-o", "json"])).result.stdout,
    ).toBe(`{\n  "name": "${app?.clientId}",\n  "type": "servicePrincipal"\n}\n`);
    expect(
      (await answerAzCommand(h.ctx, ["account", "show", "--query", "tenantId", "-o", "tsv"])).result.stdout,
    ).toBe(`${tenant?.id}\n`);
    const appToken = JSON.parse((await answerAzCommand(h.ctx, GET_TOKEN)).result.stdout);
    expect(decodeJwt(appToken.accessToken)).toMatchObject({ appid: app?.clientId, idtyp: "app" });
    expect(JSON.parse((await answerAzCommand(h.ctx, ["version"])).result.stdout)).toEqual({
      "azure-cli": AZ_SHIM_VERSION,
      "azure-cli-core": AZ_SHIM_VERSION,
      "azure-cli-telemetry": "1.1.0",
      extensions: {},
    });
    expect((await answerAzCommand(h.ctx, ["account", "show", "--query", "[0].id"])).result).toEqual({
      stdout: "",
      stderr:
        'ERROR: the keyless emulator\'s az shim supports only --query with plain names (e.g. --query tenantId or --query user.name), not "[0].id".\n',
      exitCode: 2,
    });
  });
});

describe("azd shim answers", () => {
  const TOKEN = ["auth", "token", "--output", "json", "--no-prompt", "--scope", `${COGNITIVE}/.default`];

  it("auth token: {token, expiresOn} with an RFC 3339 expiry, for the signed-in user", async () => {
    const h = await createControlHarness();
    const { result, decision } = await answerAzdCommand(h.ctx, TOKEN);
    expect(result.exitCode).toBe(0);
    const body = JSON.parse(result.stdout) as { token: string; expiresOn: string };
    expect(Object.keys(body)).toEqual(["token", "expiresOn"]);
    expect(body.expiresOn).toBe("2025-06-02T10:00:00Z");
    const alice = h.ctx.world.users[0];
    expect(decodeJwt(body.token)).toMatchObject({ aud: COGNITIVE, oid: alice?.objectId });
    expect(decision).toEqual({
      outcome: "allow",
      code: "ok",
      detail: `azd auth token for user alice (${alice?.objectId}), tenant ${h.ctx.world.tenants[0]?.id}, aud ${COGNITIVE}`,
    });
  });

  it("--tenant-id of a guest tenant; unknown tenant fails with the AADSTS block", async () => {
    const h = await createControlHarness(guestWorld());
    const contoso = h.ctx.world.tenants.find((t) => t.name === "contoso")?.id ?? "";
    const body = JSON.parse(
      (await answerAzdCommand(h.ctx, [...TOKEN, "--tenant-id", contoso])).result.stdout,
    );
    expect(decodeJwt(body.token).tid).toBe(contoso);
    const failed = await answerAzdCommand(h.ctx, [...TOKEN, "--tenant-id", "nope.onmicrosoft.com"]);
    expect(failed.result.exitCode).toBe(1);
    expect(failed.result.stderr).toMatch(
      new RegExp(
        `^ERROR: fetching token: AADSTS90002: Tenant 'nope\\.onmicrosoft\\.com' not found\\. .*${TRAILER.source}$`,
      ),
    );
  });

  it("not logged in prints azd's message (which AzureDeveloperCliCredential recognises); unknown commands exit 2", async () => {
    const world = canaryWorld();
    world.azureDeveloperCli = {};
    const h = await createControlHarness(world);
    expect((await answerAzdCommand(h.ctx, TOKEN)).result).toEqual({
      stdout: "",
      stderr: "ERROR: not logged in, run `azd login` to login\n",
      exitCode: 1,
    });
    expect(AZD_NOT_LOGGED_IN).toBe("ERROR: not logged in, run `azd login` to login");
    expect((await answerAzdCommand(h.ctx, ["up"])).result).toEqual({
      stdout: "",
      stderr:
        "ERROR: the keyless emulator's azd shim answers only: azd auth token, azd version. Got: azd up\n",
      exitCode: 2,
    });
    expect((await answerAzdCommand(h.ctx, ["auth", "token", "--output", "table"])).result.exitCode).toBe(2);
    expect((await answerAzdCommand(h.ctx, ["version"])).result.stdout).toBe(
      "azd version 1.11.0 (keyless emulator shim)\n",
    );
  });
});

describe("control API shim routes", () => {
  it("POST cli/az and cli/azd take {argv} and validate it", async () => {
    const h = await createControlHarness();
    const az = await h.json({ method: "POST", path: "/_keyless/cli/az", body: { argv: ["version"] } });
    expect(az.status).toBe(200);
    expect(az.body.exitCode).toBe(0);
    expect(await h.json({ method: "POST", path: "/_keyless/cli/azd", body: { argv: "auth token" } })).toEqual(
      {
        status: 400,
        body: {
          error: {
            code: "InvalidField",
            field: "argv",
            message: 'argv: must be a list of texts, not the text "auth token"',
          },
        },
      },
    );
    expect(h.ctx.log.entries().at(-2)?.decision).toEqual({
      outcome: "allow",
      code: "ok",
      detail: "az version",
    });
  });
});
