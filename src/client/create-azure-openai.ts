import type { TokenCredential } from "@azure/identity";
import { type APIError, AzureOpenAI, type ClientOptions, OpenAI } from "openai";
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

/** What a client needs to diagnose a refusal. */
interface RefusalContext {
  endpoint: string;
  deployment: string | undefined;
  provider: KeylessTokenProvider;
  now: () => number;
}

/**
 * The error for a status: openai's own, or, for an authentication refusal keyless can read, a
 * {@link KeylessAuthError} whose diagnosis comes from the body, the endpoint and the claims of the
 * token sent, with no network call.
 */
function refusalError(
  original: APIError,
  status: number,
  error: object | undefined,
  message: string | undefined,
  context: RefusalContext,
): APIError {
  const body = error === undefined ? (message ?? "") : JSON.stringify(error);
  if (!isAuthRefusal(status, body)) return original;
  const diagnosis = diagnoseRefusal(
    status,
    body,
    context.endpoint,
    context.provider.lastClaims,
    context.now(),
  );
  if (diagnosis === undefined) return original;
  const target = { endpoint: redactEndpoint(context.endpoint) };
  return new KeylessAuthError(
    original,
    diagnosis,
    context.deployment === undefined ? target : { ...target, deployment: context.deployment },
  );
}

/**
 * `Base` (an openai client class) whose status errors go through {@link refusalError}: the one
 * override both clients share, kept in one place.
 */
function withKeylessRefusals<Options>(Base: new (options: Options) => OpenAI) {
  // The subclass's own constructor types the options.
  // biome-ignore lint/suspicious/noExplicitAny: a mixin's base must take `...args: any[]` (TS2545)
  const Mixable = Base as unknown as new (...args: any[]) => OpenAI;
  return class extends Mixable {
    readonly #context: RefusalContext;

    constructor(options: Options, context: RefusalContext) {
      super(options);
      this.#context = context;
    }

    protected override makeStatusError(
      status: number,
      error: object,
      message: string | undefined,
      headers: Headers,
    ): APIError {
      return refusalError(
        super.makeStatusError(status, error, message, headers),
        status,
        error,
        message,
        this.#context,
      );
    }
  };
}

/** `AzureOpenAI` (the dated API: `/openai/deployments/...?api-version=`) with keyless refusals. */
const KeylessAzureOpenAI = withKeylessRefusals<AzureClientOptions>(AzureOpenAI);

/**
 * `OpenAI` on a v1 surface (`<resource>/openai/v1`, a Foundry project's `<project>/openai/v1`),
 * as `@azure/ai-projects`' `getOpenAIClient()` builds it: `model` in the body, no deployment in
 * the path, the token provider as `apiKey` (sent as `Authorization: Bearer`), with keyless
 * refusals. `AzureOpenAI` would insert `/deployments/<model>` into every path there: 404.
 */
const KeylessV1OpenAI = withKeylessRefusals<ClientOptions>(OpenAI);

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
export function createAzureOpenAI(options: CreateAzureOpenAIOptions = {}): OpenAI {
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
  const c = classifyEndpoint(endpoint);
  const origin = (c.url ?? endpoint).replace(/\/+$/, "");
  const v1 = c.kind === "foundry-project" || c.v1;
  const apiVersion = givenVersion ?? env.OPENAI_API_VERSION;
  if (!v1 && (apiVersion === undefined || apiVersion === "")) {
    throw new KeylessConfigError(
      "no API version: pass apiVersion or set OPENAI_API_VERSION",
      diagnosisFor("client.api-version-missing", { endpoint: redactEndpoint(endpoint) }),
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
  const context: RefusalContext = { endpoint, deployment: rest.deployment, provider, now };
  const dispatcher = rest.fetchOptions === undefined ? proxyDispatcher(env, ca) : undefined;
  const fetchOptions =
    dispatcher === undefined
      ? {}
      : { fetchOptions: { dispatcher } as NonNullable<ClientOptions["fetchOptions"]> };
  if (v1) {
    const { deployment: _deployment, ...openAiOptions } = rest;
    // The v1 API's own path: the project's, or the resource's custom-subdomain origin.
    const base =
      c.kind === "foundry-project" ? origin.replace(/\/openai(\/v1)?$/, "") : new URL(origin).origin;
    return new KeylessV1OpenAI(
      {
        ...openAiOptions,
        baseURL: `${base}/openai/v1`,
        apiKey: provider,
        ...(givenVersion === undefined
          ? {}
          : { defaultQuery: { ...openAiOptions.defaultQuery, "api-version": givenVersion } }),
        ...fetchOptions,
      },
      context,
    );
  }
  return new KeylessAzureOpenAI(
    {
      ...rest,
      endpoint: c.recommendedEndpoint ?? origin,
      apiVersion,
      azureADTokenProvider: provider,
      ...fetchOptions,
    },
    context,
  );
}
