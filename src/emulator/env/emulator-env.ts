import { delimiter } from "node:path";
import type { EmulatorUrls } from "../app/context.js";
import { CONTROL_PATH_PREFIX } from "../control/control-surface.js";
import { PIPELINES_OIDC_PATH, pipelinesServiceConnections } from "../control/pipelines-oidc.js";
import { MANAGED_IDENTITY_PATHS } from "../managed-identity/endpoint-paths.js";
import type { World } from "../world/model.js";

/**
 * What {@link emulatorEnv} needs besides the world. `urls`, `caCertificatePath` and `now` are
 * enough for the Azure variables; the rest adds the control API, the CLI shims' `PATH`, the Azure
 * Pipelines access token and the managed identity header when the running emulator has them.
 *
 * @example
 * const inputs: EmulatorEnvInputs = { urls, caCertificatePath: "/tmp/keyless/ca.pem", now: Date.now() };
 */
export interface EmulatorEnvInputs {
  urls: EmulatorUrls;
  /** The local CA certificate file clients must trust. */
  caCertificatePath: string;
  /** Emulated time, to skip expired secrets. */
  now: number;
  /** `KEYLESS_CONTROL_TOKEN`; with it the env carries `KEYLESS_CONTROL_URL` too. */
  controlToken?: string;
  /** The whole `PATH` to print: the shims' directory first, then the PATH the emulator started with. */
  path?: string;
  /** `SYSTEM_ACCESSTOKEN`, the Azure Pipelines `System.AccessToken` the emulator's OIDC endpoint accepts. */
  systemAccessToken?: string;
  /** `IDENTITY_HEADER`, when the default host is an App Service or Service Fabric host. */
  identityHeader?: string;
  /** `AZURE_OPENAI_AD_TOKEN`, the static token `defaults.adToken` asks for. */
  adToken?: string;
  /**
   * How `AZURE_OPENAI_ENDPOINT` reaches the emulator: `"proxy"` (default), the production URL
   * (`https://<account>.openai.azure.com`) through `HTTPS_PROXY`; `"direct"`, the
   * `https://127.0.0.1:PORT/_host/<host>` form, for a client that ignores proxy variables.
   */
  endpointMode?: EndpointMode;
  /** `NODE_OPTIONS`: the `--import=` of the preload that sends Node's `fetch` through the proxy. */
  nodeOptions?: string;
}

/**
 * How the printed `AZURE_OPENAI_ENDPOINT` reaches the emulator (see {@link EmulatorEnvInputs}).
 *
 * @example
 * const mode: EndpointMode = "direct"; // keyless emulator --direct
 */
export type EndpointMode = "proxy" | "direct";

/**
 * The printed environment's groups, in print order: each a `# title` comment line followed by the
 * variables it holds (those present). Variables a world adds through `defaults.env` come last.
 *
 * @example
 * EMULATOR_ENV_GROUPS[0].names; // ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", ...]
 */
export const EMULATOR_ENV_GROUPS: readonly { title: string; names: readonly string[] }[] = Object.freeze([
  {
    title: "Proxy mode: Azure host names go through the emulator, loopback stays direct",
    names: ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy"],
  },
  {
    title: "Node's fetch (openai, AI SDK, LangChain) through the proxy: a preload",
    names: ["NODE_OPTIONS"],
  },
  {
    title: "Trust the emulator's local CA (Node.js, Python requests, OpenSSL, curl)",
    names: ["NODE_EXTRA_CA_CERTS", "REQUESTS_CA_BUNDLE", "SSL_CERT_FILE", "CURL_CA_BUNDLE"],
  },
  {
    title: "Entra ID and the default application's service principal",
    names: ["AZURE_AUTHORITY_HOST", "AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET"],
  },
  {
    title: "Managed identity of the default host",
    names: [
      "AZURE_POD_IDENTITY_AUTHORITY_HOST",
      "IDENTITY_ENDPOINT",
      "IDENTITY_HEADER",
      "IDENTITY_SERVER_THUMBPRINT",
      "IMDS_ENDPOINT",
      "MSI_ENDPOINT",
    ],
  },
  {
    title: "Azure OpenAI",
    names: [
      "AZURE_OPENAI_ENDPOINT",
      "AZURE_OPENAI_DEPLOYMENT",
      "OPENAI_API_VERSION",
      "AZURE_OPENAI_API_KEY",
      "AZURE_OPENAI_AD_TOKEN",
    ],
  },
  {
    title: "The same for LangChain (AzureChatOpenAI, AzureOpenAIEmbeddings)",
    names: ["AZURE_OPENAI_API_INSTANCE_NAME", "AZURE_OPENAI_API_DEPLOYMENT_NAME", "AZURE_OPENAI_API_VERSION"],
  },
  {
    title: "The account's key, for comparison only: no client reads this name",
    names: ["KEYLESS_API_KEY"],
  },
  { title: "az and azd shims answer from the world's sign-in state", names: ["PATH"] },
  {
    title: "Azure Pipelines service connection (AzurePipelinesCredential)",
    names: [
      "SYSTEM_OIDCREQUESTURI",
      "SYSTEM_ACCESSTOKEN",
      "AZURESUBSCRIPTION_SERVICE_CONNECTION_ID",
      "AZURESUBSCRIPTION_CLIENT_ID",
      "AZURESUBSCRIPTION_TENANT_ID",
    ],
  },
  { title: "keyless emulator control API", names: ["KEYLESS_CONTROL_URL", "KEYLESS_CONTROL_TOKEN"] },
]);

