import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../src/emulator/start-emulator.js";
import type { WorldInput } from "../../src/emulator/world/schema.js";

const run = promisify(execFile);

/**
 * The real ARM SDKs in a Node process that trusts the emulator's CA, pointed at
 * `https://127.0.0.1:PORT/_host/management.azure.com` with the ARM scope. The credential is the
 * real `ClientSecretCredential` against the emulator's Entra ID, or, for a user, a token the
 * emulator's token service minted. `TEST_STEPS` names what to do; each step's outcome is printed as
 * one JSON line (values, or the RestError's statusCode, code and message).
 */
const CLIENT = `
import { ClientSecretCredential } from "@azure/identity";
import { AuthorizationManagementClient } from "@azure/arm-authorization";
import { CognitiveServicesManagementClient } from "@azure/arm-cognitiveservices";

const env = process.env;
const credential = env.TEST_TOKEN
  ? { getToken: async () => ({ token: env.TEST_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 }) }
  : new ClientSecretCredential(env.AZURE_TENANT_ID, env.AZURE_CLIENT_ID, env.AZURE_CLIENT_SECRET, {
      authorityHost: env.AZURE_AUTHORITY_HOST,
      disableInstanceDiscovery: true,
    });
const options = { endpoint: env.TEST_ARM_ENDPOINT, credentialScopes: ["https://management.azure.com/.default"] };
const authorization = new AuthorizationManagementClient(credential, env.TEST_SUBSCRIPTION, options);
const cognitive = new CognitiveServicesManagementClient(credential, env.TEST_SUBSCRIPTION, options);
const account = env.TEST_ACCOUNT_SCOPE;
const collect = async (iterable) => { const out = []; for await (const item of iterable) out.push(item); return out; };

const steps = {
  listAssignmentsAtScope: async () =>
    (await collect(authorization.roleAssignments.listForScope(account, { filter: "atScope()" })))
      .map((a) => ({ principalId: a.principalId, roleDefinitionId: a.roleDefinitionId, scope: a.scope, createdOn: a.createdOn?.toISOString() })),
  listAssignmentsForSubscription: async () =>
    (await collect(authorization.roleAssignments.listForSubscription())).map((a) => a.name),
  listAssignmentsAssignedTo: async () =>
    (await collect(authorization.roleAssignments.listForScope(account, { filter: "assignedTo('" + env.TEST_PRINCIPAL + "')" })))
      .map((a) => a.principalId),
  listDefinitions: async () =>
    (await collect(authorization.roleDefinitions.list(account))).map((d) => ({ name: d.name, roleName: d.roleName, type: d.roleType ?? d.type })),
  getDefinition: async () => {
    // Same leading-slash caveat as TEST_ACCOUNT_SCOPE.
    const d = await authorization.roleDefinitions.getById(env.TEST_ROLE_ID.slice(1));
    return { id: d.id, roleName: d.roleName, permissions: d.permissions };
  },
  createAssignment: async () => {
    const a = await authorization.roleAssignments.create(account, env.TEST_NEW_ASSIGNMENT, {
      roleDefinitionId: env.TEST_ROLE_ID,
      principalId: env.TEST_PRINCIPAL,
      principalType: "User",
    });
    return { id: a.id, name: a.name, principalId: a.principalId, roleDefinitionId: a.roleDefinitionId, scope: a.scope };
  },
  deleteAssignment: async () => {
    const a = await authorization.roleAssignments.delete(account, env.TEST_NEW_ASSIGNMENT);
    return { name: a.name };
  },
  getAccount: async () => {
    const a = await cognitive.accounts.get(env.TEST_RESOURCE_GROUP, env.TEST_ACCOUNT);
    return {
      id: a.id, kind: a.kind, endpoint: a.properties?.endpoint, customSubDomainName: a.properties?.customSubDomainName,
      disableLocalAuth: a.properties?.disableLocalAuth, publicNetworkAccess: a.properties?.publicNetworkAccess,
      networkAcls: a.properties?.networkAcls, provisioningState: a.properties?.provisioningState,
    };
  },
  listAccounts: async () => (await collect(cognitive.accounts.list())).map((a) => a.name),
  listKeys: async () => {
    const keys = await cognitive.accounts.listKeys(env.TEST_RESOURCE_GROUP, env.TEST_ACCOUNT);
    return { key1Length: keys.key1?.length, key2Length: keys.key2?.length };
  },
  listDeployments: async () =>
    (await collect(cognitive.deployments.list(env.TEST_RESOURCE_GROUP, env.TEST_ACCOUNT)))
      .map((d) => ({ name: d.name, model: d.properties?.model?.name, rateLimits: d.properties?.rateLimits })),
};

for (const step of env.TEST_STEPS.split(",")) {
  try {
    console.log(JSON.stringify({ step, ok: true, value: await steps[step]() }));
  } catch (error) {
    console.log(JSON.stringify({ step, ok: false, name: error.name, statusCode: error.statusCode, code: error.code, message: error.message }));
  }
}
`;

