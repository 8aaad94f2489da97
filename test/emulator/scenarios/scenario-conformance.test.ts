import { describe, expect, it } from "vitest";
import type { RequestDecision } from "../../../src/emulator/app/request-decision.js";
import { answerAzCommand } from "../../../src/emulator/control/az-command.js";
import { answerAzdCommand } from "../../../src/emulator/control/azd-command.js";
import { CLI_HANG_MS } from "../../../src/emulator/control/cli-shim-result.js";
import {
  answerPipelinesOidcRequest,
  PIPELINES_UNAUTHORIZED_MESSAGE,
} from "../../../src/emulator/control/pipelines-oidc.js";
import { FOUNDRY_SCENARIOS } from "../../../src/emulator/scenarios/foundry-scenarios.js";
import { getScenario, listScenarioNames } from "../../../src/emulator/scenarios/index.js";
import type { CauseCode } from "../../../src/knowledge/cause.js";
import { getCause } from "../../../src/knowledge/causes.js";
import {
  AZURE_CLI_CLIENT_ID,
  accessTokenOf,
  COGNITIVE_SCOPE,
  entraErrorBody,
  runScenario,
  type ScenarioRun,
} from "./scenario-harness.js";

/*
 * Every built-in scenario, reproduced the way a client holding the printed environment meets it,
 * in-process through the emulator app's request handler: the exact status, the exact body bytes (copied by hand from
 * reference/error-bodies.md, or Entra's / IMDS's exact error) and the decision in the request log.
 */

// reference/error-bodies.md §2, verbatim.
const flat401 = (audience: string) =>
  `{"statusCode": 401, "message": "Unauthorized. Access token is missing, invalid, audience is incorrect (${audience}), or have expired."}`;
const CHAT_ACTION = "Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action";
const permissionDenied = (principalId: string) =>
  `{"error":{"code":"PermissionDenied","message":"The principal ${principalId} lacks the required data action ${CHAT_ACTION} to perform POST /openai/deployments/{deployment-id}/chat/completions operation."}}`;
const tenantMismatch = (tenantId: string) =>
  `{"error":{"code":"Tenant provided in token does not match resource token","message":"Token tenant ${tenantId} does not match resource tenant."}}`;
const CUSTOM_SUBDOMAIN =
  '{"error":{"code":"BadRequest","message":"Please provide a custom subdomain for token authentication, otherwise API key is required."}}';
const AUTHENTICATION_TYPE_DISABLED =
  '{"error":{"code":"AuthenticationTypeDisabled","message": "Key based authentication is disabled for this resource."}}';
const INVALID_KEY =
  '{"error":{"code":"401","message":"Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource."}}';
const FIREWALL = '{"error":{"code":"403","message": "Access denied due to Virtual Network/Firewall rules."}}';
const VNET =
  '{"code":"403","message":"A Virtual Network is configured for this resource. Please use the correct endpoint for making requests. Check https://aka.ms/cogsvc-vnet for more details."}';
const PUBLIC_ACCESS_DISABLED =
  '{"error":{"code":"403","message":"Public access is disabled. Please configure private endpoint."}}';
const PRIVATE_ENDPOINT_ONLY =
  '{"error":{"code":"403","message":"Traffic is not from an approved private endpoint"}}';
const DEPLOYMENT_NOT_FOUND =
  '{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again."}}';
// reference/error-bodies.md §5, call-rate form.
const RATE_LIMITED =
  '{"error":{"code":"429","message":"Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded call rate limit of your current OpenAI S0 pricing tier. Please retry after 60 seconds. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit."}}';
// reference/credentials.md (IMDS) and error-bodies.md §2.1 (Cloud Shell).
const IMDS_IDENTITY_NOT_FOUND = '{"error":"invalid_request","error_description":"Identity not found"}';
const IMDS_MULTIPLE_IDENTITIES =
  '{"error":"invalid_request","error_description":"Multiple user assigned identities exist, please specify the clientId / resourceId of the identity in the token request"}';
const IMDS_GATEWAY =
  '{"error":"bad_gateway","error_description":"The request failed due to a gateway error."}';
