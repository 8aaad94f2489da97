import type { EmulatorUrls } from "./context.js";
import type { World } from "./world/model.js";

/**
 * What {@link emulatorEnv} needs besides the world.
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
}

/**
 * The API version the printed environment pins (`OPENAI_API_VERSION`).
 *
 * @example
 * new AzureOpenAI({ apiVersion: DEFAULT_OPENAI_API_VERSION });
 */
export const DEFAULT_OPENAI_API_VERSION = "2024-10-21";
const INVALID_API_KEY = "0123456789abcdef0123456789abcdef";

/**
 * The environment an unmodified app needs to use the emulator: authority and proxy settings, CA
 * trust for Node and Python, the default application's service principal, the managed identity
 * endpoint override (plain HTTP listener, no IMDS probe), and the Azure OpenAI endpoint (direct
 * `/_host/` form, which openai-node reaches without a proxy), deployment and API version. The
 * world's `defaults` choose the endpoint form, the API key and what `AZURE_CLIENT_SECRET` holds;
 * `defaults.env` adds variables or removes them (`null`).
 *
 * @example
 * emulatorEnv(world, { urls, caCertificatePath, now }).AZURE_OPENAI_ENDPOINT;
 * // "https://127.0.0.1:8443/_host/contoso-openai.openai.azure.com"
 */
export function emulatorEnv(world: World, inputs: EmulatorEnvInputs): Record<string, string> {
  const { urls, caCertificatePath } = inputs;
  const env: Record<string, string> = {
    AZURE_AUTHORITY_HOST: urls.base,
    NODE_EXTRA_CA_CERTS: caCertificatePath,
    REQUESTS_CA_BUNDLE: caCertificatePath,
    SSL_CERT_FILE: caCertificatePath,
    HTTPS_PROXY: urls.http,
    HTTP_PROXY: urls.http,
    NO_PROXY: "127.0.0.1,localhost,::1",
    AZURE_POD_IDENTITY_AUTHORITY_HOST: urls.http,
    OPENAI_API_VERSION: DEFAULT_OPENAI_API_VERSION,
  };
  const { defaults } = world;
  const app = world.applications.find((a) => a.name === defaults.application);
  if (app !== undefined) {
    env.AZURE_TENANT_ID = app.tenantId;
    env.AZURE_CLIENT_ID = app.clientId;
    const secret =
      app.secrets.find((s) => s.expiresAt === undefined || s.expiresAt > inputs.now) ?? app.secrets[0];
    if (secret !== undefined && defaults.clientSecret === "value") env.AZURE_CLIENT_SECRET = secret.value;
    if (secret !== undefined && defaults.clientSecret === "secret-id") env.AZURE_CLIENT_SECRET = secret.id;
  } else if (world.tenants[0] !== undefined) {
    env.AZURE_TENANT_ID = world.tenants[0].id;
  }
  const account = world.accounts.find((a) => a.name === defaults.account);
  if (account !== undefined) {
    const host =
      defaults.endpoint === "regional" || account.hostnames[0] === undefined
        ? account.regionalHostname
        : account.hostnames[0];
    env.AZURE_OPENAI_ENDPOINT = `${urls.base}/_host/${host}`;
    if (defaults.apiKey === "valid") env.AZURE_OPENAI_API_KEY = account.keys[0];
    if (defaults.apiKey === "invalid") env.AZURE_OPENAI_API_KEY = INVALID_API_KEY;
  }
  if (defaults.deployment !== undefined) env.AZURE_OPENAI_DEPLOYMENT = defaults.deployment;
  for (const [name, value] of Object.entries(defaults.env)) {
    if (value === null) delete env[name];
    else env[name] = value;
  }
  return env;
}
