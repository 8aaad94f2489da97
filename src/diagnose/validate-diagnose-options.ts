import {
  CHAIN_CREDENTIALS,
  type ChainCredentialName,
  type DoctorCredentialName,
  findChainCredential,
  findDoctorCredential,
  PIPELINES_CREDENTIAL,
} from "./chain-credentials.js";
import {
  DEFAULT_API_KEY_VARIABLES,
  DEFAULT_DIAGNOSE_API_VERSION,
  DEFAULT_DIAGNOSE_CALL,
  DEFAULT_DIAGNOSE_TIMEOUT_MS,
  DIAGNOSE_CALLS,
  type DiagnoseCall,
} from "./diagnose-defaults.js";
import type { DiagnoseOptions } from "./diagnose-options.js";
import { DiagnoseOptionsError } from "./diagnose-options-error.js";
import { checkCaOption } from "./trusted-ca.js";

/**
 * The API key compared with the keyless call, and where it came from. Never reaches a fact or the
 * report: only `source` does.
 *
 * @example
 * const key: ComparisonKey = { value: "0123...", source: "AZURE_OPENAI_API_KEY" };
 */
export interface ComparisonKey {
  value: string;
  /** `option`, or the variable of `env` that holds it. */
  source: string;
}

/**
 * {@link DiagnoseOptions} once checked, with every default applied: what the rest of the doctor
 * reads, so nothing after the library boundary checks an option again.
 *
 * @example
 * const valid: ValidDiagnoseOptions = validateDiagnoseOptions({ endpoint: "https://contoso.openai.azure.com", env: {} });
 */
