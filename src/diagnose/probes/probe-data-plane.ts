import { dataActionForRequest, type RequiredDataAction } from "../../knowledge/data-actions.js";
import type { EndpointClassification } from "../../knowledge/endpoint-form.js";
import { explain } from "../../knowledge/explain.js";
import type { Match } from "../../knowledge/match.js";
import { type DiagnoseCall, RESPONSES_API_VERSION } from "../diagnose-defaults.js";
import type { DoctorNetwork } from "../doctor-network.js";
import { sendProbeRequest } from "../http-request.js";
import type { Redactor } from "../secret-redaction.js";
import { htmlTitle, looksLikeHtml } from "./answer-fault.js";

/**
 * The cheap call the doctor makes: chat completions with one short message and `max_tokens: 1`
 * (about 10 tokens on a real resource), the Responses API or embeddings when the app makes those,
 * or, without a deployment, the models list.
 *
 * @example
 * const target: DataPlaneTarget | undefined = dataPlaneTarget(classifyEndpoint(url), "gpt-4o", "2024-10-21");
 */
export interface DataPlaneTarget {
  method: "GET" | "POST";
  url: string;
  /** `POST /openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`, for the report. */
  display: string;
  body?: string;
  required?: RequiredDataAction;
}

/**
 * How a data-plane request was authenticated.
 *
 * @example
 * const via: DataPlaneCaller = { kind: "token", credential: "AzureCliCredential", scope: "https://cognitiveservices.azure.com/.default" };
 */
export type DataPlaneCaller =
  | { kind: "token"; credential: string; scope: string }
  | { kind: "api-key"; source: string };

/**
 * What one data-plane request showed: status, the service's code and message, the causes
 * `explain()` reads in the body, and the headers that matter. No token, key or raw secret.
 *
 * @example
 * const observation: DataPlaneObservation = { via, status: 401, serviceCode: "PermissionDenied", matches: [], durationMs: 80 };
 */
export interface DataPlaneObservation {
  via: DataPlaneCaller;
  status?: number;
  /** Why no answer came. */
  error?: string;
  timedOut?: boolean;
  serviceCode?: string;
  serviceMessage?: string;
  /** `explain()` on the body, best first (empty on success). */
  matches: Match[];
  /** `policy-id` (network rules). */
  policyId?: string;
  retryAfterSeconds?: number;
  requestId?: string;
  /** The response's `Date`, in epoch milliseconds. */
  serverDate?: number;
  /**
   * A success status whose body is an HTML page (a captive portal, a block page, a website at
   * that name), not the service's JSON: with the page's `<title>` when it has one.
   */
  htmlPage?: { title?: string };
  durationMs: number;
}

const PROBE_MESSAGES = [{ role: "user", content: "ping" }];
const PROBE_INPUT = "ping";
const MODELS_API_VERSION = "2024-05-01-preview";
/** The Responses API's smallest `max_output_tokens`. */
const RESPONSES_MAX_OUTPUT_TOKENS = 16;
const FIRST_RESPONSES_API_VERSION = "2025-03-01";

function originOf(c: EndpointClassification): string | undefined {
  if (c.url === undefined) return undefined;
  const recommended = c.recommendedEndpoint === undefined ? undefined : new URL(c.recommendedEndpoint).origin;
  return recommended ?? new URL(c.url).origin;
}

function baseUrl(c: EndpointClassification): string | undefined {
  if (c.url === undefined) return undefined;
  const origin = new URL(c.url).origin;
  if (c.recommendedEndpoint !== undefined) return c.recommendedEndpoint.replace(/\/+$/, "");
  const extra = c.problems.some((p) => p.code === "endpoint.extra-path");
  // A gateway may sit under a path prefix; the client appends /openai/... to whatever it is given.
  return c.kind === "unknown-host" && !extra ? c.url.replace(/\/+$/, "") : origin;
}

/** The api-version of a dated Responses call: the one given when it has the Responses API, else {@link RESPONSES_API_VERSION}. */
function responsesApiVersion(apiVersion: string): string {
  return /^\d{4}-\d{2}-\d{2}/.test(apiVersion) && apiVersion.slice(0, 10) >= FIRST_RESPONSES_API_VERSION
    ? apiVersion
    : RESPONSES_API_VERSION;
}

/** The body of `call`, with the deployment as `model` when the form takes it there. */
function callBody(call: DiagnoseCall, model: string | undefined): Record<string, unknown> {
  const named = model === undefined ? {} : { model };
  switch (call) {
    case "chat":
      return { messages: PROBE_MESSAGES, max_tokens: 1, ...named };
    case "embeddings":
      return { input: PROBE_INPUT, ...named };
    case "responses":
      // The Responses API always names the model; `store: false` leaves nothing behind.
      return { model, input: PROBE_INPUT, max_output_tokens: RESPONSES_MAX_OUTPUT_TOKENS, store: false };
  }
}

