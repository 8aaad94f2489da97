/**
 * A world for the ARM handler tests: one subscription per tenant, a regional account and a
 * subdomain account, and principals holding the roles whose control-plane rights differ.
 */
export const ARM_WORLD = {
  tenants: [{ name: "contoso" }, { name: "fabrikam" }],
  users: [
    { name: "olivia-owner", tenant: "contoso", password: "x" },
    { name: "rita-reader", tenant: "contoso", password: "x" },
    { name: "carl-contributor", tenant: "contoso", password: "x" },
    { name: "una-openai-user", tenant: "contoso", password: "x" },
    { name: "nina-nobody", tenant: "contoso", password: "x" },
    { name: "dev-dana", tenant: "contoso", password: "x", groups: ["devs"] },
    { name: "gus-guest", tenant: "fabrikam", password: "x", guestOf: ["contoso"] },
    { name: "fred-fabrikam", tenant: "fabrikam", password: "x" },
  ],
  groups: [{ name: "devs", tenant: "contoso" }],
  applications: [{ name: "ci", tenant: "contoso", secrets: [{ value: "s3cret" }] }],
  managedIdentities: [{ name: "acct-identity", tenant: "contoso", kind: "system" }],
  subscriptions: [
    { name: "prod", tenant: "contoso", resourceGroups: ["ai-rg", "other-rg"] },
    { name: "fab-sub", tenant: "fabrikam", resourceGroups: ["fab-rg"] },
  ],
  accounts: [
    {
      name: "contoso-ai",
      subscription: "prod",
      resourceGroup: "ai-rg",
      customSubdomain: "contoso-ai",
      disableLocalAuth: true,
      identity: "acct-identity",
      networkRules: {
        defaultAction: "Deny",
        ipRules: ["203.0.113.7"],
        privateEndpointOnly: false,
        virtualNetwork: false,
      },
      keys: ["k1-contoso-ai-000000000000000000", "k2-contoso-ai-000000000000000000"],
      deployments: [
        { name: "gpt-4o", model: "gpt-4o", modelVersion: "2024-11-20", rpm: 60, tpm: 30000 },
        { name: "embed", model: "text-embedding-3-small", modelVersion: "1", kind: "embeddings" },
      ],
    },
    {
      name: "regional-ai",
      subscription: "prod",
      resourceGroup: "other-rg",
      customSubdomain: null,
      location: "westeurope",
      kind: "AIServices",
    },
    { name: "fab-ai", subscription: "fab-sub", resourceGroup: "fab-rg", customSubdomain: "fab-ai" },
  ],
  roleAssignments: [
    { principal: "olivia-owner", role: "Owner", scope: "subscription:prod" },
    { principal: "rita-reader", role: "Reader", scope: "subscription:prod" },
    { principal: "carl-contributor", role: "Cognitive Services Contributor", scope: "account:contoso-ai" },
    { principal: "una-openai-user", role: "Cognitive Services OpenAI User", scope: "account:contoso-ai" },
    { principal: "devs", role: "Cognitive Services OpenAI User", scope: "resourceGroup:prod/ai-rg" },
    { principal: "gus-guest", role: "Reader", scope: "resourceGroup:prod/ai-rg" },
    { principal: "fred-fabrikam", role: "Owner", scope: "subscription:fab-sub" },
    { principal: "ci", role: "Contributor", scope: "resourceGroup:prod/other-rg" },
  ],
};
