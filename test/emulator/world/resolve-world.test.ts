import { createHash, X509Certificate } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getScenario } from "../../../src/emulator/scenarios/index.js";
import { generateClientCertificate } from "../../../src/emulator/world/generate-client-certificate.js";
import { validateWorld } from "../../../src/emulator/world/load-world.js";
import type { World } from "../../../src/emulator/world/model.js";
import { resolveWorld } from "../../../src/emulator/world/resolve-world.js";
import type { WorldInput } from "../../../src/emulator/world/schema.js";
import { stableId } from "../../../src/emulator/world/stable-id.js";
import { WorldFileError } from "../../../src/emulator/world/world-file-error.js";

const NOW = Date.parse("2025-06-01T12:00:00Z");
const MINUTE = 60_000;

function resolve(input: WorldInput, keys = ["k".repeat(32), "l".repeat(32)]): Promise<World> {
  let next = 0;
  return resolveWorld(validateWorld(input, "test"), {
    now: NOW,
    generateAccountKey: () => keys[next++ % keys.length] as string,
  });
}

function base(extra: Partial<WorldInput> = {}): WorldInput {
  return {
    tenants: [{ name: "contoso" }],
    subscriptions: [{ name: "sub", tenant: "contoso" }],
    accounts: [{ name: "Contoso-OpenAI", subscription: "sub", resourceGroup: "rg" }],
    ...extra,
  };
}

describe("resolveWorld on the default scenario", () => {
  let world: World;
  beforeAll(async () => {
    const scenario = getScenario("default");
    if (scenario === undefined) throw new Error("no default scenario");
    world = await resolveWorld(validateWorld(structuredClone(scenario.world), "default"), { now: NOW });
  });

  it("derives stable ids and the tenant domain from names", () => {
    expect(world.tenants).toEqual([
      {
        name: "contoso",
        id: stableId("tenant", "contoso"),
        domain: "contoso.onmicrosoft.com",
        cloud: "public",
      },
    ]);
    const alice = world.users[0];
    expect(alice).toMatchObject({
      kind: "user",
      objectId: stableId("user", "alice"),
      upn: "alice@contoso.onmicrosoft.com",
      tenantId: stableId("tenant", "contoso"),
    });
    const app = world.applications[0];
    expect(app).toMatchObject({
      clientId: stableId("application", "app"),
      objectId: stableId("service-principal", "app"),
    });
    expect(app?.secrets[0]).toEqual({ id: stableId("client-secret", "app:0"), value: expect.any(String) });
  });

  it("gives the account its host names, regional host, resource id and two random keys", () => {
    const sub = world.subscriptions[0];
    const account = world.accounts[0];
    expect(account).toMatchObject({
      name: "contoso-openai",
      customSubdomain: "contoso-openai",
      hostnames: ["contoso-openai.openai.azure.com", "contoso-openai.cognitiveservices.azure.com"],
      regionalHostname: "eastus.api.cognitive.microsoft.com",
      resourceId: `/subscriptions/${sub?.id}/resourceGroups/rg-openai/providers/Microsoft.CognitiveServices/accounts/contoso-openai`,
      tenantId: stableId("tenant", "contoso"),
      cloud: "public",
    });
    expect(account?.keys[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(account?.keys[1]).toMatch(/^[0-9a-f]{32}$/);
    expect(account?.keys[0]).not.toBe(account?.keys[1]);
    expect(account?.deployments.map((d) => [d.name, d.kind, d.createdAt])).toEqual([
      ["gpt-4o", "chat", NOW - 60 * MINUTE],
      ["gpt-35-turbo-instruct", "completions", NOW - 60 * MINUTE],
      ["text-embedding-3-small", "embeddings", NOW - 60 * MINUTE],
    ]);
  });

  it("resolves role names to built-in GUIDs and scopes to ARM ids, with their age", () => {
    const account = world.accounts[0];
    const alice = world.roleAssignments.find(
      (r) => r.principalId === stableId("user", "alice") && r.roleName === "Cognitive Services OpenAI User",
    );
    expect(alice).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      principalId: stableId("user", "alice"),
      principalType: "User",
      roleDefinitionId: "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd",
      roleName: "Cognitive Services OpenAI User",
      scope: account?.resourceId,
      createdAt: NOW - 60 * MINUTE,
    });
    const vm = world.roleAssignments.find((r) => r.principalId === world.managedIdentities[0]?.objectId);
    expect(vm?.principalType).toBe("ServicePrincipal");
  });

  it("places managed identities in ARM: the VM for system-assigned, userAssignedIdentities for user-assigned", () => {
    const sub = world.subscriptions[0]?.id;
    expect(world.managedIdentities.map((m) => [m.name, m.identityKind, m.resourceId])).toEqual([
      [
        "vm",
        "system",
        `/subscriptions/${sub}/resourceGroups/rg-openai/providers/Microsoft.Compute/virtualMachines/vm`,
      ],
      [
        "uami",
        "user",
        `/subscriptions/${sub}/resourceGroups/rg-openai/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uami`,
      ],
    ]);
    expect(world.hosts[0]?.identities.map((i) => i.name)).toEqual(["vm", "uami"]);
  });

  it("generates the certificate credential with its thumbprints and key", () => {
    const cert = world.applications[0]?.certificates[0];
    if (cert === undefined) throw new Error("no certificate");
    const der = new X509Certificate(cert.certificatePem).raw;
    expect(cert.x5t).toBe(createHash("sha1").update(der).digest("base64url"));
    expect(cert.x5tS256).toBe(createHash("sha256").update(der).digest("base64url"));
    expect(cert.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/);
    expect(new X509Certificate(cert.certificatePem).subject).toBe("CN=app-app-cert");
  });

  it("signs the Azure CLI and azd in as alice and fills the defaults", () => {
    expect(world.azureCli).toEqual({
      installed: true,
      principal: world.users[0],
      tenantId: stableId("tenant", "contoso"),
      subscriptionId: world.subscriptions[0]?.id,
      hang: false,
    });
    expect(world.defaults).toEqual({
      account: "contoso-openai",
      deployment: "gpt-4o",
      application: "app",
      host: "vm",
      endpoint: "subdomain",
      apiKey: "none",
      apiKeyVariable: "KEYLESS_API_KEY",
      clientSecret: "value",
      adToken: "none",
      env: {},
    });
    expect(world.tokenLifetimeMs).toBe(60 * MINUTE);
    expect(world.rbacPropagationMs).toBe(5 * MINUTE);
  });
});

