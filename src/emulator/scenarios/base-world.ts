import type { WorldInput } from "../world/schema.js";

/** Issuer the emulator's workload-identity federated tokens carry (any stable https URL works). */
export const WORKLOAD_ISSUER = "https://oidc.keyless.localhost/workload";
export const WORKLOAD_SUBJECT = "system:serviceaccount:default:chat-app";
export const PIPELINES_ISSUER = "https://vstoken.dev.azure.com/7f3a6b0e-5d0c-4c61-9a57-2f1e9b6c8d21";
export const PIPELINES_SUBJECT = "sc://contoso/chat/contoso-openai-connection";

const ACCOUNT_SCOPE = "account:contoso-openai";
const OPENAI_USER = "Cognitive Services OpenAI User";

/**
 * The world where everything works: one tenant, a user, an app registration (secret, certificate,
 * federated credentials), a VM with a system-assigned identity plus a user-assigned identity, an
 * Azure OpenAI account with chat, completions and embeddings deployments, and the Azure CLI and azd
 * signed in. Every principal holds "Cognitive Services OpenAI User" on the account, assigned an hour
 * ago. Scenarios start from a fresh copy and change one thing.
 *
 * @example
 * const world = createBaseWorld();
 * world.roleAssignments = [];
 */
export function createBaseWorld() {
  return {
    description: "Everything works: every principal holds Cognitive Services OpenAI User on contoso-openai.",
    rbacPropagationMinutes: 5,
    tokenLifetimeMinutes: 60,
    tenants: [{ name: "contoso", cloud: "public" as const }],
    users: [{ name: "alice", tenant: "contoso", password: "Alice-Passw0rd!" }],
    groups: [],
    applications: [
      {
        name: "chat-app",
        tenant: "contoso",
        secrets: [{ value: "chat-app-secret-value-9Q~local" }],
        certificates: [{ name: "chat-app-cert" }],
        federatedCredentials: [
          { name: "aks", issuer: WORKLOAD_ISSUER, subject: WORKLOAD_SUBJECT },
          { name: "pipelines", issuer: PIPELINES_ISSUER, subject: PIPELINES_SUBJECT },
        ],
      },
    ],
    managedIdentities: [
      { name: "vm-identity", tenant: "contoso", kind: "system" as const },
      { name: "chat-uami", tenant: "contoso", kind: "user" as const },
    ],
    hosts: [{ name: "vm", kind: "imds" as const, identities: ["vm-identity", "chat-uami"] }],
    azureCli: { principal: "alice" },
    azureDeveloperCli: { principal: "alice" },
    subscriptions: [{ name: "dev", tenant: "contoso", resourceGroups: ["rg-chat"] }],
    accounts: [
      {
        name: "contoso-openai",
        subscription: "dev",
        resourceGroup: "rg-chat",
        kind: "OpenAI" as const,
        location: "eastus",
        deployments: [
          { name: "gpt-4o", model: "gpt-4o", modelVersion: "2024-11-20", kind: "chat" as const },
          {
            name: "gpt-35-turbo-instruct",
            model: "gpt-35-turbo-instruct",
            modelVersion: "0914",
            kind: "completions" as const,
          },
          {
            name: "text-embedding-3-small",
            model: "text-embedding-3-small",
            modelVersion: "1",
            kind: "embeddings" as const,
          },
        ],
      },
    ],
    roleAssignments: [
      { principal: "alice", role: OPENAI_USER, scope: ACCOUNT_SCOPE, createdMinutesAgo: 60 },
      { principal: "chat-app", role: OPENAI_USER, scope: ACCOUNT_SCOPE, createdMinutesAgo: 60 },
      { principal: "vm-identity", role: OPENAI_USER, scope: ACCOUNT_SCOPE, createdMinutesAgo: 60 },
      { principal: "chat-uami", role: OPENAI_USER, scope: ACCOUNT_SCOPE, createdMinutesAgo: 60 },
      // Reading the account and listing role assignments from ARM (what the doctor does) needs Reader.
      { principal: "alice", role: "Reader", scope: "resourceGroup:dev/rg-chat", createdMinutesAgo: 60 },
      { principal: "chat-app", role: "Reader", scope: "resourceGroup:dev/rg-chat", createdMinutesAgo: 60 },
      { principal: "vm-identity", role: "Reader", scope: "resourceGroup:dev/rg-chat", createdMinutesAgo: 60 },
    ],
    faults: [],
    defaults: {
      account: "contoso-openai",
      deployment: "gpt-4o",
      application: "chat-app",
      host: "vm",
    },
  } satisfies WorldInput;
}

/** The mutable shape {@link createBaseWorld} returns, for scenarios to change. */
export type BaseWorld = ReturnType<typeof createBaseWorld>;
