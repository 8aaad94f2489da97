import { stat } from "node:fs/promises";
import type { TokenIdentity } from "../diagnosis-report.js";
import { isSecretVariable, maskUrl } from "../secret-redaction.js";
import { decodeTokenIdentity } from "../token-identity.js";

/**
 * A variable the doctor looks at: set or set-but-empty, and its value only when it is not a secret.
 *
 * @example
 * const variable: EnvironmentVariable = { name: "AZURE_CLIENT_SECRET", state: "set" };
 */
export interface EnvironmentVariable {
  name: string;
  state: "set" | "empty";
  value?: string;
}

/**
 * What the environment says about credentials and the client, as read by {@link probeEnvironment}.
 *
 * @example
 * const facts: EnvironmentFacts = await probeEnvironment(process.env);
 * facts.environmentCredential.mode; // "secret" when AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET are set
 */
export interface EnvironmentFacts {
  /** Every variable of interest that is present, in a stable order. */
  variables: EnvironmentVariable[];
  /**
   * What `EnvironmentCredential` would do: `mode` is the first complete set (`secret`, `certificate`,
   * `password`) or `none`; `partial` lists variables of a set that is started but not complete.
   */
  environmentCredential: {
    mode: "secret" | "certificate" | "password" | "none";
    partial: string[];
    missing: string[];
  };
  workloadIdentity: {
    tokenFile?: string;
    tokenFileState?: "ok" | "missing" | "empty" | "unreadable";
    missing: string[];
  };
  /** `AZURE_TOKEN_CREDENTIALS`, with whether `DefaultAzureCredential` accepts it. */
  tokenCredentials?: { value: string; valid: boolean };
  /** Where `ManagedIdentityCredential` would ask, from the source variables. */
  managedIdentitySource: "imds" | "app-service" | "cloud-shell" | "arc" | "service-fabric" | "pod-identity";
  /** `IDENTITY_ENDPOINT` without `IDENTITY_HEADER` (or the reverse). */
  managedIdentityIncomplete: string[];
  /** `AZURE_CLIENT_ID` is present but empty. */
  emptyClientId: boolean;
  /** `AZURE_OPENAI_API_KEY` is set: the `openai` client picks it up as `apiKey`. */
  apiKeyVariable: boolean;
  /**
   * `AZURE_OPENAI_AD_TOKEN` is set: openai-python's AzureOpenAI sends it as a static bearer token,
   * which nothing refreshes. Its decoded claims (never the token) when it is a JWT.
   */
  staticToken?: { variable: "AZURE_OPENAI_AD_TOKEN"; identity?: TokenIdentity };
  /** `OPENAI_BASE_URL`, masked, when set. */
  baseUrl?: string;
  endpointVariable?: string;
  authorityHost?: string;
}

/** Variables shown in the report, in this order; others are ignored. */
const VARIABLES = [
  "AZURE_TENANT_ID",
  "AZURE_CLIENT_ID",
  "AZURE_CLIENT_SECRET",
  "AZURE_CLIENT_CERTIFICATE_PATH",
  "AZURE_CLIENT_CERTIFICATE_PASSWORD",
  "AZURE_CLIENT_SEND_CERTIFICATE_CHAIN",
  "AZURE_USERNAME",
  "AZURE_PASSWORD",
  "AZURE_AUTHORITY_HOST",
  "AZURE_ADDITIONALLY_ALLOWED_TENANTS",
  "AZURE_FEDERATED_TOKEN_FILE",
  "AZURE_TOKEN_CREDENTIALS",
  "AZURE_POD_IDENTITY_AUTHORITY_HOST",
  "IDENTITY_ENDPOINT",
  "IDENTITY_HEADER",
  "IDENTITY_SERVER_THUMBPRINT",
  "IMDS_ENDPOINT",
  "MSI_ENDPOINT",
  "MSI_SECRET",
  "AZURE_OPENAI_ENDPOINT",
  "AZURE_OPENAI_API_KEY",
  "KEYLESS_API_KEY",
  "AZURE_OPENAI_DEPLOYMENT",
  "OPENAI_API_VERSION",
  "OPENAI_BASE_URL",
  "OPENAI_API_KEY",
  "HTTPS_PROXY",
  "HTTP_PROXY",
  "ALL_PROXY",
  "NO_PROXY",
] as const;

