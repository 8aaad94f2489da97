/**
 * A world with one host of every managed identity kind, for the managed identity handler tests.
 * `vm` (IMDS) has a system identity and a user-assigned one; `vm-multi` two user-assigned and no
 * system identity; `vm-single` one user-assigned only; `vm-none` nothing.
 */
export const MANAGED_IDENTITY_WORLD = {
  tenants: [{ name: "contoso" }, { name: "govtenant", cloud: "usgov" }],
  users: [{ name: "alice", tenant: "contoso", password: "P@ssw0rd!" }],
  applications: [{ name: "api", tenant: "contoso", clientId: "11111111-2222-3333-4444-555555555555" }],
  managedIdentities: [
    { name: "vm-system", tenant: "contoso", kind: "system" },
    { name: "uami-a", tenant: "contoso", kind: "user" },
    { name: "uami-b", tenant: "contoso", kind: "user" },
    { name: "app-system", tenant: "contoso", kind: "system" },
    { name: "arc-system", tenant: "contoso", kind: "system" },
    { name: "sf-system", tenant: "contoso", kind: "system" },
    { name: "gov-system", tenant: "govtenant", kind: "system" },
  ],
  hosts: [
    { name: "vm", kind: "imds", identities: ["vm-system", "uami-a"] },
    { name: "vm-multi", kind: "imds", identities: ["uami-a", "uami-b"] },
    { name: "vm-single", kind: "imds", identities: ["uami-b"] },
    { name: "vm-none", kind: "imds", identities: [] },
    { name: "vm-gov", kind: "imds", identities: ["gov-system"] },
    { name: "web", kind: "app-service", identities: ["app-system", "uami-a"] },
    { name: "web-uami-only", kind: "app-service", identities: ["uami-a"] },
    { name: "shell", kind: "cloud-shell", user: "alice" },
    { name: "arc", kind: "arc", identities: ["arc-system"] },
    { name: "fabric", kind: "service-fabric", identities: ["sf-system"] },
  ],
  defaults: { host: "vm" },
};
