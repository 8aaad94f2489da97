import type { TokenCredential } from "@azure/identity";
import { type APIError, AzureOpenAI } from "openai";
import type { AzureClientOptions } from "openai/azure";
import { classifyEndpoint, redactEndpoint } from "../knowledge/endpoint-form.js";
import { diagnoseRefusal, diagnosisFor } from "./diagnose-failure.js";
import { findEnvironmentTrap } from "./environment-traps.js";
import { KeylessAuthError, KeylessConfigError } from "./keyless-errors.js";
import { proxyDispatcher } from "./proxy-dispatcher.js";
import { createTokenProvider, type KeylessTokenProvider } from "./token-provider.js";

/**
 * Options of {@link createAzureOpenAI}: the endpoint, deployment and API version, the credential,
 * and any other `AzureOpenAI` option (`maxRetries`, `timeout`, `fetchOptions`, ...), passed on.
 *
 * @example
 * const options: CreateAzureOpenAIOptions = { endpoint: "https://contoso.openai.azure.com", deployment: "gpt-4o", apiVersion: "2024-10-21" };
 */
export interface CreateAzureOpenAIOptions
  extends Omit<AzureClientOptions, "apiKey" | "azureADTokenProvider" | "endpoint" | "baseURL"> {
  /** Default `AZURE_OPENAI_ENDPOINT`. */
  endpoint?: string;
  /** Default `OPENAI_API_VERSION`. */
  apiVersion?: string;
  /** Any `@azure/identity` credential. Default `DefaultAzureCredential`. */
  credential?: TokenCredential;
  /** The scope, when the app must ask for another than the endpoint's (checked against it). */
  scope?: string;
  /** A token provider made with {@link createTokenProvider}, to share one between clients. */
  tokenProvider?: KeylessTokenProvider;
  /** The environment read for the traps and the proxy. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Extra CA certificates (PEM) the data-plane connection trusts (TLS inspection, the emulator). */
  ca?: readonly string[];
  /** The clock the token provider and the diagnosis use. Default `Date.now`. */
  now?: () => number;
}

/** 400s that are about authentication (a malformed token, a missing header), not the request. */
const AUTH_400 = /token|audience|authoriz|authentic|credential|api-key|tenant/i;

function isAuthRefusal(status: number, body: string): boolean {
  return status === 401 || status === 403 || (status === 400 && AUTH_400.test(body));
}

/**
 * An `AzureOpenAI` whose authentication refusals are {@link KeylessAuthError}s: the diagnosis is
 * computed from the body, the endpoint and the claims of the token sent, with no network call.
 */
class KeylessAzureOpenAI extends AzureOpenAI {
  readonly #endpoint: string;
  readonly #deployment: string | undefined;
  readonly #provider: KeylessTokenProvider;
  readonly #now: () => number;

  constructor(
    options: AzureClientOptions,
    endpoint: string,
    provider: KeylessTokenProvider,
    now: () => number,
  ) {
    super(options);
    this.#endpoint = endpoint;
    this.#deployment = options.deployment;
    this.#provider = provider;
    this.#now = now;
  }

  protected override makeStatusError(
    status: number,
    error: object,
    message: string | undefined,
    headers: Headers,
  ): APIError {
    const original = super.makeStatusError(status, error, message, headers);
    const body = error === undefined ? (message ?? "") : JSON.stringify(error);
    if (!isAuthRefusal(status, body)) return original;
    const diagnosis = diagnoseRefusal(status, body, this.#endpoint, this.#provider.lastClaims, this.#now());
    if (diagnosis === undefined) return original;
    const target = { endpoint: redactEndpoint(this.#endpoint) };
    return new KeylessAuthError(
      original,
      diagnosis,
      this.#deployment === undefined ? target : { ...target, deployment: this.#deployment },
    );
  }
}

/**
 * An `openai` `AzureOpenAI` client, keyless: a {@link createTokenProvider} token provider for the
 * endpoint's scope (cloud, kind, Foundry project), never an API key. Refuses at construction,
 * with a {@link KeylessConfigError} carrying the cause code and fix, what cannot work keyless: an
 * API key variable beside the provider, a regional or invalid endpoint, a scope the endpoint does
 * not accept, `OPENAI_BASE_URL` beside the endpoint, no endpoint or API version. Follows
 * `HTTPS_PROXY` / `NO_PROXY` (Node 20's `fetch` does not). Refusals of the token (401, 403, an
 * authentication 400) reject with a {@link KeylessAuthError} whose `.diagnosis` names the cause.
 *
 * @example
 * const client = createAzureOpenAI({ endpoint: process.env.AZURE_OPENAI_ENDPOINT, deployment: "gpt-4o", apiVersion: "2024-10-21" });
 * const completion = await client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "Hi" }] });
 */
export function createAzureOpenAI(options: CreateAzureOpenAIOptions = {}): AzureOpenAI {
  const {
    endpoint: given,
    apiVersion: givenVersion,
    credential,
    scope,
    tokenProvider,
    env = process.env,
    ca,
    now = Date.now,
    ...rest
  } = options;
  const endpoint = given ?? env.AZURE_OPENAI_ENDPOINT;
  if (endpoint === undefined || endpoint === "") {
    throw new KeylessConfigError(
      "no endpoint: pass endpoint or set AZURE_OPENAI_ENDPOINT",
      diagnosisFor("client.endpoint-missing", {}),
    );
  }
  const trap = findEnvironmentTrap({ endpoint, env, ...(scope === undefined ? {} : { scope }) });
  if (trap !== undefined) throw trap;
  const apiVersion = givenVersion ?? env.OPENAI_API_VERSION;
  if (apiVersion === undefined || apiVersion === "") {
    throw new KeylessConfigError(
      "no API version: pass apiVersion or set OPENAI_API_VERSION",
      diagnosisFor("client.api-version-missing", { endpoint }),
    );
  }
  const provider =
    tokenProvider ??
    createTokenProvider({
      endpoint,
      now,
      ...(scope === undefined ? {} : { scope }),
      ...(credential === undefined ? {} : { credential }),
    });
  const c = classifyEndpoint(endpoint);
  const origin = (c.url ?? endpoint).replace(/\/+$/, "");
  // A Foundry project's OpenAI surface is its v1 API under the project path.
  const location =
    c.kind === "foundry-project"
      ? { baseURL: `${origin}/openai/v1` }
      : { endpoint: c.recommendedEndpoint ?? origin };
  const dispatcher = rest.fetchOptions === undefined ? proxyDispatcher(env, ca) : undefined;
  return new KeylessAzureOpenAI(
    {
      ...rest,
      ...location,
      apiVersion,
      azureADTokenProvider: provider,
      ...(dispatcher === undefined
        ? {}
        : { fetchOptions: { dispatcher } as NonNullable<AzureClientOptions["fetchOptions"]> }),
    },
    endpoint,
    provider,
    now,
  );
}