const KNOWN_NAMES: ReadonlySet<string> = new Set(EMULATOR_ENV_GROUPS.flatMap((group) => group.names));

/**
 * The API version the printed environment pins (`OPENAI_API_VERSION`).
 *
 * @example
 * new AzureOpenAI({ apiVersion: DEFAULT_OPENAI_API_VERSION });
 */
export const DEFAULT_OPENAI_API_VERSION = "2024-10-21";
const INVALID_API_KEY = "0123456789abcdef0123456789abcdef";
const LOOPBACK_NAMES = "127.0.0.1,localhost,::1";
// Service Fabric pins the server certificate by thumbprint; the emulator's endpoint is plain HTTP.
const SERVICE_FABRIC_THUMBPRINT = "0000000000000000000000000000000000000000";

/**
 * The environment an unmodified app needs to use the emulator, in {@link EMULATOR_ENV_GROUPS}
 * order. Decisions:
 *
 * - `AZURE_AUTHORITY_HOST` is the emulator's own HTTPS origin (`https://127.0.0.1:PORT`, any
 *   cloud's tenants) rather than `login.microsoftonline.com`: @azure/identity then reaches the token
 *   endpoint directly, and the instance discovery MSAL still runs for an unknown authority goes to
 *   `login.microsoftonline.com` through `HTTPS_PROXY`, which the emulator answers (verified with an
 *   unmodified DefaultAzureCredential in test/e2e/printed-env.test.ts).
 * - The proxy variables are printed in both cases (`HTTPS_PROXY` and `https_proxy`, ...): curl
 *   reads only the lower-case `http_proxy` for `http://` URLs, Python and Go read either.
 * - `NO_PROXY` is the loopback names: the direct endpoints (authority, managed identity, control
 *   API) must not be sent to the proxy, which serves only Azure host names.
 * - Managed identity follows the world's default host: IMDS through
 *   `AZURE_POD_IDENTITY_AUTHORITY_HOST` (the plain-HTTP listener; no probe), App Service / Service
 *   Fabric (`IDENTITY_ENDPOINT` + `IDENTITY_HEADER`), Cloud Shell (`MSI_ENDPOINT`), Arc
 *   (`IDENTITY_ENDPOINT` + `IMDS_ENDPOINT`). Without a host nothing is printed, and IMDS at
 *   169.254.169.254 (through `HTTP_PROXY`) refuses the connection like a machine without one. App
 *   Service variables are never the default: msal-node would route every ManagedIdentityCredential
 *   to App Service.
 * - No `AZURE_FEDERATED_TOKEN_FILE`: with it ManagedIdentityCredential() switches to token exchange.
 *   The emulator writes a workload identity token file anyway (`files.workloadIdentityToken`).
 * - `SYSTEM_OIDCREQUESTURI` is harmless for DefaultAzureCredential (it never reads it); with
 *   `SYSTEM_ACCESSTOKEN` and the `AZURESUBSCRIPTION_*` ids an AzurePipelinesCredential works.
 * - `AZURE_OPENAI_ENDPOINT` is the production URL (`https://<account>.openai.azure.com`), reached
 *   through `HTTPS_PROXY` like every Azure host; `endpointMode: "direct"` prints the `/_host/`
 *   form instead. LangChain's names (`AZURE_OPENAI_API_INSTANCE_NAME`, ...) say the same.
 * - The account's key goes into `KEYLESS_API_KEY`, which no client reads, so an unmodified
 *   keyless app meets the scenario's own refusal instead of openai-node's "apiKey and
 *   azureADTokenProvider arguments are mutually exclusive"; `defaults.apiKeyVariable:
 *   AZURE_OPENAI_API_KEY` puts it where clients read it, for scenarios about that key.
 *
 * The world's `defaults` choose the endpoint form, the API key and what `AZURE_CLIENT_SECRET`
 * holds; `defaults.env` adds variables or removes them (`null`).
 *
 * @example
 * emulatorEnv(world, { urls, caCertificatePath, now }).AZURE_OPENAI_ENDPOINT;
 * // "https://contoso-openai.openai.azure.com"
 */