/** The v1 paths (`/openai/v1/...`, a project's `<project>/openai/v1/...`): `model` in the body. */
function v1Path(call: DiagnoseCall): string {
  return call === "chat" ? "/openai/v1/chat/completions" : `/openai/v1/${call}`;
}

interface PlannedRequest {
  base: string;
  method: "GET" | "POST";
  path: string;
  body?: Record<string, unknown>;
}

function plannedRequest(
  c: EndpointClassification,
  base: string,
  deployment: string | undefined,
  apiVersion: string,
  call: DiagnoseCall,
): PlannedRequest {
  const v1 = c.kind === "foundry-project" || c.v1;
  if (deployment === undefined) {
    // Every call needs a deployment (or model); without one the doctor lists what there is.
    if (c.kind === "ai-services-models") {
      return { base, method: "GET", path: `/info?api-version=${MODELS_API_VERSION}` };
    }
    if (v1) return { base, method: "GET", path: "/openai/v1/models" };
    return { base, method: "GET", path: `/openai/models?api-version=${encodeURIComponent(apiVersion)}` };
  }
  if (c.kind === "ai-services-models") {
    if (call === "responses") {
      // Model inference has no Responses API: the client calls the same host's OpenAI v1 API.
      return {
        base: originOf(c) ?? base,
        method: "POST",
        path: v1Path(call),
        body: callBody(call, deployment),
      };
    }
    const operation = call === "chat" ? "chat/completions" : "embeddings";
    return {
      base,
      method: "POST",
      path: `/${operation}?api-version=${MODELS_API_VERSION}`,
      body: callBody(call, deployment),
    };
  }
  if (v1) return { base, method: "POST", path: v1Path(call), body: callBody(call, deployment) };
  if (call === "responses") {
    return {
      base,
      method: "POST",
      path: `/openai/responses?api-version=${encodeURIComponent(responsesApiVersion(apiVersion))}`,
      body: callBody(call, deployment),
    };
  }
  const operation = call === "chat" ? "chat/completions" : "embeddings";
  return {
    base,
    method: "POST",
    path: `/openai/deployments/${encodeURIComponent(deployment)}/${operation}?api-version=${encodeURIComponent(apiVersion)}`,
    body: callBody(call, undefined),
  };
}

/**
 * The request the doctor sends for an endpoint, deployment, API version and call (`chat`, the
 * default; `responses`; `embeddings`), as the app's client would send it:
 *
 * - the deployments form: `/openai/deployments/<d>/chat/completions?api-version=` (or
 *   `/embeddings`), and the dated Responses API `/openai/responses?api-version=` (an api-version
 *   older than the Responses API becomes {@link RESPONSES_API_VERSION}) with `model`;
 * - the v1 form: `/openai/v1/chat/completions`, `/openai/v1/responses`, `/openai/v1/embeddings`,
 *   `model` in the body;
 * - a Foundry project (`/api/projects/<p>`): its `/openai/v1/...`, as @azure/ai-projects'
 *   `getOpenAIClient()` calls it;
 * - Azure AI model inference (`/models/chat/completions`, `/models/embeddings`; the Responses API
 *   on the same host's `/openai/v1/responses`).
 *
 * Without a deployment, the models list of the form (`GET /openai/models`, `/openai/v1/models`,
 * `/models/info`). Chat sends one short message with `max_tokens: 1`, the Responses API
 * `max_output_tokens: 16` and `store: false`. Undefined for an invalid URL.
 *
 * @example
 * dataPlaneTarget(classifyEndpoint("https://contoso.openai.azure.com"), "gpt-4o", "2024-10-21")?.display;
 * // "POST /openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21"
 * dataPlaneTarget(classifyEndpoint("https://contoso.services.ai.azure.com/api/projects/p"), "gpt-4o", "2024-10-21", "responses")?.display;
 * // "POST /api/projects/p/openai/v1/responses"
 */
export function dataPlaneTarget(
  c: EndpointClassification,
  deployment: string | undefined,
  apiVersion: string,
  call: DiagnoseCall = "chat",
): DataPlaneTarget | undefined {
  const base = baseUrl(c);
  if (base === undefined) return undefined;
  const planned = plannedRequest(c, base, deployment, apiVersion, call);
  const { method, path, body } = planned;
  const prefix = new URL(planned.base).pathname.replace(/\/+$/, "");
  const url = `${planned.base}${path}`;
  const target: DataPlaneTarget = { method, url, display: `${method} ${prefix}${path}` };
  if (body !== undefined) target.body = JSON.stringify(body);
  const required = dataActionForRequest(method, `${prefix}${path}`) ?? dataActionForRequest(method, path);
  if (required !== undefined) target.required = required;
  return target;
}

