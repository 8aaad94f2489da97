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
export function createBaseWorld(): BaseWorld {
  return {
    description: "Everything works: every principal holds Cognitive Services OpenAI User on contoso-openai.",
    rbacPropagationMinutes: 5,
    tokenLifetimeMinutes: 60,
    tenants: [{ name: "contoso", cloud: "public" }],
    users: [{ name: "alice", tenant: "contoso", password: "Alice-Passw0rd!" }],
    groups: [],
    applications: [
      {
        name: "app",
        tenant: "contoso",
        secrets: [{ value: "app-secret-value-8Q~keyless-emulator" }],
        certificates: [{ name: "app-cert" }],
        federatedCredentials: [
          { name: "aks", issuer: WORKLOAD_ISSUER, subject: WORKLOAD_SUBJECT },
          { name: "pipelines", issuer: PIPELINES_ISSUER, subject: PIPELINES_SUBJECT },
        ],
      },
    ],
    managedIdentities: [
      { name: "vm", tenant: "contoso", kind: "system" },
      { name: "uami", tenant: "contoso", kind: "user" },
    ],
    hosts: [{ name: "vm", kind: "imds", identities: ["vm", "uami"] }],
    azureCli: { principal: "alice" },
    azureDeveloperCli: { principal: "alice" },
    subscriptions: [{ name: "contoso-sub", tenant: "contoso", resourceGroups: ["rg-openai"] }],
    accounts: [
      {
        name: "contoso-openai",
        subscription: "contoso-sub",
        resourceGroup: "rg-openai",
        kind: "OpenAI",
        location: "eastus",
        deployments: [
          { name: "gpt-4o", model: "gpt-4o", modelVersion: "2024-11-20", kind: "chat" },
          {
            name: "gpt-35-turbo-instruct",
            model: "gpt-35-turbo-instruct",
            modelVersion: "0914",
            kind: "completions",
          },
          {
            name: "text-embedding-3-small",
            model: "text-embedding-3-small",
            modelVersion: "1",
            kind: "embeddings",
          },
        ],
      },
    ],
    roleAssignments: [
      { principal: "alice", role: OPENAI_USER, scope: ACCOUNT_SCOPE, createdMinutesAgo: 60 },
      { principal: "app", role: OPENAI_USER, scope: ACCOUNT_SCOPE, createdMinutesAgo: 60 },
      { principal: "vm", role: OPENAI_USER, scope: ACCOUNT_SCOPE, createdMinutesAgo: 60 },
      { principal: "uami", role: OPENAI_USER, scope: ACCOUNT_SCOPE, createdMinutesAgo: 60 },
      // Reading the account and listing role assignments from ARM (what the doctor does) needs Reader.
      {
        principal: "alice",
        role: "Reader",
        scope: "resourceGroup:contoso-sub/rg-openai",
        createdMinutesAgo: 60,
      },
      {
        principal: "app",
        role: "Reader",
        scope: "resourceGroup:contoso-sub/rg-openai",
        createdMinutesAgo: 60,
      },
      {
        principal: "vm",
        role: "Reader",
        scope: "resourceGroup:contoso-sub/rg-openai",
        createdMinutesAgo: 60,
      },
    ],
    faults: [],
    defaults: {
      account: "contoso-openai",
      deployment: "gpt-4o",
      application: "app",
      host: "vm",
    },
  };
}

type Lists =
  | "users"
  | "groups"
  | "applications"
  | "managedIdentities"
  | "hosts"
  | "subscriptions"
  | "accounts"
  | "roleAssignments"
  | "faults";

/** A world input whose lists and sign-in blocks are present, so scenarios can change them in place. */
export type BaseWorld = WorldInput & { [K in Lists]-?: NonNullable<WorldInput[K]> } & {
  azureCli: NonNullable<WorldInput["azureCli"]>;
  azureDeveloperCli: NonNullable<WorldInput["azureDeveloperCli"]>;
  defaults: NonNullable<WorldInput["defaults"]>;
};