type StepResult =
  | { step: string; ok: true; value: unknown }
  | { step: string; ok: false; name: string; statusCode?: number; code?: string; message: string };

const WORLD: WorldInput = {
  tenants: [{ name: "contoso" }],
  users: [
    { name: "rita", tenant: "contoso", password: "x" },
    { name: "una", tenant: "contoso", password: "x" },
  ],
  applications: [{ name: "admin", tenant: "contoso", secrets: [{ value: "admin-secret-value" }] }],
  subscriptions: [{ name: "prod", tenant: "contoso", resourceGroups: ["ai-rg"] }],
  accounts: [
    {
      name: "contoso-ai",
      subscription: "prod",
      resourceGroup: "ai-rg",
      customSubdomain: "contoso-ai",
      disableLocalAuth: false,
      deployments: [{ name: "gpt-4o", model: "gpt-4o", rpm: 60, tpm: 30000 }],
    },
  ],
  roleAssignments: [
    { principal: "admin", role: "Owner", scope: "subscription:prod" },
    { principal: "rita", role: "Reader", scope: "subscription:prod" },
  ],
  defaults: { application: "admin" },
};

const OPENAI_USER = "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd";
const NEW_ASSIGNMENT = "6a2c1d0e-3f4b-4c5d-9e8f-0a1b2c3d4e5f";