describe("resolveWorld details", () => {
  it("uses the cloud's suffixes for US Government and China, and adds services.ai for AIServices", async () => {
    const usgov = await resolve({
      ...base(),
      tenants: [{ name: "gov", cloud: "usgov" }],
      subscriptions: [{ name: "sub", tenant: "gov" }],
      accounts: [{ name: "acct", subscription: "sub", resourceGroup: "rg", location: "usgovvirginia" }],
    });
    expect(usgov.tenants[0]?.domain).toBe("gov.onmicrosoft.us");
    expect(usgov.accounts[0]).toMatchObject({
      cloud: "usgov",
      hostnames: ["acct.openai.azure.us", "acct.cognitiveservices.azure.us"],
      regionalHostname: "usgovvirginia.api.cognitive.microsoft.us",
    });
    const china = await resolve({
      ...base(),
      tenants: [{ name: "cn", cloud: "china" }],
      subscriptions: [{ name: "sub", tenant: "cn" }],
      accounts: [{ name: "acct", subscription: "sub", resourceGroup: "rg", location: "chinaeast2" }],
    });
    expect(china.tenants[0]?.domain).toBe("cn.partner.onmschina.cn");
    expect(china.accounts[0]).toMatchObject({
      hostnames: ["acct.openai.azure.cn", "acct.cognitiveservices.azure.cn"],
      regionalHostname: "chinaeast2.api.cognitive.azure.cn",
    });
    const foundry = await resolve(
      base({ accounts: [{ name: "f", subscription: "sub", resourceGroup: "rg", kind: "AIServices" }] }),
    );
    expect(foundry.accounts[0]?.hostnames).toEqual([
      "f.openai.azure.com",
      "f.cognitiveservices.azure.com",
      "f.services.ai.azure.com",
    ]);
  });

  it("keeps a null custom subdomain (regional only) and an explicit one, and uses given keys", async () => {
    const world = await resolve(
      base({
        accounts: [
          { name: "regional", subscription: "sub", resourceGroup: "rg", customSubdomain: null },
          {
            name: "named",
            subscription: "sub",
            resourceGroup: "rg",
            customSubdomain: "Other-Name",
            keys: ["a", "b"],
          },
        ],
      }),
    );
    expect(world.accounts[0]).toMatchObject({
      customSubdomain: null,
      hostnames: [],
      keys: ["k".repeat(32), "l".repeat(32)],
    });
    expect(world.accounts[1]).toMatchObject({
      customSubdomain: "other-name",
      hostnames: ["other-name.openai.azure.com", "other-name.cognitiveservices.azure.com"],
      keys: ["a", "b"],
    });
  });

  it("turns every scope form into an ARM id and takes roles by GUID", async () => {
    const world = await resolve(
      base({
        users: [{ name: "u", tenant: "contoso", password: "p" }],
        accounts: [
          { name: "acct", subscription: "sub", resourceGroup: "rg", kind: "AIServices", projects: ["p1"] },
        ],
        roleAssignments: [
          { principal: "u", role: "acdd72a7-3385-48ef-bd42-f606fba81ae7", scope: "subscription:sub" },
          { principal: "u", role: "reader", scope: "resourceGroup:sub/other-rg" },
          { principal: "u", role: "Azure AI User", scope: "project:acct/p1", createdMinutesAgo: 2 },
          { principal: "u", role: "Reader", scope: "/providers/Microsoft.Management/managementGroups/mg" },
        ],
      }),
    );
    const sub = world.subscriptions[0]?.id;
    expect(world.roleAssignments.map((r) => [r.roleName, r.scope, r.createdAt])).toEqual([
      ["Reader", `/subscriptions/${sub}`, NOW - 60 * MINUTE],
      ["Reader", `/subscriptions/${sub}/resourceGroups/other-rg`, NOW - 60 * MINUTE],
      [
        "Azure AI User",
        `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/acct/projects/p1`,
        NOW - 2 * MINUTE,
      ],
      ["Reader", "/providers/Microsoft.Management/managementGroups/mg", NOW - 60 * MINUTE],
    ]);
    expect(world.subscriptions[0]?.resourceGroups).toEqual(["rg"]);
  });

  it("resolves Foundry projects: names from either form, project scopes in the world's spelling", async () => {
    const world = await resolve(
      base({
        users: [{ name: "u", tenant: "contoso", password: "p" }],
        accounts: [
          {
            name: "acct",
            subscription: "sub",
            resourceGroup: "rg",
            kind: "AIServices",
            projects: [{ name: "Chat-Project" }, "eval"],
          },
        ],
        roleAssignments: [{ principal: "u", role: "Azure AI User", scope: "project:acct/chat-project" }],
      }),
    );
    const account = world.accounts[0];
    expect(account?.projects).toEqual(["Chat-Project", "eval"]);
    expect(world.roleAssignments[0]?.scope).toBe(`${account?.resourceId}/projects/Chat-Project`);
    expect(account?.hostnames).toContain("acct.services.ai.azure.com");
  });

  it("refuses an unknown role with a WorldFileError naming the assignment", async () => {
    const run = resolve(
      base({
        users: [{ name: "u", tenant: "contoso", password: "p" }],
        roleAssignments: [{ principal: "u", role: "OpenAI Superuser", scope: "account:Contoso-OpenAI" }],
      }),
    );
    await expect(run).rejects.toBeInstanceOf(WorldFileError);
    await expect(run).rejects.toThrow(
      'roleAssignments[0].role: "OpenAI Superuser" is not a built-in role name or role definition GUID; use e.g. "Cognitive Services OpenAI User" or 5e0bd9bd-7b93-4f28-af87-19fc36ad61bd',
    );
  });

  it("turns secret expiry into a time and uses a given certificate PEM as is", async () => {
    const given = await generateClientCertificate("CN=given");
    const world = await resolve({
      tenants: [{ name: "contoso" }],
      applications: [
        {
          name: "a",
          tenant: "contoso",
          secrets: [{ value: "v", expiresInMinutes: -5, id: "7A1C2D3E-4F50-4A6B-8C7D-9E0F1A2B3C4D" }],
          certificates: [{ name: "c", certificatePem: given.certificatePem }],
        },
      ],
    });
    const app = world.applications[0];
    expect(app?.secrets).toEqual([
      { id: "7a1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d", value: "v", expiresAt: NOW - 5 * MINUTE },
    ]);
    expect(app?.certificates[0]?.certificatePem).toBe(given.certificatePem);
    expect(app?.certificates[0]?.privateKeyPem).toBeUndefined();
    await expect(
      resolve({
        tenants: [{ name: "t" }],
        applications: [{ name: "a", tenant: "t", certificates: [{ name: "c", certificatePem: "nope" }] }],
      }),
    ).rejects.toThrow(
      'applications[0].certificates[0].certificatePem: is not a PEM certificate; paste the "-----BEGIN CERTIFICATE-----" block or omit it to have one generated',
    );
  });
});