export function emulatorEnv(world: World, inputs: EmulatorEnvInputs): Record<string, string> {
  const { urls, caCertificatePath } = inputs;
  const values: Record<string, string> = {
    HTTPS_PROXY: urls.http,
    https_proxy: urls.http,
    HTTP_PROXY: urls.http,
    http_proxy: urls.http,
    NO_PROXY: LOOPBACK_NAMES,
    no_proxy: LOOPBACK_NAMES,
    NODE_EXTRA_CA_CERTS: caCertificatePath,
    REQUESTS_CA_BUNDLE: caCertificatePath,
    SSL_CERT_FILE: caCertificatePath,
    CURL_CA_BUNDLE: caCertificatePath,
    AZURE_AUTHORITY_HOST: urls.base,
    OPENAI_API_VERSION: DEFAULT_OPENAI_API_VERSION,
    SYSTEM_OIDCREQUESTURI: `${urls.base}${PIPELINES_OIDC_PATH}`,
  };
  const { defaults } = world;
  const app = world.applications.find((a) => a.name === defaults.application);
  if (app !== undefined) {
    values.AZURE_TENANT_ID = app.tenantId;
    values.AZURE_CLIENT_ID = app.clientId;
    const secret =
      app.secrets.find((s) => s.expiresAt === undefined || s.expiresAt > inputs.now) ?? app.secrets[0];
    if (secret !== undefined && defaults.clientSecret === "value") values.AZURE_CLIENT_SECRET = secret.value;
    if (secret !== undefined && defaults.clientSecret === "secret-id") values.AZURE_CLIENT_SECRET = secret.id;
  } else if (world.tenants[0] !== undefined) {
    values.AZURE_TENANT_ID = world.tenants[0].id;
  }
  Object.assign(values, managedIdentityEnv(world, inputs));
  const account = world.accounts.find((a) => a.name === defaults.account);
  if (account !== undefined) {
    const host =
      defaults.endpoint === "regional" || account.hostnames[0] === undefined
        ? account.regionalHostname
        : account.hostnames[0];
    const direct = inputs.endpointMode === "direct";
    values.AZURE_OPENAI_ENDPOINT = direct ? `${urls.base}/_host/${host}` : `https://${host}`;
    const instance = /^([a-z0-9-]+)\.openai\.azure\.com$/i.exec(host)?.[1];
    // LangChain builds https://<instance>.openai.azure.com itself: only the proxy reaches that.
    if (!direct && instance !== undefined) values.AZURE_OPENAI_API_INSTANCE_NAME = instance;
    const key =
      defaults.apiKey === "valid"
        ? account.keys[0]
        : defaults.apiKey === "invalid"
          ? INVALID_API_KEY
          : undefined;
    if (key !== undefined) values[defaults.apiKeyVariable] = key;
  }
  if (inputs.nodeOptions !== undefined) values.NODE_OPTIONS = inputs.nodeOptions;
  if (inputs.adToken !== undefined) values.AZURE_OPENAI_AD_TOKEN = inputs.adToken;
  if (defaults.deployment !== undefined) {
    values.AZURE_OPENAI_DEPLOYMENT = defaults.deployment;
    values.AZURE_OPENAI_API_DEPLOYMENT_NAME = defaults.deployment;
  }
  values.AZURE_OPENAI_API_VERSION = DEFAULT_OPENAI_API_VERSION;
  if (inputs.path !== undefined) values.PATH = inputs.path;
  if (inputs.systemAccessToken !== undefined) values.SYSTEM_ACCESSTOKEN = inputs.systemAccessToken;
  const connections = pipelinesServiceConnections(world);
  const connection = connections.find((c) => c.application.name === defaults.application) ?? connections[0];
  if (connection !== undefined) {
    values.AZURESUBSCRIPTION_SERVICE_CONNECTION_ID = connection.id;
    values.AZURESUBSCRIPTION_CLIENT_ID = connection.application.clientId;
    values.AZURESUBSCRIPTION_TENANT_ID = connection.application.tenantId;
  }
  if (inputs.controlToken !== undefined) {
    values.KEYLESS_CONTROL_URL = `${urls.base}${CONTROL_PATH_PREFIX.replace(/\/$/, "")}`;
    values.KEYLESS_CONTROL_TOKEN = inputs.controlToken;
  }
  for (const [name, value] of Object.entries(defaults.env)) {
    if (value === null) delete values[name];
    else values[name] = value;
  }
  // Insertion order is print order: the groups first, then what the world added.
  const env: Record<string, string> = {};
  for (const name of EMULATOR_ENV_GROUPS.flatMap((group) => group.names)) {
    const value = values[name];
    if (value !== undefined) env[name] = value;
  }
  for (const [name, value] of Object.entries(values)) if (!KNOWN_NAMES.has(name)) env[name] = value;
  return env;
}

