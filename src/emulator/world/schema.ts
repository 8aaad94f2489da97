import { z } from "zod";
import { FAULT_TARGETS } from "./model.js";

/**
 * The world file's schema: what a YAML/JSON world may declare.
 *
 * References between entities are by `name` (readable in YAML); ids default to stable values
 * derived from the name so that a scenario produces the same ids on every run.
 * `docs/world.md` documents every field; keep the two in step.
 *
 * @example
 * const world = worldSchema.parse(YAML.parse(text));
 */
const guid = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, "must be a GUID");
const name = z.string().min(1).max(128);
const cloud = z.enum(["public", "usgov", "china"]);
/** Ten years in minutes: the longest duration a world states (the emulated clock moves at most as far per control call). */
const MAX_MINUTES = 5_256_000;
/** The largest count a world states (rate limits, a fault's `times`). */
const MAX_COUNT = 1_000_000_000;
const minutesAgo = z.number().min(0).max(MAX_MINUTES);

const tenantSchema = z.strictObject({
  name,
  id: guid.optional(),
  /** Primary domain, e.g. contoso.onmicrosoft.com. */
  domain: z.string().optional(),
  cloud: cloud.default("public"),
});

const userSchema = z.strictObject({
  name,
  tenant: name,
  objectId: guid.optional(),
  /** Defaults to `<name>@<tenant domain>`. */
  upn: z.string().optional(),
  password: z.string().min(1),
  passwordExpired: z.boolean().default(false),
  disabled: z.boolean().default(false),
  mfaRequired: z.boolean().default(false),
  /** Conditional access blocks token issuance for this user (AADSTS53003). */
  blockedByConditionalAccess: z.boolean().default(false),
  groups: z.array(name).default([]),
  /** Tenants where this user exists as a guest (for wrong-tenant scenarios). */
  guestOf: z.array(name).default([]),
});

const groupSchema = z.strictObject({ name, tenant: name, objectId: guid.optional() });

const secretSchema = z.strictObject({
  /** The secret's ID (what people paste by mistake, AADSTS7000215). */
  id: guid.optional(),
  value: z.string().min(1),
  /** Minutes from emulator start; negative means already expired (AADSTS7000222). */
  expiresInMinutes: z.number().min(-MAX_MINUTES).max(MAX_MINUTES).optional(),
});

const certificateSchema = z.strictObject({
  name,
  /** PEM certificate; generated at start (with its key, written to the emulator's state dir) when absent. */
  certificatePem: z.string().optional(),
});

const federatedCredentialSchema = z.strictObject({
  name,
  issuer: z.string().min(1),
  subject: z.string().min(1),
  audiences: z.array(z.string()).default(["api://AzureADTokenExchange"]),
});

const applicationSchema = z.strictObject({
  name,
  tenant: name,
  clientId: guid.optional(),
  /** Object id of the service principal in its tenant. */
  objectId: guid.optional(),
  secrets: z.array(secretSchema).default([]),
  certificates: z.array(certificateSchema).default([]),
  federatedCredentials: z.array(federatedCredentialSchema).default([]),
  disabled: z.boolean().default(false),
  /** Extra tenants where the app has a service principal (multi-tenant apps). */
  alsoIn: z.array(name).default([]),
  groups: z.array(name).default([]),
});

const managedIdentitySchema = z.strictObject({
  name,
  tenant: name,
  kind: z.enum(["system", "user"]),
  clientId: guid.optional(),
  objectId: guid.optional(),
  /** ARM id; defaults to a userAssignedIdentities (user) or host resource (system) id. */
  resourceId: z.string().optional(),
  groups: z.array(name).default([]),
});

const hostSchema = z.strictObject({
  name,
  /** Which managed identity endpoint this host exposes. */
  kind: z.enum(["imds", "app-service", "cloud-shell", "arc", "service-fabric"]),
  /** Managed identities attached to the host (by name). At most one `system`. */
  identities: z.array(name).default([]),
  /** Cloud Shell: the signed-in user the token is for. */
  user: name.optional(),
});