const CLOUD_SHELL_AUDIENCES =
  "https://management.core.windows.net/,https://management.azure.com/,https://graph.windows.net/,https://vault.azure.net,https://datalake.azure.net/,https://outlook.office365.com/,https://graph.microsoft.com/,https://batch.core.windows.net/,https://analysis.windows.net/powerbi/api,https://storage.azure.com/,https://rest.media.azure.net,https://api.loganalytics.io,https://ossrdbms-aad.database.windows.net,https://www.yammer.com,https://digitaltwins.azure.net,0b07f429-9f4b-4714-9392-cc5e8e80c8b0,822c8694-ad95-4735-9c55-256f7db2f9b4,https://dev.azuresynapse.net,https://database.windows.net,https://quantum.microsoft.com,https://iothubs.azure.net,2ff814a6-3304-4ab8-85cb-cd0e6f879c1d,https://azuredatabricks.net/,ce34e7e5-485f-4d76-964f-b3d2b16d1e4f,https://azure-devices-provisioning.net,https://ai.azure.com";
const AUDIENCE_NOT_SUPPORTED = `{"error":{"code":"AudienceNotSupported","message":"Audience https://cognitiveservices.azure.com is not a supported MSI token audience. Supported audiences: ${CLOUD_SHELL_AUDIENCES}"}}`;

const TIMESTAMP = "2025-06-02 09:00:00Z";
const PUBLIC_AUDIENCE = "https://cognitiveservices.azure.com";

/** Status and exact body bytes. */
async function expectBody(response: Response, status: number, body: string): Promise<void> {
  expect({ status: response.status, body: await response.text() }).toEqual({ status, body });
}

/** The last request-log entry: its surface, status and decision. */
function expectLogged(run: ScenarioRun, surface: string, status: number, decision: RequestDecision): void {
  const entry = run.lastLog();
  expect({ surface: entry?.surface, status: entry?.status }).toEqual({ surface, status });
  expect(entry?.decision).toEqual(decision);
}

