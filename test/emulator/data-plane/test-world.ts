import type { WorldInput } from "../../../src/emulator/world/schema.js";
import { KEY_ONE, KEY_TWO } from "./harness.js";

const OPENAI_USER = "Cognitive Services OpenAI User";
const keys: [string, string] = [KEY_ONE, KEY_TWO];

function account(name: string, extra: Record<string, unknown> = {}) {
  return {
    name,
    subscription: "contoso-sub",
    resourceGroup: "rg-openai",
    keys,
    deployments: [{ name: "gpt-4o", model: "gpt-4o", kind: "chat" as const }],
    ...extra,
  };
}

/**
 * The data plane's test world: one account per refusal, principals for each RBAC outcome, a second
 * tenant for wrong-tenant tokens and a US Government tenant for audience naming.
 */
export function dataPlaneWorld(): WorldInput {
  return {
    rbacPropagationMinutes: 5,
    tenants: [{ name: "contoso" }, { name: "fabrikam" }, { name: "gov", cloud: "usgov" }],
    users: [{ name: "alice", tenant: "contoso", password: "pw-alice", groups: ["ai-devs"] }],
    groups: [{ name: "ai-devs", tenant: "contoso" }],
    applications: [
      { name: "app", tenant: "contoso", secrets: [{ value: "s" }] },
      { name: "contributor-app", tenant: "contoso", secrets: [{ value: "s" }] },
      { name: "fresh-app", tenant: "contoso", secrets: [{ value: "s" }] },
      { name: "foreign-app", tenant: "fabrikam", secrets: [{ value: "s" }] },
      { name: "foundry-app", tenant: "contoso", secrets: [{ value: "s" }] },
      { name: "gov-app", tenant: "gov", secrets: [{ value: "s" }] },
    ],
    subscriptions: [
      { name: "contoso-sub", tenant: "contoso", resourceGroups: ["rg-openai"] },
      { name: "gov-sub", tenant: "gov", resourceGroups: ["rg-gov"] },
    ],
    accounts: [
      account("contoso-openai", {
        deployments: [
          { name: "gpt-4o", model: "gpt-4o", modelVersion: "2024-11-20", kind: "chat" },
          { name: "emb", model: "text-embedding-3-small", modelVersion: "1", kind: "embeddings" },
          { name: "instruct", model: "gpt-35-turbo-instruct", modelVersion: "0914", kind: "completions" },
          { name: "fresh", model: "gpt-4o", kind: "chat", createdMinutesAgo: 2 },
          { name: "rpm2", model: "gpt-4o", kind: "chat", rpm: 2 },
          { name: "tpm40", model: "gpt-4o", kind: "chat", tpm: 40 },
        ],
      }),
      account("keyless", { disableLocalAuth: true }),
      account("firewalled", { networkRules: { defaultAction: "Deny", ipRules: ["10.0.0.0/8"] } }),
      account("private", { publicNetworkAccess: "Disabled" }),
      account("pe-only", { networkRules: { privateEndpointOnly: true } }),
      account("vnet", { location: "swedencentral", networkRules: { virtualNetwork: true } }),
      account("regional", { customSubdomain: null, location: "westeurope" }),
      account("other-openai"),
      account("foundry", {
        kind: "AIServices",
        projects: ["p1"],
        deployments: [{ name: "gpt-4o", model: "gpt-4o", kind: "chat", rpm: 1 }],
      }),
      {
        name: "gov-openai",
        subscription: "gov-sub",
        resourceGroup: "rg-gov",
        location: "usgovvirginia",
        keys,
        deployments: [{ name: "gpt-4o", model: "gpt-4o", kind: "chat" }],
      },
    ],
    roleAssignments: [
      // alice gets the role through her group, at resource group scope.
      { principal: "ai-devs", role: OPENAI_USER, scope: "resourceGroup:contoso-sub/rg-openai" },
      { principal: "app", role: OPENAI_USER, scope: "subscription:contoso-sub" },
      {
        principal: "contributor-app",
        role: "Cognitive Services Contributor",
        scope: "account:contoso-openai",
      },
      { principal: "fresh-app", role: OPENAI_USER, scope: "account:contoso-openai", createdMinutesAgo: 1 },
      { principal: "foundry-app", role: "Azure AI User", scope: "account:foundry" },
      { principal: "gov-app", role: OPENAI_USER, scope: "subscription:gov-sub" },
    ],
  };
}