const CHAT_DATA_ACTION = "Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action";

/**
 * The data action a data-plane request needs (chat completions when the request maps to none, or
 * when there is no request).
 *
 * @example
 * targetDataAction(dataPlaneTarget(classifyEndpoint("https://contoso.openai.azure.com"), undefined, "2024-10-21"));
 * // "Microsoft.CognitiveServices/accounts/OpenAI/models/read"
 */
export function targetDataAction(target: DataPlaneTarget | undefined): string {
  return target?.required?.dataAction ?? CHAT_DATA_ACTION;
}

function header(headers: Record<string, string>, name: string): string | undefined {
  return headers[name] ?? headers[name.toLowerCase()];
}

/**
 * Sends the probe request with one credential (`Authorization: Bearer <token>` or `api-key`), reads
 * status, body and headers, and runs `explain()` on the body. Never rejects; secrets are masked in
 * everything it returns.
 *
 * @example
 * const observation = await probeDataPlane(target, { kind: "token", credential: "AzureCliCredential", scope }, { authorization: `Bearer ${token}` }, { timeoutMs: 10_000, redact, network });
 */
export async function probeDataPlane(
  target: DataPlaneTarget,
  via: DataPlaneCaller,
  authHeaders: Record<string, string>,
  options: { timeoutMs: number; redact: Redactor; network: DoctorNetwork },
): Promise<DataPlaneObservation> {
  const response = await sendProbeRequest(
    {
      method: target.method,
      url: target.url,
      headers: {
        ...authHeaders,
        ...(target.body === undefined ? {} : { "content-type": "application/json" }),
      },
      timeoutMs: options.timeoutMs,
      ...(target.body === undefined ? {} : { body: target.body }),
    },
    options.network,
  );
  if (response.status === undefined) {
    return {
      via,
      error: options.redact(response.error),
      timedOut: response.timedOut,
      matches: [],
      durationMs: response.durationMs,
    };
  }
  const observation: DataPlaneObservation = {
    via,
    status: response.status,
    matches: [],
    durationMs: response.durationMs,
  };
  const requestId = header(response.headers, "apim-request-id") ?? header(response.headers, "x-request-id");
  if (requestId !== undefined) observation.requestId = requestId;
  const policyId = header(response.headers, "policy-id");
  if (policyId !== undefined) observation.policyId = policyId;
  const retryAfter = Number(header(response.headers, "retry-after"));
  if (
    Number.isFinite(retryAfter) &&
    retryAfter >= 0 &&
    header(response.headers, "retry-after") !== undefined
  ) {
    observation.retryAfterSeconds = retryAfter;
  }
  const date = Date.parse(header(response.headers, "date") ?? "");
  if (Number.isFinite(date)) observation.serverDate = date;
  if (response.status < 400 && looksLikeHtml(response.headers, response.body)) {
    const title = htmlTitle(response.body);
    observation.htmlPage = title === undefined ? {} : { title: options.redact(title) };
  }
  if (response.status >= 400) {
    const body = options.redact(response.body);
    const policy = policyId === undefined ? "" : `\npolicy-id: ${policyId}`;
    observation.matches = explain(`HTTP ${response.status}\n${body}${policy}`).map((m) => ({
      ...m,
      facts: {
        ...m.facts,
        ...(m.facts.serviceMessage ? { serviceMessage: options.redact(m.facts.serviceMessage) } : {}),
      },
    }));
    const facts = observation.matches[0]?.facts;
    const code = facts?.serviceCode ?? readCode(body);
    if (code !== undefined) observation.serviceCode = code;
    const message = facts?.serviceMessage ?? readMessage(body);
    if (message !== undefined) observation.serviceMessage = message;
  }
  return observation;
}

function parse(body: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(body) as unknown;
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function readCode(body: string): string | undefined {
  const json = parse(body);
  const error = json?.error as Record<string, unknown> | undefined;
  const code = error?.code ?? json?.code ?? json?.statusCode;
  return code === undefined ? undefined : String(code);
}

function readMessage(body: string): string | undefined {
  const json = parse(body);
  const error = json?.error as Record<string, unknown> | undefined;
  const message = error?.message ?? json?.message;
  if (typeof message === "string") return message;
  const trimmed = body.trim();
  return trimmed === "" ? undefined : trimmed.slice(0, 500);
}