const signInSchema = z.strictObject({
  installed: z.boolean().default(true),
  /** Principal name (user or application) signed in; absent = not logged in. */
  principal: name.optional(),
  /** Tenant the CLI uses by default; defaults to the principal's tenant. */
  tenant: name.optional(),
  subscription: name.optional(),
  /** The CLI hangs (credential.cli-timeout). */
  hang: z.boolean().default(false),
});

const networkRulesSchema = z.strictObject({
  defaultAction: z.enum(["Allow", "Deny"]).default("Allow"),
  ipRules: z.array(z.string()).default([]),
  /** Reachable only through an approved private endpoint. */
  privateEndpointOnly: z.boolean().default(false),
  /** A virtual network is configured; requests must use the custom subdomain endpoint. */
  virtualNetwork: z.boolean().default(false),
});

const deploymentSchema = z.strictObject({
  name,
  model: z.string().min(1),
  modelVersion: z.string().default("2024-11-20"),
  kind: z.enum(["chat", "completions", "embeddings"]).default("chat"),
  rpm: z.number().int().positive().max(MAX_COUNT).optional(),
  tpm: z.number().int().positive().max(MAX_COUNT).optional(),
  createdMinutesAgo: minutesAgo.default(60),
});

/**
 * A Foundry project under an AIServices account: `{ name }` (a bare name is accepted too). Its ARM id
 * is the account's id + `/projects/<name>`; its endpoint `https://<subdomain>.services.ai.azure.com/api/projects/<name>`.
 */
const projectSchema = z.strictObject({ name });

const accountSchema = z.strictObject({
  name,
  subscription: name,
  resourceGroup: name,
  kind: z.enum(["OpenAI", "AIServices"]).default("OpenAI"),
  location: z.string().default("eastus"),
  /** Custom subdomain; `null` makes the account reachable only at its regional endpoint. */
  customSubdomain: z.string().nullable().optional(),
  disableLocalAuth: z.boolean().default(false),
  publicNetworkAccess: z.enum(["Enabled", "Disabled"]).default("Enabled"),
  networkRules: networkRulesSchema.default({
    defaultAction: "Allow",
    ipRules: [],
    privateEndpointOnly: false,
    virtualNetwork: false,
  }),
  /** Two keys; generated when absent. */
  keys: z.tuple([z.string(), z.string()]).optional(),
  deployments: z.array(deploymentSchema).default([]),
  /** Foundry projects under an AIServices account: `[{ name: chat-project }]` (or `[chat-project]`). */
  projects: z.array(z.union([projectSchema, name])).default([]),
  /** Name of a system-assigned managed identity of the account itself. */
  identity: name.optional(),
});

const subscriptionSchema = z.strictObject({
  name,
  id: guid.optional(),
  tenant: name,
  resourceGroups: z.array(name).default([]),
});

const roleAssignmentSchema = z.strictObject({
  /** Principal by name (user, application, managed identity or group) or object id. */
  principal: z.string().min(1),
  /** Role name ("Cognitive Services OpenAI User") or role definition GUID. */
  role: z.string().min(1),
  /**
   * `subscription:<sub>`, `resourceGroup:<sub>/<rg>`, `account:<account>`, `project:<account>/<project>`
   * or a full ARM scope string.
   */
  scope: z.string().min(1),
  createdMinutesAgo: minutesAgo.default(60),
  id: guid.optional(),
});