const URL_VALUED = new Set([
  "HTTPS_PROXY",
  "HTTP_PROXY",
  "ALL_PROXY",
  "OPENAI_BASE_URL",
  "AZURE_OPENAI_ENDPOINT",
]);

/**
 * The token-credential names `DefaultAzureCredential` accepts in `AZURE_TOKEN_CREDENTIALS`
 * (lower case, after trimming), besides `dev` and `prod` (@azure/identity 4.11+).
 *
 * @example
 * TOKEN_CREDENTIALS_VALUES.includes("azureclicredential"); // true
 */
export const TOKEN_CREDENTIALS_VALUES: readonly string[] = [
  "dev",
  "prod",
  "environmentcredential",
  "workloadidentitycredential",
  "managedidentitycredential",
  "visualstudiocodecredential",
  "azureclicredential",
  "azurepowershellcredential",
  "azuredeveloperclicredential",
];

function lookup(env: Record<string, string | undefined>, name: string): string | undefined {
  return env[name] ?? (name.endsWith("PROXY") ? env[name.toLowerCase()] : undefined);
}

function presentAndNonEmpty(env: Record<string, string | undefined>, name: string): boolean {
  const value = lookup(env, name);
  return value !== undefined && value !== "";
}

async function tokenFileState(path: string): Promise<"ok" | "missing" | "empty" | "unreadable"> {
  try {
    const info = await stat(path);
    return info.isFile() && info.size > 0 ? "ok" : "empty";
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT" ? "missing" : "unreadable";
  }
}

function environmentCredentialFacts(
  env: Record<string, string | undefined>,
): EnvironmentFacts["environmentCredential"] {
  const has = (name: string) => presentAndNonEmpty(env, name);
  const base = ["AZURE_TENANT_ID", "AZURE_CLIENT_ID"];
  const sets: Array<["secret" | "certificate" | "password", string[]]> = [
    ["secret", [...base, "AZURE_CLIENT_SECRET"]],
    ["certificate", [...base, "AZURE_CLIENT_CERTIFICATE_PATH"]],
    ["password", [...base, "AZURE_USERNAME", "AZURE_PASSWORD"]],
  ];
  for (const [mode, names] of sets) {
    if (names.every(has)) return { mode, partial: [], missing: [] };
  }
  // Tenant and client id alone are how workload identity and user-assigned managed identity are
  // configured; a set counts as started only once one of its secret-bearing variables is there.
  const started = sets.filter(([, names]) => names.slice(2).some(has));
  if (started.length === 0) return { mode: "none", partial: [], missing: [] };
  const names = [...new Set(started.flatMap(([, n]) => n))];
  return {
    mode: "none",
    partial: names.filter(has),
    missing: names.filter((n) => !has(n)),
  };
}

function managedIdentitySource(
  env: Record<string, string | undefined>,
): EnvironmentFacts["managedIdentitySource"] {
  const has = (name: string) => presentAndNonEmpty(env, name);
  if (has("AZURE_POD_IDENTITY_AUTHORITY_HOST")) return "pod-identity";
  if (has("IDENTITY_ENDPOINT") && has("IDENTITY_HEADER")) {
    return has("IDENTITY_SERVER_THUMBPRINT") ? "service-fabric" : "app-service";
  }
  if (has("IDENTITY_ENDPOINT") && has("IMDS_ENDPOINT")) return "arc";
  if (has("MSI_ENDPOINT")) return has("MSI_SECRET") ? "app-service" : "cloud-shell";
  return "imds";
}