function managedIdentityEnv(world: World, inputs: EmulatorEnvInputs): Record<string, string> {
  const host = world.hosts.find((h) => h.name === world.defaults.host);
  const endpoint = (kind: keyof typeof MANAGED_IDENTITY_PATHS) =>
    `${inputs.urls.http}${MANAGED_IDENTITY_PATHS[kind]}`;
  const header: Record<string, string> =
    inputs.identityHeader === undefined ? {} : { IDENTITY_HEADER: inputs.identityHeader };
  switch (host?.kind) {
    case "imds":
      return { AZURE_POD_IDENTITY_AUTHORITY_HOST: inputs.urls.http };
    case "app-service":
      return { IDENTITY_ENDPOINT: endpoint("app-service"), ...header };
    case "service-fabric":
      return {
        IDENTITY_ENDPOINT: endpoint("service-fabric"),
        ...header,
        IDENTITY_SERVER_THUMBPRINT: SERVICE_FABRIC_THUMBPRINT,
      };
    case "cloud-shell":
      return { MSI_ENDPOINT: endpoint("cloud-shell") };
    case "arc":
      return { IDENTITY_ENDPOINT: endpoint("arc"), IMDS_ENDPOINT: inputs.urls.http };
    default:
      return {};
  }
}

const PLAIN_VALUE = /^[A-Za-z0-9_@%+=:,./-]*$/;

/**
 * One value as `KEY=VALUE` wants it: bare when it holds only characters no shell or dotenv parser
 * treats specially, in single quotes otherwise (literal for sh and dotenv alike), and in double
 * quotes when it holds a single quote itself (still literal for both unless it also holds `"`,
 * `$`, a backtick or `\`, which are then escaped for sh; dotenv parsers do not unescape them).
 *
 * @example
 * formatEnvValue("/tmp/ca.pem"); // "/tmp/ca.pem"
 * formatEnvValue("/Users/Jane Doe/ca.pem"); // "'/Users/Jane Doe/ca.pem'"
 */
export function formatEnvValue(value: string): string {
  if (PLAIN_VALUE.test(value)) return value;
  if (!value.includes("'")) return `'${value}'`;
  return `"${value.replace(/[\\"$`]/g, (c) => `\\${c}`)}"`;
}

/**
 * Options of {@link formatEnvFile}.
 *
 * @example
 * formatEnvFile(emulator.env, { pathPrefix: emulator.files.binDir });
 */
export interface FormatEnvFileOptions {
  /**
   * Write `PATH` as this directory in front of the loading shell's own (`PATH=<dir>:"$PATH"`)
   * instead of the emulator's whole `PATH`, so sourcing the file keeps the user's tools.
   */
  pathPrefix?: string;
}

/**
 * The environment as text: `# title` comment lines and `KEY=VALUE` lines in
 * {@link EMULATOR_ENV_GROUPS} order (what `keyless emulator` prints and writes with `--env-file`).
 * `source`-able by sh (`set -a; . ./emulator.env`) and loadable by dotenv-style parsers.
 *
 * @example
 * formatEnvFile({ NODE_EXTRA_CA_CERTS: "/tmp/ca.pem" });
 * // "# Trust the emulator's local CA (Node.js, Python requests, OpenSSL)\nNODE_EXTRA_CA_CERTS=/tmp/ca.pem\n"
 */
export function formatEnvFile(
  env: Readonly<Record<string, string>>,
  options: FormatEnvFileOptions = {},
): string {
  const lines: string[] = [];
  const { pathPrefix } = options;
  const line = (name: string) =>
    name === "PATH" && pathPrefix !== undefined
      ? `PATH=${formatEnvValue(pathPrefix)}${delimiter}"$PATH"`
      : `${name}=${formatEnvValue(env[name] ?? "")}`;
  for (const group of EMULATOR_ENV_GROUPS) {
    const present = group.names.filter((name) => env[name] !== undefined);
    if (present.length === 0) continue;
    lines.push(`# ${group.title}`, ...present.map(line));
  }
  const extra = Object.keys(env).filter((name) => !KNOWN_NAMES.has(name));
  if (extra.length > 0) lines.push("# From the world's defaults.env", ...extra.map(line));
  return `${lines.join("\n")}\n`;
}