const faultSchema = z.strictObject({
  /** Which surface the fault applies to. */
  target: z.enum(FAULT_TARGETS),
  /**
   * HTTP status to answer with, or `timeout` (never answer), `reset` (close the socket), `drip`
   * (send a 200's headers at once, then the body a byte a second).
   */
  status: z.union([
    z.number().int().min(100).max(599),
    z.literal("timeout"),
    z.literal("reset"),
    z.literal("drip"),
  ]),
  /** How many matching requests it affects; absent = all. */
  times: z.number().int().positive().max(MAX_COUNT).optional(),
  /** Only requests whose path starts with this. */
  pathPrefix: z.string().optional(),
  /** Extra response headers, e.g. `{ "retry-after": "5" }`. */
  headers: z
    .record(
      z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "must be an HTTP header name"),
      z.string().regex(/^[\t\x20-\x7e\x80-\xff]*$/, "must be text an HTTP header can hold (no line breaks)"),
    )
    .default({}),
  body: z.string().optional(),
});

/** Schema of a world file. */
export const worldSchema = z.strictObject({
  description: z.string().optional(),
  /** Emulator start time (ISO-8601); defaults to the real time at start. */
  startTime: z.string().datetime({ offset: true }).optional(),
  /** Minutes before a new role assignment takes effect on the data plane. */
  rbacPropagationMinutes: z.number().min(0).max(MAX_MINUTES).default(5),
  /** Access token lifetime in minutes. */
  tokenLifetimeMinutes: z.number().min(1).max(1440).default(60),
  tenants: z.array(tenantSchema).min(1),
  users: z.array(userSchema).default([]),
  groups: z.array(groupSchema).default([]),
  applications: z.array(applicationSchema).default([]),
  managedIdentities: z.array(managedIdentitySchema).default([]),
  hosts: z.array(hostSchema).default([]),
  azureCli: signInSchema.default({ installed: true, hang: false }),
  azureDeveloperCli: signInSchema.default({ installed: true, hang: false }),
  subscriptions: z.array(subscriptionSchema).default([]),
  accounts: z.array(accountSchema).default([]),
  roleAssignments: z.array(roleAssignmentSchema).default([]),
  faults: z.array(faultSchema).default([]),
  /** What the emulator's printed environment points at. */
  defaults: z
    .strictObject({
      account: name.optional(),
      deployment: name.optional(),
      /** Application whose id/secret go into AZURE_CLIENT_ID/AZURE_CLIENT_SECRET. */
      application: name.optional(),
      /** Host whose managed identity endpoint the env exposes. */
      host: name.optional(),
      /** Which endpoint form AZURE_OPENAI_ENDPOINT uses (regional reproduces endpoint.regional-no-subdomain). */
      endpoint: z.enum(["subdomain", "regional"]).default("subdomain"),
      /** Whether the env carries an API key (see `apiKeyVariable`), and whether it is the account's real key. */
      apiKey: z.enum(["none", "valid", "invalid"]).default("none"),
      /**
       * The variable that holds that key: `KEYLESS_API_KEY` (default), which no client reads, so an
       * unmodified keyless app still sends its token and the doctor can compare the key; or
       * `AZURE_OPENAI_API_KEY`, for a scenario about a key the app itself sends or reads.
       */
      apiKeyVariable: z.enum(["KEYLESS_API_KEY", "AZURE_OPENAI_API_KEY"]).default("KEYLESS_API_KEY"),
      /** What AZURE_CLIENT_SECRET holds: the secret's value, its ID (AADSTS7000215), or nothing. */
      clientSecret: z.enum(["value", "secret-id", "none"]).default("value"),
      /** AZURE_OPENAI_AD_TOKEN: none, or a static token of the default application that has already expired (token.expired). */
      adToken: z.enum(["none", "expired"]).default("none"),
      /** Extra variables for the printed env; `null` removes one the emulator would print. */
      env: z.record(z.string(), z.string().nullable()).default({}),
    })
    .prefault({}),
});

/** A world file as written (before defaults are applied). */
export type WorldInput = z.input<typeof worldSchema>;
/** A world file after schema defaults, before names are resolved to ids. */
export type WorldDocument = z.output<typeof worldSchema>;