/**
 * Reads the credential-related variables: which are set or empty (secret values never kept), what
 * `EnvironmentCredential` and `WorkloadIdentityCredential` would do, whether
 * `AZURE_TOKEN_CREDENTIALS` is valid, which managed identity source applies, and the client-side
 * variables that clash with a token provider (`AZURE_OPENAI_API_KEY`, `OPENAI_BASE_URL`).
 *
 * @example
 * const facts = await probeEnvironment({ AZURE_CLIENT_ID: "", AZURE_OPENAI_API_KEY: "k" });
 * facts.emptyClientId; // true
 * facts.apiKeyVariable; // true
 */
export async function probeEnvironment(env: Record<string, string | undefined>): Promise<EnvironmentFacts> {
  const variables: EnvironmentVariable[] = [];
  for (const name of VARIABLES) {
    const value = lookup(env, name);
    if (value === undefined) continue;
    const variable: EnvironmentVariable = { name, state: value === "" ? "empty" : "set" };
    if (value !== "" && !isSecretVariable(name)) {
      // Any value that reads as a URL (AZURE_AUTHORITY_HOST, IDENTITY_ENDPOINT, ...) may carry
      // userinfo or a key in its query: masked like the endpoint.
      variable.value =
        URL_VALUED.has(name) || /^\s*[a-z][a-z0-9+.-]*:\/\//i.test(value) ? maskUrl(value) : value;
    }
    variables.push(variable);
  }
  const has = (name: string) => presentAndNonEmpty(env, name);

  const tokenFile = env.AZURE_FEDERATED_TOKEN_FILE;
  const workloadIdentity: EnvironmentFacts["workloadIdentity"] = { missing: [] };
  if (tokenFile !== undefined && tokenFile !== "") {
    workloadIdentity.tokenFile = tokenFile;
    workloadIdentity.tokenFileState = await tokenFileState(tokenFile);
    workloadIdentity.missing = ["AZURE_TENANT_ID", "AZURE_CLIENT_ID"].filter((n) => !has(n));
  }

  const facts: EnvironmentFacts = {
    variables,
    environmentCredential: environmentCredentialFacts(env),
    workloadIdentity,
    managedIdentitySource: managedIdentitySource(env),
    managedIdentityIncomplete:
      has("IDENTITY_ENDPOINT") !== has("IDENTITY_HEADER") && !has("IMDS_ENDPOINT")
        ? ["IDENTITY_ENDPOINT", "IDENTITY_HEADER"].filter((n) => !has(n))
        : [],
    emptyClientId: env.AZURE_CLIENT_ID !== undefined && env.AZURE_CLIENT_ID.trim() === "",
    apiKeyVariable: has("AZURE_OPENAI_API_KEY"),
  };
  const tokenCredentials = env.AZURE_TOKEN_CREDENTIALS;
  if (tokenCredentials !== undefined && tokenCredentials !== "") {
    facts.tokenCredentials = {
      value: tokenCredentials,
      valid: TOKEN_CREDENTIALS_VALUES.includes(tokenCredentials.trim().toLowerCase()),
    };
  }
  if (has("AZURE_OPENAI_AD_TOKEN")) {
    const identity = decodeTokenIdentity(env.AZURE_OPENAI_AD_TOKEN ?? "");
    facts.staticToken = {
      variable: "AZURE_OPENAI_AD_TOKEN",
      ...(identity === undefined ? {} : { identity }),
    };
  }
  if (has("OPENAI_BASE_URL")) facts.baseUrl = maskUrl(env.OPENAI_BASE_URL ?? "");
  if (has("AZURE_OPENAI_ENDPOINT")) facts.endpointVariable = env.AZURE_OPENAI_ENDPOINT;
  if (has("AZURE_AUTHORITY_HOST")) facts.authorityHost = env.AZURE_AUTHORITY_HOST;
  return facts;
}