/** An Entra failure: status, the exact body (trace id read back) and the logged decision. */
async function expectEntraError(
  run: ScenarioRun,
  response: Response,
  expected: { status: number; error: string; code: number; message: string; suberror?: string },
): Promise<void> {
  const text = await response.text();
  const traceId = String((JSON.parse(text) as { trace_id?: unknown }).trace_id);
  expect(traceId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  expect({ status: response.status, body: text }).toEqual({
    status: expected.status,
    body: entraErrorBody({
      ...expected,
      traceId,
      timestamp: TIMESTAMP,
      errorUriBase: "https://login.microsoftonline.com",
    }),
  });
  expectLogged(run, "entra", expected.status, {
    outcome: "deny",
    code: `aadsts.${expected.code}`,
    detail: expected.message.split(/(?<=\.)\s/)[0] ?? "",
  });
}

/** What EnvironmentCredential does with the printed AZURE_TENANT_ID/CLIENT_ID/CLIENT_SECRET. */
function servicePrincipalToken(run: ScenarioRun, scope = COGNITIVE_SCOPE): Promise<Response> {
  return run.token(run.env.AZURE_TENANT_ID ?? "", {
    grant_type: "client_credentials",
    client_id: run.env.AZURE_CLIENT_ID ?? "",
    client_secret: run.env.AZURE_CLIENT_SECRET ?? "",
    scope,
  });
}

/** What the Azure CLI does for its signed-in user (ROPC with the CLI's public client id). */
function userToken(run: ScenarioRun, userName: string, tenantId: string): Promise<Response> {
  const user = run.ctx.world.users.find((u) => u.name === userName);
  return run.token(tenantId, {
    grant_type: "password",
    client_id: AZURE_CLI_CLIENT_ID,
    username: user?.upn ?? "",
    password: user?.password ?? "",
    scope: COGNITIVE_SCOPE,
  });
}

async function expectChatOk(run: ScenarioRun, response: Response): Promise<void> {
  const text = await response.text();
  expect({ status: response.status, object: (JSON.parse(text) as { object?: string }).object }).toEqual({
    status: 200,
    object: "chat.completion",
  });
  expectLogged(run, "data-plane", 200, { outcome: "allow", code: "ok", detail: expect.any(String) });
}

async function expectPermissionDenied(
  run: ScenarioRun,
  response: Response,
  principal: string,
  cause: CauseCode,
) {
  const oid = run.principal(principal).objectId;
  await expectBody(response, 401, permissionDenied(oid));
  expectLogged(run, "data-plane", 401, {
    outcome: "deny",
    code: cause,
    detail: expect.stringMatching(new RegExp(`^principal ${oid}`)),
  });
}

/** What AzureCliCredential runs. */
const AZ_TOKEN = [
  "account",
  "get-access-token",
  "--output",
  "json",
  "--resource",
  "https://cognitiveservices.azure.com",
];
/** What AzureDeveloperCliCredential runs. */
const AZD_TOKEN = ["auth", "token", "--output", "json", "--no-prompt", "--scope", COGNITIVE_SCOPE];
/** The job's System.AccessToken the in-process emulator's OIDC endpoint accepts. */
const JOB_ACCESS_TOKEN = "job-system-access-token";

/** What AzurePipelinesCredential sends: POST SYSTEM_OIDCREQUESTURI?api-version=7.1&serviceConnectionId=<id>. */
function pipelinesOidc(run: ScenarioRun): Promise<{ status: number; text(): Promise<string> }> {
  const url = new URL(run.env.SYSTEM_OIDCREQUESTURI ?? "");
  url.search = new URLSearchParams({
    "api-version": "7.1",
    serviceConnectionId: run.env.AZURESUBSCRIPTION_SERVICE_CONNECTION_ID ?? "",
  }).toString();
  return answerPipelinesOidcRequest(
    {
      method: "POST",
      url,
      host: url.host,
      headers: new Headers({
        "content-type": "application/json",
        authorization: `Bearer ${run.env.SYSTEM_ACCESSTOKEN ?? JOB_ACCESS_TOKEN}`,
        "x-tfs-fedauthredirect": "Suppress",
      }),
      body: "",
      remoteAddress: "127.0.0.1",
      via: "direct",
      secure: true,
    },
    run.ctx,
    JOB_ACCESS_TOKEN,
  );
}

type Reproduction = (run: ScenarioRun) => Promise<void>;

/**
 * scenario name -> how a client meets its failure. A new built-in scenario without an entry here
 * fails the suite.
 */
const REPRODUCTIONS: Readonly<Record<string, Reproduction>> = {
  "credential.cli-not-installed": async (run) => {
    expect(run.env.AZURE_TOKEN_CREDENTIALS).toBe("AzureCliCredential");
    const { result, decision } = await answerAzCommand(run.ctx, AZ_TOKEN);
    expect(result).toEqual({ stdout: "", stderr: "az: not found\n", exitCode: 127 });
    expect(decision).toEqual({
      outcome: "deny",
      code: "credential.cli-not-installed",
      detail: "az: the world says the Azure CLI is not installed",
    });
  },
  "credential.cli-timeout": async (run) => {
    expect(run.env.AZURE_TOKEN_CREDENTIALS).toBe("AzureCliCredential");
    const { result, decision } = await answerAzCommand(run.ctx, AZ_TOKEN);
    expect({ stdout: result.stdout, exitCode: result.exitCode, sleepMs: result.sleepMs }).toEqual({
      stdout: "",
      exitCode: 1,
      sleepMs: CLI_HANG_MS,
    });
    expect(decision).toEqual({
      outcome: "fault",
      code: "credential.cli-timeout",
      detail: "hang az account get-access-token: azureCli.hang is set",
    });
  },
  "credential.azd-not-installed": async (run) => {
    expect(run.env.AZURE_TOKEN_CREDENTIALS).toBe("AzureDeveloperCliCredential");
    const { result, decision } = await answerAzdCommand(run.ctx, AZD_TOKEN);
    expect(result).toEqual({ stdout: "", stderr: "azd: not found\n", exitCode: 127 });
    expect(decision).toEqual({
      outcome: "deny",
      code: "credential.azd-not-installed",
      detail: "azd: the world says azd is not installed",
    });
  },
  "credential.azd-not-logged-in": async (run) => {
    expect(run.env.AZURE_TOKEN_CREDENTIALS).toBe("AzureDeveloperCliCredential");
    const { result, decision } = await answerAzdCommand(run.ctx, AZD_TOKEN);
    expect(result).toEqual({
      stdout: "",
      stderr: "ERROR: not logged in, run `azd login` to login\n",
      exitCode: 1,
    });
    expect(decision).toEqual({
      outcome: "deny",
      code: "credential.azd-not-logged-in",
      detail: "azd auth token: not logged in",
    });
    // az keeps its own session: it still answers.
    expect((await answerAzCommand(run.ctx, AZ_TOKEN)).result.exitCode).toBe(0);
  },
  "credential.azd-timeout": async (run) => {
    expect(run.env.AZURE_TOKEN_CREDENTIALS).toBe("AzureDeveloperCliCredential");
    const { result, decision } = await answerAzdCommand(run.ctx, AZD_TOKEN);
    expect({ stdout: result.stdout, exitCode: result.exitCode, sleepMs: result.sleepMs }).toEqual({
      stdout: "",
      exitCode: 1,
      sleepMs: CLI_HANG_MS,
    });
    expect(decision).toEqual({
      outcome: "fault",
      code: "credential.azd-timeout",
      detail: "hang azd auth token: azureDeveloperCli.hang is set",
    });
  },
  "credential.pipelines-service-connection": async (run) => {
    expect(run.env.AZURESUBSCRIPTION_SERVICE_CONNECTION_ID).toBe("contoso-openai-connection");
    const response = await pipelinesOidc(run);
    expect(response.status).toBe(400);
    expect(JSON.parse(await response.text())).toMatchObject({
      message: "No service connection found with identifier contoso-openai-connection",
      typeKey: "ServiceEndpointNotFoundException",
    });
  },
  "credential.pipelines-oidc-unauthorized": async (run) => {
    expect(run.env.SYSTEM_ACCESSTOKEN).toBe("stale-system-access-token-from-an-earlier-run");
    const response = await pipelinesOidc(run);
    expect(response.status).toBe(401);
    expect(JSON.parse(await response.text())).toMatchObject({
      message: PIPELINES_UNAUTHORIZED_MESSAGE,
      typeKey: "UnauthorizedRequestException",
    });
  },

  default: async (run) => {
    // Every principal of the world completes a chat: the service principal, the CLI user, and both
    // managed identities of the VM.
    await expectChatOk(run, await run.chat({ token: await accessTokenOf(await servicePrincipalToken(run)) }));
    const tenant = run.env.AZURE_TENANT_ID ?? "";
    await expectChatOk(
      run,
      await run.chat({ token: await accessTokenOf(await userToken(run, "alice", tenant)) }),
    );
    await expectChatOk(run, await run.chat({ token: await accessTokenOf(await run.imds()) }));
    const uami = run.principal("uami");
    expect(uami.kind).toBe("managed-identity");
    const uamiClientId = uami.kind === "managed-identity" ? uami.clientId : "";
    await expectChatOk(
      run,
      await run.chat({ token: await accessTokenOf(await run.imds(PUBLIC_AUDIENCE, uamiClientId)) }),
    );
  },

  "seed-000": async (run) => {
    // The key works (the principals could list it); the token gets 401 PermissionDenied.
    await expectChatOk(run, await run.chat({ apiKey: run.env.AZURE_OPENAI_API_KEY ?? "" }));
    const token = await accessTokenOf(await servicePrincipalToken(run));
    await expectPermissionDenied(run, await run.chat({ token }), "app", "rbac.control-plane-role-only");
    expect(run.lastLog()?.decision.detail).toContain(": Cognitive Services Contributor at ");
  },

  "endpoint.regional-no-subdomain": async (run) => {
    const account = run.account();
    expect(account.hostnames).toEqual([]);
    expect(run.endpointHost).toBe("eastus.api.cognitive.microsoft.com");
    const token = await accessTokenOf(await servicePrincipalToken(run));
    await expectBody(await run.chat({ token }), 400, CUSTOM_SUBDOMAIN);
    expectLogged(run, "data-plane", 400, {
      outcome: "deny",
      code: "endpoint.regional-no-subdomain",
      detail: "an Entra ID token was sent to the regional endpoint eastus.api.cognitive.microsoft.com",
    });
    // The regional endpoint takes keys only.
    await expectChatOk(run, await run.chat({ apiKey: account.keys[0] }));
  },

  "token.wrong-audience": async (run) => {
    // A US Government account; the app asks for the public scope (hard-coded in many samples).
    expect(run.endpointHost).toBe("contoso-openai.openai.azure.us");
    const token = await accessTokenOf(await servicePrincipalToken(run, COGNITIVE_SCOPE));
    await expectBody(await run.chat({ token }), 401, flat401("https://cognitiveservices.azure.us"));
    expectLogged(run, "data-plane", 401, {
      outcome: "deny",
      code: "token.wrong-audience",
      detail: expect.stringMatching(
        /^.*https:\/\/cognitiveservices\.azure\.com.*https:\/\/cognitiveservices\.azure\.us/,
      ),
    });
    // The cloud's own scope works.
    const right = await accessTokenOf(
      await servicePrincipalToken(run, "https://cognitiveservices.azure.us/.default"),
    );
    await expectChatOk(run, await run.chat({ token: right }));
  },

  "token.expired": async (run) => {
    const token = await accessTokenOf(await servicePrincipalToken(run));
    await expectChatOk(run, await run.chat({ token }));
    run.ctx.clock.advance(15 * 60_000);
    await expectBody(await run.chat({ token }), 401, flat401(PUBLIC_AUDIENCE));
    expectLogged(run, "data-plane", 401, {
      outcome: "deny",
      code: "token.expired",
      detail: expect.any(String),
    });
  },

  "token.wrong-tenant": async (run) => {
    // The CLI signs alice in to her home tenant fabrikam; the account lives in contoso.
    const cliTenant = run.ctx.world.azureCli.tenantId ?? "";
    const fabrikam = run.ctx.world.tenants.find((t) => t.name === "fabrikam")?.id;
    expect(cliTenant).toBe(fabrikam);
    expect(run.env.AZURE_CLIENT_SECRET).toBeUndefined();
    const token = await accessTokenOf(await userToken(run, "alice", cliTenant));
    await expectBody(await run.chat({ token }), 400, tenantMismatch(cliTenant));
    expectLogged(run, "data-plane", 400, {
      outcome: "deny",
      code: "token.wrong-tenant",
      detail: `token tenant ${cliTenant}, account contoso-openai is in ${run.account().tenantId}`,
    });
    // As a guest of contoso (the account's tenant) the same user gets through.
    const guest = await accessTokenOf(await userToken(run, "alice", run.account().tenantId));
    await expectChatOk(run, await run.chat({ token: guest }));
  },

  "key.invalid": async (run) => {
    const key = run.env.AZURE_OPENAI_API_KEY ?? "";
    expect(run.account().keys).not.toContain(key);
    await expectBody(await run.chat({ apiKey: key }), 401, INVALID_KEY);
    expectLogged(run, "data-plane", 401, {
      outcome: "deny",
      code: "key.invalid",
      detail: "not a key of account contoso-openai",
    });
  },

  "key.auth-disabled": async (run) => {
    expect(run.env.AZURE_OPENAI_API_KEY).toBe(run.account().keys[0]);
    await expectBody(
      await run.chat({ apiKey: run.env.AZURE_OPENAI_API_KEY ?? "" }),
      403,
      AUTHENTICATION_TYPE_DISABLED,
    );
    expectLogged(run, "data-plane", 403, {
      outcome: "deny",
      code: "key.auth-disabled",
      detail: "account contoso-openai has disableLocalAuth; the request carried an api-key",
    });
    await expectChatOk(run, await run.chat({ token: await accessTokenOf(await servicePrincipalToken(run)) }));
  },

  "rbac.missing-data-action": async (run) => {
    const token = await accessTokenOf(await servicePrincipalToken(run));
    await expectPermissionDenied(run, await run.chat({ token }), "app", "rbac.missing-data-action");
    expect(run.lastLog()?.decision.detail).toContain("Cognitive Services Data Reader (Preview) at ");
  },

  "rbac.control-plane-role-only": async (run) => {
    const token = await accessTokenOf(await servicePrincipalToken(run));
    await expectPermissionDenied(run, await run.chat({ token }), "app", "rbac.control-plane-role-only");
    expect(run.lastLog()?.decision.detail).toMatch(/ is a control-plane role without data actions; /);
    expect(
      run.ctx.world.roleAssignments
        .filter((a) => a.principalId === run.principal("app").objectId)
        .map((a) => a.roleName)
        .sort(),
    ).toEqual(["Owner", "Reader"]);
  },

  "rbac.wrong-scope": async (run) => {
    const token = await accessTokenOf(await servicePrincipalToken(run));
    await expectPermissionDenied(run, await run.chat({ token }), "app", "rbac.wrong-scope");
    expect(run.lastLog()?.decision.detail).toContain("/accounts/contoso-openai-dev (assignment ");
    await expectChatOk(run, await run.chat({ token }, "contoso-openai-dev.openai.azure.com"));
  },

  "rbac.propagation-pending": async (run) => {
    const token = await accessTokenOf(await servicePrincipalToken(run));
    await expectPermissionDenied(run, await run.chat({ token }), "app", "rbac.propagation-pending");
    expect(run.lastLog()?.decision.detail).toMatch(/ takes effect in 240 s$/);
    run.ctx.clock.advance(4 * 60_000);
    await expectChatOk(run, await run.chat({ token }));
  },

  "rbac.other-principal": async (run) => {
    // The VM's code uses its system-assigned identity; the role went to the user-assigned one.
    const system = await accessTokenOf(await run.imds());
    await expectPermissionDenied(
      run,
      await run.chat({ token: system }),
      "vm",
      "rbac.control-plane-role-only",
    );
    const uami = run.principal("uami");
    const clientId = uami.kind === "managed-identity" ? uami.clientId : "";
    await expectChatOk(
      run,
      await run.chat({ token: await accessTokenOf(await run.imds(PUBLIC_AUDIENCE, clientId)) }),
    );
  },

  "network.firewall": async (run) => {
    const response = await run.chat({ token: await accessTokenOf(await servicePrincipalToken(run)) });
    expect(response.headers.get("policy-id")).toBe("ThrowExceptionDueToTrafficDenied");
    await expectBody(response, 403, FIREWALL);
    expectLogged(run, "data-plane", 403, {
      outcome: "deny",
      code: "network.firewall",
      detail: "127.0.0.1 is not in the ip rules of account contoso-openai",
    });
  },

  "network.private-endpoint": async (run) => {
    await expectBody(
      await run.chat({ token: await accessTokenOf(await servicePrincipalToken(run)) }),
      403,
      PRIVATE_ENDPOINT_ONLY,
    );
    expectLogged(run, "data-plane", 403, {
      outcome: "deny",
      code: "network.private-endpoint",
      detail: "account contoso-openai accepts approved private endpoints only",
    });
  },

  "network.public-access-disabled": async (run) => {
    await expectBody(
      await run.chat({ token: await accessTokenOf(await servicePrincipalToken(run)) }),
      403,
      PUBLIC_ACCESS_DISABLED,
    );
    expectLogged(run, "data-plane", 403, {
      outcome: "deny",
      code: "network.public-access-disabled",
      detail: "account contoso-openai has public network access disabled",
    });
  },

  "network.vnet-wrong-endpoint": async (run) => {
    expect(run.endpointHost).toBe("eastus.api.cognitive.microsoft.com");
    await expectBody(await run.chat({ apiKey: run.env.AZURE_OPENAI_API_KEY ?? "" }), 403, VNET);
    expectLogged(run, "data-plane", 403, {
      outcome: "deny",
      code: "network.vnet-wrong-endpoint",
      detail:
        "account contoso-openai has a virtual network; the regional endpoint eastus.api.cognitive.microsoft.com is refused",
    });
    // The custom subdomain endpoint is the right one.
    await expectChatOk(
      run,
      await run.chat({ apiKey: run.env.AZURE_OPENAI_API_KEY ?? "" }, "contoso-openai.openai.azure.com"),
    );
  },

  "resource.deployment-not-found": async (run) => {
    expect(run.env.AZURE_OPENAI_DEPLOYMENT).toBe("gpt-4o");
    await expectBody(
      await run.chat({ token: await accessTokenOf(await servicePrincipalToken(run)) }),
      404,
      DEPLOYMENT_NOT_FOUND,
    );
    expectLogged(run, "data-plane", 404, {
      outcome: "deny",
      code: "resource.deployment-not-found",
      detail: 'account contoso-openai has no deployment "gpt-4o"',
    });
  },

  "resource.rate-limited": async (run) => {
    const token = await accessTokenOf(await servicePrincipalToken(run));
    await expectChatOk(run, await run.chat({ token }));
    const second = await run.chat({ token });
    expect(second.headers.get("retry-after")).toBe("60");
    await expectBody(second, 429, RATE_LIMITED);
    expectLogged(run, "data-plane", 429, {
      outcome: "deny",
      code: "resource.rate-limited",
      detail: 'rpm limit of deployment "gpt-4o" (rpm 1, tpm 1000); retry after 60 s',
    });
  },

  "credential.env-unexpected-identity": async (run) => {
    // EnvironmentCredential wins the chain with a service principal that holds no data role...
    const sp = await accessTokenOf(await servicePrincipalToken(run));
    await expectPermissionDenied(run, await run.chat({ token: sp }), "app", "rbac.control-plane-role-only");
    // ...while the Azure CLI user the developer meant has the role.
    expect(run.ctx.world.azureCli.principal?.name).toBe("alice");
    const alice = await accessTokenOf(await userToken(run, "alice", run.env.AZURE_TENANT_ID ?? ""));
    await expectChatOk(run, await run.chat({ token: alice }));
  },

  "credential.cli-not-logged-in": async (run) => {
    // Nothing answers anywhere in DefaultAzureCredential's chain.
    expect(run.ctx.world.azureCli.principal).toBeUndefined();
    expect(run.ctx.world.azureDeveloperCli.principal).toBeUndefined();
    expect(run.env.AZURE_CLIENT_SECRET).toBeUndefined();
    expect(run.ctx.world.hosts).toEqual([]);
    const imds = await run.imds();
    expect({ status: imds.status, action: imds.headers.get("x-keyless-fault-action") }).toEqual({
      status: 502,
      action: "reset",
    });
    expectLogged(run, "managed-identity", 502, {
      outcome: "deny",
      code: "credential.mi-unavailable",
      detail: "the world has no imds host",
    });
  },

  "credential.mi-identity-not-assigned": async (run) => {
    await expectBody(await run.imds(), 400, IMDS_IDENTITY_NOT_FOUND);
    expectLogged(run, "managed-identity", 400, {
      outcome: "deny",
      code: "credential.mi-identity-not-assigned",
      detail: "no identity on host vm",
    });
  },

  "credential.mi-multiple-identities": async (run) => {
    await expectBody(await run.imds(), 400, IMDS_MULTIPLE_IDENTITIES);
    expectLogged(run, "managed-identity", 400, {
      outcome: "deny",
      code: "credential.mi-multiple-identities",
      detail: "host vm has several user-assigned identities and no selector",
    });
    // Naming one works.
    const uami = run.principal("uami");
    const clientId = uami.kind === "managed-identity" ? uami.clientId : "";
    await expectChatOk(
      run,
      await run.chat({ token: await accessTokenOf(await run.imds(PUBLIC_AUDIENCE, clientId)) }),
    );
  },

  "credential.mi-audience-not-supported": async (run) => {
    const response = await run.send("emulator", "/cloudshell/token", {
      method: "POST",
      headers: { Metadata: "true", "content-type": "application/x-www-form-urlencoded" },
      body: `resource=${encodeURIComponent(PUBLIC_AUDIENCE)}`,
    });
    await expectBody(response, 400, AUDIENCE_NOT_SUPPORTED);
    expectLogged(run, "managed-identity", 400, {
      outcome: "deny",
      code: "credential.mi-audience-not-supported",
      detail: "https://cognitiveservices.azure.com is not on Cloud Shell's audience list",
    });
  },

  "credential.mi-gateway": async (run) => {
    await expectBody(await run.imds(), 502, IMDS_GATEWAY);
    expectLogged(run, "managed-identity", 502, {
      outcome: "fault",
      code: "injected",
      detail: expect.stringMatching(/^[0-9a-f-]{36}: 502$/),
    });
  },

  "credential.mi-endpoint-error": async (run) => {
    const response = await run.imds();
    expect({
      status: response.status,
      retryAfter: response.headers.get("retry-after"),
      body: await response.text(),
    }).toEqual({
      status: 429,
      retryAfter: "60",
      body: '{"error":"too_many_requests","error_description":"IMDS Throttle limit reached."}',
    });
    expectLogged(run, "managed-identity", 429, {
      outcome: "fault",
      code: "injected",
      detail: expect.stringMatching(/^[0-9a-f-]{36}: 429$/),
    });
  },

  "credential.mi-unavailable": async (run) => {
    const response = await run.imds();
    expect({ status: response.status, action: response.headers.get("x-keyless-fault-action") }).toEqual({
      status: 502,
      action: "reset",
    });
    expectLogged(run, "managed-identity", 502, {
      outcome: "fault",
      code: "injected",
      detail: expect.stringMatching(/^[0-9a-f-]{36}: reset$/),
    });
  },

  "aadsts.7000215": async (run) => {
    const app = run.principal("app");
    const secretId = app.kind === "application" ? app.secrets[0]?.id : undefined;
    expect(run.env.AZURE_CLIENT_SECRET).toBe(secretId);
    await expectEntraError(run, await servicePrincipalToken(run), {
      status: 401,
      error: "invalid_client",
      code: 7000215,
      message: `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${run.env.AZURE_CLIENT_ID}'.`,
    });
  },

  "aadsts.7000222": async (run) => {
    await expectEntraError(run, await servicePrincipalToken(run), {
      status: 401,
      error: "invalid_client",
      code: 7000222,
      message: `The provided client secret keys for app '${run.env.AZURE_CLIENT_ID}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`,
    });
  },

  "aadsts.700016": async (run) => {
    expect(run.env.AZURE_CLIENT_ID).toBe("3d1f7a52-8c4e-4b9a-a0f6-5e2c9b7d1a34");
    await expectEntraError(run, await servicePrincipalToken(run), {
      status: 400,
      error: "unauthorized_client",
      code: 700016,
      message: `Application with identifier '3d1f7a52-8c4e-4b9a-a0f6-5e2c9b7d1a34' was not found in the directory '${run.env.AZURE_TENANT_ID}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    });
  },

  "aadsts.90002": async (run) => {
    expect(run.env.AZURE_TENANT_ID).toBe("0c5e9a7b-2d41-4f8e-b6a3-9e1d7c2f4a58");
    await expectEntraError(run, await servicePrincipalToken(run), {
      status: 400,
      error: "invalid_tenant",
      code: 90002,
      message:
        "Tenant '0c5e9a7b-2d41-4f8e-b6a3-9e1d7c2f4a58' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.",
    });
  },

  "aadsts.50076": async (run) => {
    await expectEntraError(run, await userToken(run, "alice", run.env.AZURE_TENANT_ID ?? ""), {
      status: 400,
      error: "invalid_grant",
      code: 50076,
      message:
        "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '7d312290-28c8-473c-a0ed-8e53749b6d6d'.",
      suberror: "basic_action",
    });
  },

  "two-faults.regional-and-control-plane-role": async (run) => {
    // First fault: a token on the regional endpoint.
    expect(run.endpointHost).toBe("eastus.api.cognitive.microsoft.com");
    const token = await accessTokenOf(await servicePrincipalToken(run));
    await expectBody(await run.chat({ token }), 400, CUSTOM_SUBDOMAIN);
    expectLogged(run, "data-plane", 400, {
      outcome: "deny",
      code: "endpoint.regional-no-subdomain",
      detail: expect.any(String),
    });
    // Fixed (the custom subdomain), the second fault shows: a control-plane role only.
    const fixed = await run.chat({ token }, "contoso-openai.openai.azure.com");
    await expectPermissionDenied(run, fixed, "app", "rbac.control-plane-role-only");
  },
};

describe("built-in scenario conformance", () => {
  it("has a reproduction for every built-in scenario, and none for a scenario that does not exist", () => {
    // The Foundry worlds are reproduced in foundry-scenarios.test.ts, with their own harness.
    expect([...Object.keys(REPRODUCTIONS), ...Object.keys(FOUNDRY_SCENARIOS)].sort()).toEqual(
      listScenarioNames().sort(),
    );
  });

  it("names, for every scenario but default, causes of the knowledge catalog", () => {
    for (const name of listScenarioNames()) {
      const scenario = getScenario(name);
      if (name === "default") {
        expect(scenario?.causeCode).toBeUndefined();
        continue;
      }
      for (const code of [scenario?.causeCode ?? "", ...(scenario?.secondaryCauseCodes ?? [])]) {
        expect(getCause(code)?.code, `${name}: ${code}`).toBe(code);
      }
    }
  });

  for (const name of listScenarioNames().filter((n) => !Object.hasOwn(FOUNDRY_SCENARIOS, n))) {
    it(`${name}: ${getScenario(name)?.causeCode ?? "everything works"}`, async () => {
      const reproduce = REPRODUCTIONS[name];
      if (reproduce === undefined)
        throw new Error(`no reproduction for scenario ${name}; add one to REPRODUCTIONS`);
      await reproduce(await runScenario(name));
    });
  }
});
