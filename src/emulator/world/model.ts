import type { CloudName } from "../../knowledge/clouds.js";

/**
 * The resolved world: every name turned into ids, every default applied, secrets generated.
 * Produced by `resolveWorld()` from a {@link WorldDocument}; mutated only through the control API.
 */
export interface World {
  description?: string;
  rbacPropagationMs: number;
  tokenLifetimeMs: number;
  tenants: Tenant[];
  users: User[];
  groups: Group[];
  applications: Application[];
  managedIdentities: ManagedIdentity[];
  hosts: Host[];
  azureCli: CliSignIn;
  azureDeveloperCli: CliSignIn;
  subscriptions: Subscription[];
  accounts: Account[];
  roleAssignments: RoleAssignment[];
  faults: Fault[];
  defaults: {
    account?: string;
    deployment?: string;
    application?: string;
    host?: string;
    endpoint: "subdomain" | "regional";
    apiKey: "none" | "valid" | "invalid";
    apiKeyVariable: "KEYLESS_API_KEY" | "AZURE_OPENAI_API_KEY";
    clientSecret: "value" | "secret-id" | "none";
    adToken: "none" | "expired";
    env: Record<string, string | null>;
  };
}

export interface Tenant {
  name: string;
  id: string;
  domain: string;
  cloud: CloudName;
}

export interface Group {
  name: string;
  tenantId: string;
  objectId: string;
}

interface PrincipalBase {
  name: string;
  tenantId: string;
  objectId: string;
  /** Object ids of the groups the principal belongs to. */
  groupIds: string[];
}

export interface User extends PrincipalBase {
  kind: "user";
  upn: string;
  password: string;
  passwordExpired: boolean;
  disabled: boolean;
  mfaRequired: boolean;
  blockedByConditionalAccess: boolean;
  /** Tenants where the user is a guest (tokens can be issued there too). */
  guestOfTenantIds: string[];
}

export interface ClientSecret {
  id: string;
  value: string;
  /** Epoch ms; undefined = never expires. */
  expiresAt?: number;
}

export interface ClientCertificate {
  name: string;
  certificatePem: string;
  /** Present when the emulator generated the certificate (written to the state dir for clients). */
  privateKeyPem?: string;
  /** base64url SHA-1 of the DER certificate (`x5t`). */
  x5t: string;
  /** base64url SHA-256 of the DER certificate (`x5t#S256`). */
  x5tS256: string;
  /** Public key in JWK form, to verify assertions. */
  publicKeyPem: string;
}

export interface FederatedCredential {
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
}

export interface Application extends PrincipalBase {
  kind: "application";
  clientId: string;
  secrets: ClientSecret[];
  certificates: ClientCertificate[];
  federatedCredentials: FederatedCredential[];
  disabled: boolean;
  /** Tenants (ids) where the app also has a service principal. */
  alsoInTenantIds: string[];
}

export interface ManagedIdentity extends PrincipalBase {
  kind: "managed-identity";
  identityKind: "system" | "user";
  clientId: string;
  resourceId: string;
}

export type Principal = User | Application | ManagedIdentity;

export type HostKind = "imds" | "app-service" | "cloud-shell" | "arc" | "service-fabric";

export interface Host {
  name: string;
  kind: HostKind;
  /** Managed identities attached to the host. */
  identities: ManagedIdentity[];
  /** Cloud Shell: the signed-in user. */
  user?: User;
}

export interface CliSignIn {
  installed: boolean;
  /** The signed-in principal; undefined = not logged in. */
  principal?: User | Application;
  tenantId?: string;
  subscriptionId?: string;
  hang: boolean;
}

export interface Subscription {
  name: string;
  id: string;
  tenantId: string;
  resourceGroups: string[];
}

export interface Deployment {
  name: string;
  model: string;
  modelVersion: string;
  kind: "chat" | "completions" | "embeddings";
  rpm?: number;
  tpm?: number;
  /** Epoch ms. */
  createdAt: number;
}

export interface NetworkRules {
  defaultAction: "Allow" | "Deny";
  ipRules: string[];
  privateEndpointOnly: boolean;
  virtualNetwork: boolean;
}

export interface Account {
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  tenantId: string;
  cloud: CloudName;
  kind: "OpenAI" | "AIServices";
  location: string;
  /** null = no custom subdomain: only the regional endpoint serves it (keys only). */
  customSubdomain: string | null;
  /** `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.CognitiveServices/accounts/{name}` */
  resourceId: string;
  /** Host names that serve this account, e.g. `contoso.openai.azure.com`, `contoso.cognitiveservices.azure.com`. */
  hostnames: string[];
  /** The regional host, e.g. `eastus.api.cognitive.microsoft.com`. */
  regionalHostname: string;
  disableLocalAuth: boolean;
  publicNetworkAccess: "Enabled" | "Disabled";
  networkRules: NetworkRules;
  keys: [string, string];
  deployments: Deployment[];
  /**
   * Names of the account's Foundry projects (AIServices accounts only), in the world's spelling.
   * A project's ARM id is `resourceId` + `/projects/<name>` (`projectResourceId()`), its endpoint
   * `https://<subdomain>.services.ai.azure.com/api/projects/<name>`.
   */
  projects: string[];
  identity?: ManagedIdentity;
}

export interface RoleAssignment {
  id: string;
  principalId: string;
  principalType: "User" | "ServicePrincipal" | "Group";
  roleDefinitionId: string;
  roleName: string;
  /** Full ARM scope, e.g. `/subscriptions/{sub}/resourceGroups/{rg}`. */
  scope: string;
  /** Epoch ms. */
  createdAt: number;
}

/** The surfaces a fault can apply to: the world file's `faults[].target` (schema.ts reads this list). */
export const FAULT_TARGETS = [
  "imds",
  "app-service",
  "cloud-shell",
  "arc",
  "service-fabric",
  "entra",
  "arm",
  "data-plane",
] as const;

export type FaultTarget = (typeof FAULT_TARGETS)[number];

export interface Fault {
  id: string;
  target: FaultTarget;
  status: number | "timeout" | "reset" | "drip";
  /** Remaining requests it affects; undefined = unlimited. */
  remaining?: number;
  pathPrefix?: string;
  headers: Record<string, string>;
  body?: string;
}