describe("real ARM SDKs against the emulator", () => {
  let emulator: RunningEmulator;
  let sub: string;
  let accountScope: string;

  beforeAll(async () => {
    emulator = await startEmulator({ world: WORLD, port: 0 });
    sub = emulator.world.subscriptions[0]?.id ?? "";
    accountScope = `/subscriptions/${sub}/resourceGroups/ai-rg/providers/Microsoft.CognitiveServices/accounts/contoso-ai`;
  });

  afterAll(async () => {
    await emulator?.close();
  });

  function user(name: string) {
    const found = emulator.world.users.find((u) => u.name === name);
    if (found === undefined) throw new Error(`no user ${name}`);
    return found;
  }

  async function runSteps(
    steps: string[],
    extraEnv: Record<string, string> = {},
  ): Promise<Record<string, StepResult>> {
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", CLIENT], {
      cwd: process.cwd(),
      timeout: 90_000,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        NODE_EXTRA_CA_CERTS: emulator.files.caCertificate,
        AZURE_AUTHORITY_HOST: emulator.env.AZURE_AUTHORITY_HOST ?? "",
        AZURE_TENANT_ID: emulator.env.AZURE_TENANT_ID ?? "",
        AZURE_CLIENT_ID: emulator.env.AZURE_CLIENT_ID ?? "",
        AZURE_CLIENT_SECRET: "admin-secret-value",
        TEST_ARM_ENDPOINT: `${emulator.urls.base}/_host/management.azure.com`,
        TEST_SUBSCRIPTION: sub,
        // The full resource id, leading slash included: the SDK then sends `//subscriptions/...`,
        // which ARM (and the emulator) read as one slash.
        TEST_ACCOUNT_SCOPE: accountScope,
        TEST_RESOURCE_GROUP: "ai-rg",
        TEST_ACCOUNT: "contoso-ai",
        TEST_ROLE_ID: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${OPENAI_USER}`,
        TEST_NEW_ASSIGNMENT: NEW_ASSIGNMENT,
        TEST_STEPS: steps.join(","),
        ...extraEnv,
      },
    });
    const results: Record<string, StepResult> = {};
    for (const line of stdout.trim().split("\n")) {
      const parsed = JSON.parse(line) as StepResult;
      results[parsed.step] = parsed;
    }
    return results;
  }

  async function userToken(name: string): Promise<string> {
    const principal = user(name);
    const issued = await emulator.context.tokens.issueAccessToken({
      tenantId: principal.tenantId,
      principal,
      resource: "https://management.azure.com/",
    });
    return issued.accessToken;
  }

  it("AuthorizationManagementClient lists role definitions and assignments, and creates one", async () => {
    const una = user("una");
    const results = await runSteps(
      [
        "listDefinitions",
        "getDefinition",
        "listAssignmentsAtScope",
        "listAssignmentsForSubscription",
        "createAssignment",
        "listAssignmentsAssignedTo",
      ],
      { TEST_PRINCIPAL: una.objectId },
    );
    const value = (step: string) => {
      const result = results[step];
      if (result === undefined || !result.ok) throw new Error(`${step} failed: ${JSON.stringify(result)}`);
      return result.value;
    };
    expect((value("listDefinitions") as { roleName: string }[]).map((d) => d.roleName)).toContain(
      "Cognitive Services OpenAI User",
    );
    expect(value("getDefinition")).toMatchObject({
      id: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${OPENAI_USER}`,
      roleName: "Cognitive Services OpenAI User",
      permissions: [
        { notDataActions: ["Microsoft.CognitiveServices/accounts/OpenAI/stored-completions/read"] },
      ],
    });
    const atScope = value("listAssignmentsAtScope") as {
      principalId: string;
      scope: string;
      createdOn: string;
    }[];
    expect(atScope.map((a) => a.scope).sort()).toEqual([`/subscriptions/${sub}`, `/subscriptions/${sub}`]);
    expect(atScope.every((a) => typeof a.createdOn === "string")).toBe(true);
    expect(value("listAssignmentsForSubscription")).toHaveLength(2);
    expect(value("createAssignment")).toEqual({
      id: `${accountScope}/providers/Microsoft.Authorization/roleAssignments/${NEW_ASSIGNMENT}`,
      name: NEW_ASSIGNMENT,
      principalId: una.objectId,
      roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${OPENAI_USER}`,
      scope: accountScope,
    });
    expect(value("listAssignmentsAssignedTo")).toEqual([una.objectId]);
    expect(
      emulator.world.roleAssignments.some((a) => a.id === NEW_ASSIGNMENT && a.principalId === una.objectId),
    ).toBe(true);
    const log = emulator.context.log.entries().filter((e) => e.surface === "arm");
    expect(log.at(-2)?.decision).toEqual({
      outcome: "allow",
      code: "ok",
      detail: expect.stringMatching(/created Cognitive Services OpenAI User for /),
    });
  });

  it("CognitiveServicesManagementClient gets the account, lists keys and deployments", async () => {
    const results = await runSteps(["getAccount", "listAccounts", "listKeys", "listDeployments"]);
    expect(results.getAccount).toEqual({
      step: "getAccount",
      ok: true,
      value: {
        id: accountScope,
        kind: "OpenAI",
        endpoint: "https://contoso-ai.openai.azure.com/",
        customSubDomainName: "contoso-ai",
        disableLocalAuth: false,
        publicNetworkAccess: "Enabled",
        networkAcls: { defaultAction: "Allow", ipRules: [], virtualNetworkRules: [] },
        provisioningState: "Succeeded",
      },
    });
    expect(results.listAccounts).toEqual({ step: "listAccounts", ok: true, value: ["contoso-ai"] });
    expect(results.listKeys).toEqual({
      step: "listKeys",
      ok: true,
      value: { key1Length: 32, key2Length: 32 },
    });
    expect(results.listDeployments).toEqual({
      step: "listDeployments",
      ok: true,
      value: [
        {
          name: "gpt-4o",
          model: "gpt-4o",
          rateLimits: [
            { key: "request", renewalPeriod: 60, count: 60 },
            { key: "token", renewalPeriod: 60, count: 30000 },
          ],
        },
      ],
    });
  });

  it("a Reader can get the account but listKeys is refused with 403 AuthorizationFailed", async () => {
    const rita = user("rita");
    const results = await runSteps(["getAccount", "listKeys"], { TEST_TOKEN: await userToken("rita") });
    expect(results.getAccount?.ok).toBe(true);
    expect(results.listKeys).toEqual({
      step: "listKeys",
      ok: false,
      name: "RestError",
      statusCode: 403,
      code: "AuthorizationFailed",
      message: `The client '${rita.upn}' with object id '${rita.objectId}' does not have authorization to perform action 'Microsoft.CognitiveServices/accounts/listKeys/action' over scope '${accountScope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    });
  });

  it("a Reader cannot create a role assignment", async () => {
    const results = await runSteps(["createAssignment"], {
      TEST_TOKEN: await userToken("rita"),
      TEST_PRINCIPAL: user("una").objectId,
    });
    expect(results.createAssignment).toMatchObject({
      ok: false,
      statusCode: 403,
      code: "AuthorizationFailed",
    });
  });
});