export interface ValidDiagnoseOptions {
  /** Trimmed of nothing: the endpoint as given, known not to be empty. */
  endpoint: string;
  deployment?: string;
  apiVersion: string;
  /** The scope the app requests (`scope`, trimmed); absent: the endpoint's own. */
  scope?: string;
  /** The call the app makes (`call`, lower-cased), default `chat`. */
  call: DiagnoseCall;
  /** The one credential to try (`credential`, spelt as `@azure/identity` spells it). */
  only?: DoctorCredentialName;
  /** The key to compare with, when one is given or set in `env`. */
  comparisonKey?: ComparisonKey;
  env: Record<string, string | undefined>;
  /** The `ca` option as PEM texts, each holding a certificate. */
  ca?: string[];
  timeoutMs: number;
  onProgress?: DiagnoseOptions["onProgress"];
  now: () => number;
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A resource URI or scope (`https://ml.azure.com/.default`, `api://<app>/.default`), or `<guid>/.default`. */
const SCOPE =
  /^[a-z][a-z0-9+.-]*:\/\/[^\s/]+\S*$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/\.default$/i;
const SCOPE_EXAMPLE = "https://cognitiveservices.azure.com/.default";

/**
 * The scope the app requests, checked: one resource URI or scope, no spaces (one scope, as
 * `getBearerTokenProvider` takes it).
 *
 * @throws {DiagnoseOptionsError} for an empty value or one that is no scope.
 */
function checkScope(scope: string | undefined): string | undefined {
  if (scope === undefined) return undefined;
  const trimmed = typeof scope === "string" ? scope.trim() : "";
  if (trimmed === "") {
    throw new DiagnoseOptionsError(
      `scope is empty; pass the scope the app requests its tokens for, e.g. ${SCOPE_EXAMPLE}, or leave it out to use the endpoint's`,
      { problem: { option: "scope", reason: "empty", value: String(scope) } },
    );
  }
  if (!SCOPE.test(trimmed)) {
    throw new DiagnoseOptionsError(
      `scope "${trimmed}" is not a scope; pass one resource URI with /.default, the one the app requests its tokens for, e.g. ${SCOPE_EXAMPLE}`,
      { problem: { option: "scope", reason: "not-a-scope", value: trimmed } },
    );
  }
  return trimmed;
}

/**
 * The call the app makes, case-insensitive.
 *
 * @throws {DiagnoseOptionsError} when `call` is none of {@link DIAGNOSE_CALLS}.
 */
function checkCall(call: string | undefined): DiagnoseCall {
  if (call === undefined) return DEFAULT_DIAGNOSE_CALL;
  const found = DIAGNOSE_CALLS.find((c) => c === String(call).trim().toLowerCase());
  if (found === undefined) {
    throw new DiagnoseOptionsError(
      `call "${call}" is not a call the doctor probes; use one of: ${DIAGNOSE_CALLS.join(", ")}`,
      { problem: { option: "call", reason: "unknown", value: String(call) } },
    );
  }
  return found;
}

/**
 * The chain credential `name` stands for, case-insensitive.
 *
 * @throws {DiagnoseOptionsError} when `name` is no `DefaultAzureCredential` member.
 * @example
 * requireChainCredential("azureclicredential"); // "AzureCliCredential"
 */
export function requireChainCredential(name: string): ChainCredentialName {
  const found = findChainCredential(name);
  if (found === undefined) {
    throw new DiagnoseOptionsError(
      `credential "${name}" is not a DefaultAzureCredential member; use one of: ${CHAIN_CREDENTIALS.join(", ")}`,
      { problem: { option: "credential", reason: "unknown", value: name } },
    );
  }
  return found;
}

/**
 * The credential the doctor tries for `name`, case-insensitive: a `DefaultAzureCredential` member
 * or `AzurePipelinesCredential`.
 *
 * @throws {DiagnoseOptionsError} when `name` is neither.
 * @example
 * requireDoctorCredential("azurepipelinescredential"); // "AzurePipelinesCredential"
 */
export function requireDoctorCredential(name: string): DoctorCredentialName {
  const found = findDoctorCredential(name);
  if (found === undefined) {
    throw new DiagnoseOptionsError(
      `credential "${name}" is not a DefaultAzureCredential member; use one of: ${CHAIN_CREDENTIALS.join(", ")} (or ${PIPELINES_CREDENTIAL})`,
      { problem: { option: "credential", reason: "unknown", value: name } },
    );
  }
  return found;
}

/**
 * The key to compare with: `apiKey`, else the variable `apiKeyEnv` names, else the first of
 * {@link DEFAULT_API_KEY_VARIABLES} that is set.
 *
 * @throws {DiagnoseOptionsError} when `apiKeyEnv` names a variable `env` does not set.
 */
function comparisonKeyOf(options: DiagnoseOptions): ComparisonKey | undefined {
  const named = options.apiKeyEnv;
  const env = options.env;
  if (named !== undefined && (env[named] ?? "") === "") {
    if (named.trim() === "") {
      throw new DiagnoseOptionsError(
        "apiKeyEnv is empty; name the variable that holds the API key, e.g. AZURE_OPENAI_API_KEY",
        { problem: { option: "apiKeyEnv", reason: "no-name", value: named } },
      );
    }
    if (!VARIABLE_NAME.test(named)) {
      throw new DiagnoseOptionsError(
        `apiKeyEnv "${named}" is not a variable name; name the variable that holds the API key, e.g. AZURE_OPENAI_API_KEY`,
        { problem: { option: "apiKeyEnv", reason: "not-a-variable-name", value: named } },
      );
    }
    const state = env[named] === undefined ? "not-set" : "empty";
    throw new DiagnoseOptionsError(
      `apiKeyEnv names ${named}, which is ${state === "not-set" ? "not set" : "empty"} in env; set it to the API key, or name the variable that holds it`,
      { problem: { option: "apiKeyEnv", reason: state, value: named } },
    );
  }
  if (options.apiKey !== undefined && options.apiKey !== "")
    return { value: options.apiKey, source: "option" };
  for (const name of named === undefined ? DEFAULT_API_KEY_VARIABLES : [named]) {
    const value = env[name];
    if (value !== undefined && value !== "") return { value, source: name };
  }
  return undefined;
}

const STRING_OPTIONS = [
  "deployment",
  "apiVersion",
  "scope",
  "call",
  "credential",
  "apiKey",
  "apiKeyEnv",
] as const;

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/**
 * The options' types, as a JavaScript caller (or a config file) may get them wrong: each names
 * the option and the kind of value it got, never the value (`apiKey` is one of them).
 */
function checkTypes(options: DiagnoseOptions): void {
  const given = options as unknown as Record<string, unknown>;
  if (typeof given !== "object" || given === null) {
    throw new DiagnoseOptionsError(`options must be an object, not ${kindOf(given)}`, {
      problem: { option: "type", reason: "wrong-type", name: "options", expected: "object" },
    });
  }
  for (const name of STRING_OPTIONS) {
    const value = given[name];
    if (value !== undefined && typeof value !== "string") {
      throw new DiagnoseOptionsError(`${name} must be a string, not ${kindOf(value)}`, {
        problem: { option: "type", reason: "wrong-type", name: name, expected: "string" },
      });
    }
  }
  const timeout = given.timeoutMs;
  if (timeout !== undefined && (typeof timeout !== "number" || !Number.isFinite(timeout) || timeout <= 0)) {
    throw new DiagnoseOptionsError(
      `timeoutMs must be a number of milliseconds above 0, not ${typeof timeout === "number" ? String(timeout) : kindOf(timeout)}`,
      { problem: { option: "type", reason: "wrong-type", name: "timeoutMs", expected: "positive number" } },
    );
  }
  if (typeof given.env !== "object" || given.env === null) {
    throw new DiagnoseOptionsError(
      `env must be an object of variables (process.env), not ${kindOf(given.env)}`,
      {
        problem: { option: "type", reason: "wrong-type", name: "env", expected: "object" },
      },
    );
  }
}

/**
 * Checks the options of `diagnose()` once, at the library boundary, and applies the defaults: an
 * endpoint is given, `scope` is one resource URI or scope, `call` is `chat`, `responses` or
 * `embeddings`, `credential` names a chain member (or `AzurePipelinesCredential`), `apiKeyEnv`
 * names a variable `env` sets, every `ca` entry is PEM. Each refusal is a {@link DiagnoseOptionsError} whose `problem` says
 * which option and why, so the CLI words it with its own flags instead of checking again.
 *
 * @throws {DiagnoseOptionsError} for the first option it cannot work with, in that order.
 * @example
 * const valid = validateDiagnoseOptions({ endpoint: "https://contoso.openai.azure.com", credential: "azureclicredential", env: process.env });
 * valid.only; // "AzureCliCredential"
 */
export function validateDiagnoseOptions(options: DiagnoseOptions): ValidDiagnoseOptions {
  checkTypes(options);
  if (typeof options.endpoint !== "string" || options.endpoint.trim() === "") {
    throw new DiagnoseOptionsError(
      "no endpoint to diagnose; pass the Azure OpenAI endpoint, e.g. https://<name>.openai.azure.com",
      { problem: { option: "endpoint", reason: "missing" } },
    );
  }
  const scope = checkScope(options.scope);
  const call = checkCall(options.call);
  const only = options.credential === undefined ? undefined : requireDoctorCredential(options.credential);
  const comparisonKey = comparisonKeyOf(options);
  const ca = checkCaOption(options.ca);
  return {
    endpoint: options.endpoint,
    ...(options.deployment === undefined ? {} : { deployment: options.deployment }),
    apiVersion: options.apiVersion ?? DEFAULT_DIAGNOSE_API_VERSION,
    ...(scope === undefined ? {} : { scope }),
    call,
    ...(only === undefined ? {} : { only }),
    ...(comparisonKey === undefined ? {} : { comparisonKey }),
    env: options.env,
    ...(ca === undefined ? {} : { ca }),
    timeoutMs: options.timeoutMs ?? DEFAULT_DIAGNOSE_TIMEOUT_MS,
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    now: options.now ?? Date.now,
  };
}
