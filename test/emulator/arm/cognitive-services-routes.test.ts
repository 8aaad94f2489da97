import { beforeAll, describe, expect, it } from "vitest";
import type { EmulatorContext } from "../../../src/emulator/app/context.js";
import { createArmSurface } from "../../../src/emulator/arm/surface.js";
import {
  createTestApp,
  createTestContext,
  emulatorRequest,
} from "../managed-identity/emulator-test-context.js";
import { armCall, principalNamed, subscriptionId, tenantId, tokenFor } from "./arm-test-helpers.js";
import { ARM_WORLD } from "./arm-world.js";

const V = "api-version=2025-06-01";

describe("ARM Cognitive Services routes", () => {
  let ctx: EmulatorContext;
  let sub: string;
  let account: string;
  const surface = createArmSurface();

  beforeAll(async () => {
    ctx = await createTestContext(ARM_WORLD);
    sub = subscriptionId(ctx, "prod");
    account = `/subscriptions/${sub}/resourceGroups/ai-rg/providers/Microsoft.CognitiveServices/accounts/contoso-ai`;
  });

  async function as(name: string, path: string, method = "GET") {
    return armCall(surface, ctx, path, { token: await tokenFor(ctx, name), method });
  }

  it("returns the account with the properties @azure/arm-cognitiveservices maps", async () => {
    const { response, json } = await as("una-openai-user", `${account}?${V}`);
    expect(response.status).toBe(200);
    const identity = principalNamed(ctx, "acct-identity");
    expect(json).toEqual({
      id: account,
      name: "contoso-ai",
      type: "Microsoft.CognitiveServices/accounts",
      location: "eastus",
      kind: "OpenAI",
      sku: { name: "S0" },
      tags: {},
      identity: {
        type: "SystemAssigned",
        principalId: identity.objectId,
        tenantId: tenantId(ctx, "contoso"),
      },
      properties: {
        endpoint: "https://contoso-ai.openai.azure.com/",
        endpoints: {
          "OpenAI Language Model Instance API": "https://contoso-ai.openai.azure.com/",
          "OpenAI Dall-E API": "https://contoso-ai.openai.azure.com/",
          "OpenAI Whisper API": "https://contoso-ai.openai.azure.com/",
          "OpenAI Realtime API": "https://contoso-ai.openai.azure.com/",
          "Token Service API": "https://contoso-ai.openai.azure.com/",
        },
        internalId: expect.stringMatching(/^[0-9a-z]{32}$/),
        provisioningState: "Succeeded",
        customSubDomainName: "contoso-ai",
        networkAcls: { defaultAction: "Deny", ipRules: [{ value: "203.0.113.7" }], virtualNetworkRules: [] },
        publicNetworkAccess: "Enabled",
        disableLocalAuth: true,
        privateEndpointConnections: [],
      },
    });
  });

  it("describes a regional AI Services account without a custom subdomain", async () => {
    const path = `/subscriptions/${sub}/resourceGroups/other-rg/providers/Microsoft.CognitiveServices/accounts/regional-ai?${V}`;
    const { response, json } = await as("olivia-owner", path);
    expect(response.status).toBe(200);
    const body = json as { kind: string; properties: Record<string, unknown> };
    expect(body.kind).toBe("AIServices");
    expect(body.properties.endpoint).toBe("https://westeurope.api.cognitive.microsoft.com/");
    expect(body.properties.customSubDomainName).toBeUndefined();
    expect(body.properties.disableLocalAuth).toBe(false);
  });

  it("refuses a caller without a role with AuthorizationFailed naming the user's UPN", async () => {
    const nina = principalNamed(ctx, "nina-nobody");
    const { response, decision, text } = await as("nina-nobody", `${account}?${V}`);
    expect(response.status).toBe(403);
    expect(text).toBe(
      `{"error":{"code":"AuthorizationFailed","message":"The client '${nina.kind === "user" ? nina.upn : ""}' with object id '${nina.objectId}' does not have authorization to perform action 'Microsoft.CognitiveServices/accounts/read' over scope '${account}' or the scope is invalid. If access was recently granted, please refresh your credentials."}}`,
    );
    expect(decision).toEqual({ outcome: "deny", code: "no-role-assignment", detail: expect.any(String) });
  });

  it("404s an account that does not exist, for a caller allowed to read there", async () => {
    const path = `/subscriptions/${sub}/resourceGroups/ai-rg/providers/Microsoft.CognitiveServices/accounts/nope?${V}`;
    const { response, text } = await as("olivia-owner", path);
    expect(response.status).toBe(404);
    expect(text).toBe(
      `{"error":{"code":"ResourceNotFound","message":"The Resource 'Microsoft.CognitiveServices/accounts/nope' under resource group 'ai-rg' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix"}}`,
    );
    const group = await as(
      "olivia-owner",
      `/subscriptions/${sub}/resourceGroups/nope-rg/providers/Microsoft.CognitiveServices/accounts?${V}`,
    );
    expect(group.response.status).toBe(404);
    expect(group.text).toBe(
      '{"error":{"code":"ResourceGroupNotFound","message":"Resource group \'nope-rg\' could not be found."}}',
    );
  });

  it("lists the accounts of a subscription the caller may read", async () => {
    const path = `/subscriptions/${sub}/providers/Microsoft.CognitiveServices/accounts?${V}`;
    const names = async (who: string) =>
      ((await as(who, path)).json as { value: { name: string }[] }).value.map((a) => a.name);
    expect(await names("rita-reader")).toEqual(["contoso-ai", "regional-ai"]);
    expect(await names("una-openai-user")).toEqual(["contoso-ai"]);
    expect(await names("ci")).toEqual(["regional-ai"]);
    expect((await as("nina-nobody", path)).response.status).toBe(403);
  });

  it("lists the accounts of a resource group", async () => {
    const { response, json } = await as(
      "dev-dana",
      `/subscriptions/${sub}/resourceGroups/ai-rg/providers/Microsoft.CognitiveServices/accounts?${V}`,
    );
    expect(response.status).toBe(200);
    expect((json as { value: { name: string }[] }).value.map((a) => a.name)).toEqual(["contoso-ai"]);
  });

  it("lists keys only for roles with Microsoft.CognitiveServices/accounts/listKeys/action", async () => {
    const keys = `${account}/listKeys?${V}`;
    for (const who of ["carl-contributor", "olivia-owner"]) {
      const { response, text } = await as(who, keys, "POST");
      expect(response.status).toBe(200);
      expect(text).toBe(
        '{"key1":"k1-contoso-ai-000000000000000000","key2":"k2-contoso-ai-000000000000000000"}',
      );
    }
    for (const who of ["una-openai-user", "rita-reader"]) {
      const principal = principalNamed(ctx, who);
      const { response, json } = await as(who, keys, "POST");
      expect(response.status).toBe(403);
      expect(json).toEqual({
        error: {
          code: "AuthorizationFailed",
          message: `The client '${principal.kind === "user" ? principal.upn : ""}' with object id '${principal.objectId}' does not have authorization to perform action 'Microsoft.CognitiveServices/accounts/listKeys/action' over scope '${account}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
        },
      });
    }
    expect((await as("carl-contributor", keys, "GET")).response.status).toBe(405);
  });

  it("names an application by its object id in AuthorizationFailed", async () => {
    const ci = principalNamed(ctx, "ci");
    const { json } = await as("ci", `${account}/listKeys?${V}`, "POST");
    expect((json as { error: { message: string } }).error.message).toMatch(
      new RegExp(`^The client '${ci.objectId}' with object id '${ci.objectId}' does not have authorization`),
    );
  });

  it("lists and gets deployments", async () => {
    const list = await as("una-openai-user", `${account}/deployments?${V}`);
    expect(list.response.status).toBe(200);
    expect((list.json as { value: { name: string }[] }).value.map((d) => d.name)).toEqual([
      "gpt-4o",
      "embed",
    ]);
    const one = await as("una-openai-user", `${account}/deployments/gpt-4o?${V}`);
    expect(one.json).toMatchObject({
      id: `${account}/deployments/gpt-4o`,
      name: "gpt-4o",
      type: "Microsoft.CognitiveServices/accounts/deployments",
      sku: { name: "Standard", capacity: 30 },
      properties: {
        model: { format: "OpenAI", name: "gpt-4o", version: "2024-11-20" },
        provisioningState: "Succeeded",
        rateLimits: [
          { key: "request", renewalPeriod: 60, count: 60 },
          { key: "token", renewalPeriod: 60, count: 30000 },
        ],
      },
    });
    const missing = await as("una-openai-user", `${account}/deployments/nope?${V}`);
    expect(missing.response.status).toBe(404);
    expect((await as("nina-nobody", `${account}/deployments?${V}`)).response.status).toBe(403);
  });

  it("gets a subscription the caller has a role in, and lists subscriptions and tenants", async () => {
    const get = await as("una-openai-user", `/subscriptions/${sub}?api-version=2022-12-01`);
    expect(get.response.status).toBe(200);
    expect(get.json).toMatchObject({
      id: `/subscriptions/${sub}`,
      subscriptionId: sub,
      tenantId: tenantId(ctx, "contoso"),
      displayName: "prod",
      state: "Enabled",
    });
    const hidden = await as("nina-nobody", `/subscriptions/${sub}?api-version=2022-12-01`);
    expect(hidden.response.status).toBe(404);
    expect(hidden.text).toBe(
      `{"error":{"code":"SubscriptionNotFound","message":"The subscription '${sub}' could not be found."}}`,
    );

    const ids = async (who: string) =>
      (
        (await as(who, "/subscriptions?api-version=2022-12-01")).json as {
          value: { subscriptionId: string }[];
        }
      ).value.map((s) => s.subscriptionId);
    expect(await ids("dev-dana")).toEqual([sub]);
    expect(await ids("nina-nobody")).toEqual([]);
    expect(await ids("fred-fabrikam")).toEqual([subscriptionId(ctx, "fab-sub")]);

    const tenants = await as("gus-guest", "/tenants?api-version=2022-12-01");
    expect(tenants.json).toMatchObject({
      value: [
        { tenantId: tenantId(ctx, "fabrikam"), tenantCategory: "Home", displayName: "fabrikam" },
        { tenantId: tenantId(ctx, "contoso"), tenantCategory: "ProjectedBy", displayName: "contoso" },
      ],
    });
  });

  it("is reached through the emulator's request handler for management.azure.com, and logs its decision", async () => {
    const app = await createTestApp(ARM_WORLD);
    const token = await tokenFor(app.context, "carl-contributor");
    const request = emulatorRequest(`https://management.azure.com/${account}/listKeys?${V}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}` },
    });
    const response = await app.request(request);
    expect(response.status).toBe(200);
    expect([...response.headers.keys()].filter((name) => name.startsWith("x-keyless"))).toEqual([]);
    const entry = app.context.log.entries().at(-1);
    expect(entry?.surface).toBe("arm");
    expect(entry?.decision).toEqual({
      outcome: "allow",
      code: "ok",
      detail: expect.stringMatching(
        /^principal [0-9a-f-]+ is granted action Microsoft\.CognitiveServices\/accounts\/listKeys\/action by Cognitive Services Contributor at /,
      ),
    });
  });

  it("404s an unknown subscription and an unknown route", async () => {
    const unknown = await as(
      "olivia-owner",
      "/subscriptions/00000000-0000-0000-0000-000000000000?api-version=2022-12-01",
    );
    expect(unknown.response.status).toBe(404);
    expect(unknown.text).toBe(
      `{"error":{"code":"SubscriptionNotFound","message":"The subscription '00000000-0000-0000-0000-000000000000' could not be found."}}`,
    );
    const route = await as(
      "olivia-owner",
      `/subscriptions/${sub}/providers/Microsoft.Compute/virtualMachines?${V}`,
    );
    expect(route.response.status).toBe(404);
  });
});

describe("ARM faults", () => {
  it("answers an injected fault with ARM's error shape, before authentication", async () => {
    const ctx = await createTestContext({
      ...ARM_WORLD,
      faults: [{ target: "arm", status: 429, times: 1, headers: { "retry-after": "1" } }],
    });
    const surface = createArmSurface();
    const first = await armCall(surface, ctx, "/subscriptions?api-version=2022-12-01");
    expect(first.response.status).toBe(429);
    expect(first.text).toBe(
      '{"error":{"code":"TooManyRequests","message":"The request is being throttled."}}',
    );
    expect(first.response.headers.get("retry-after")).toBe("1");
    const second = await armCall(surface, ctx, "/subscriptions?api-version=2022-12-01");
    expect(second.response.status).toBe(401);
  });
});

describe("ARM Foundry project routes", () => {
  let ctx: EmulatorContext;
  let account: string;
  const surface = createArmSurface();

  beforeAll(async () => {
    ctx = await createTestContext({
      tenants: [{ name: "contoso" }],
      users: [
        { name: "rita-reader", tenant: "contoso", password: "x" },
        { name: "pat-project", tenant: "contoso", password: "x" },
      ],
      subscriptions: [{ name: "prod", tenant: "contoso", resourceGroups: ["ai-rg"] }],
      accounts: [
        {
          name: "contoso-foundry",
          subscription: "prod",
          resourceGroup: "ai-rg",
          kind: "AIServices",
          location: "eastus2",
          projects: [{ name: "chat" }, { name: "eval" }],
        },
      ],
      roleAssignments: [
        { principal: "rita-reader", role: "Reader", scope: "resourceGroup:prod/ai-rg" },
        { principal: "pat-project", role: "Azure AI User", scope: "project:contoso-foundry/eval" },
      ],
    });
    account = `/subscriptions/${subscriptionId(ctx, "prod")}/resourceGroups/ai-rg/providers/Microsoft.CognitiveServices/accounts/contoso-foundry`;
  });

  async function as(name: string, path: string, method = "GET") {
    return armCall(surface, ctx, path, { token: await tokenFor(ctx, name), method });
  }

  const chat = () => ({
    id: `${account}/projects/chat`,
    name: "contoso-foundry/chat",
    type: "Microsoft.CognitiveServices/accounts/projects",
    location: "eastus2",
    tags: {},
    properties: {
      provisioningState: "Succeeded",
      displayName: "chat",
      endpoints: { "AI Foundry API": "https://contoso-foundry.services.ai.azure.com/api/projects/chat" },
      isDefault: true,
    },
  });

  it("lists and gets the account's projects, named <account>/<project>", async () => {
    const list = await as("rita-reader", `${account}/projects?${V}`);
    expect(list.response.status).toBe(200);
    expect((list.json as { value: { name: string }[] }).value.map((p) => p.name)).toEqual([
      "contoso-foundry/chat",
      "contoso-foundry/eval",
    ]);
    expect((list.json as { value: unknown[] }).value[0]).toEqual(chat());
    const one = await as("rita-reader", `${account}/projects/CHAT?${V}`);
    expect({ status: one.response.status, json: one.json }).toEqual({ status: 200, json: chat() });
  });

  it("answers 404 ResourceNotFound for a project the account does not have", async () => {
    const missing = await as("rita-reader", `${account}/projects/nope?${V}`);
    expect(missing.response.status).toBe(404);
    expect((missing.json as { error: { code: string; message: string } }).error).toEqual({
      code: "ResourceNotFound",
      message: expect.stringContaining("Microsoft.CognitiveServices/accounts/contoso-foundry/projects/nope"),
    });
  });

  it("a role on one project reads that project only: 403 on the list and on another project", async () => {
    expect((await as("pat-project", `${account}/projects/eval?${V}`)).response.status).toBe(200);
    expect((await as("pat-project", `${account}/projects/chat?${V}`)).response.status).toBe(403);
    expect((await as("pat-project", `${account}/projects?${V}`)).response.status).toBe(403);
  });
});
