import { dataActionForRequest, type RequiredDataAction } from "../../knowledge/data-actions.js";
import { err, ok, type Result } from "../app/result.js";
import {
  apiVersionMissing,
  apiVersionNotAllowed,
  apiVersionNotSupported,
  type Refusal,
  resourceNotFound,
} from "./refusal.js";

/**
 * The operations the emulated data plane serves.
 *
 * @example
 * const op: DataPlaneOperation = "chat";
 */
export type DataPlaneOperation =
  | "chat"
  | "completions"
  | "embeddings"
  | "responses"
  | "get-response"
  | "delete-response"
  | "list-response-input-items"
  | "list-deployments"
  | "get-deployment"
  | "list-models"
  | "list-agents";

/**
 * A routed request. `form` is the API surface: the dated API (`deployments`: `/openai/deployments/...`
 * and `/openai/responses`, with `api-version`), the account's `v1` API, a Foundry `project`'s APIs
 * (`/api/projects/{p}/...`, including its `/openai/v1`), or Azure AI model inference (`models`:
 * `/models/...` on AIServices accounts). The deployment comes from the path when `deploymentName`
 * is set, else from `model` in the body (and, for `models`, the `x-ms-model-mesh-model-name` header).
 *
 * @example
 * routeRequest("POST", new URL("https://x.openai.azure.com/openai/v1/embeddings")).value;
 * // { operation: "embeddings", form: "v1", path: "/openai/v1/embeddings" }
 */
export interface DataPlaneRoute {
  operation: DataPlaneOperation;
  form: "deployments" | "v1" | "project" | "models";
  /** Normalised path (no duplicate or trailing slashes), for data-action lookup and the log. */
  path: string;
  /** From the path (`/openai/deployments/{d}/...`); otherwise the body's `model` names it. */
  deploymentName?: string;
  /** Foundry project name, project form only. */
  projectName?: string;
  /** The `api-version` query value when there is one (required on the dated and `models` forms). */
  apiVersion?: string;
  /** `GET` / `DELETE /responses/{id}` and its `input_items`: the response id from the path. */
  responseId?: string;
}

const POST_OPERATIONS: Readonly<Record<string, DataPlaneOperation>> = {
  "chat/completions": "chat",
  completions: "completions",
  embeddings: "embeddings",
  responses: "responses",
};

// The v1 spec (Azure/azure-rest-api-specs OpenAI.v1) gives `api-version` as optional with `v1`
// the default and `preview` the other value; anything else is refused (research issue 10 §7).
const V1_API_VERSIONS: ReadonlySet<string> = new Set(["v1", "preview"]);

// The dated API has served the Responses API since 2025-03-01-preview; older versions do not
// route it (unverified: Azure's answer to an older version there has not been captured).
const FIRST_RESPONSES_API_VERSION = "2025-03-01";

/** A request the gateway does not route: Azure answers `404 Resource not found`. */
function unrouted(reason: string): { readonly ok: false; readonly error: Refusal } {
  return err(resourceNotFound(reason));
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** What a path below an API root names: the operation and, for a stored response, its id. */
type RoutedOperation = Pick<DataPlaneRoute, "operation" | "responseId">;

/**
 * `responses`, `responses/{id}` and `responses/{id}/input_items` below an API root (`segments`
 * starts at `responses`), or undefined.
 */
function responsesOperation(verb: string, segments: string[], lower: string[]): RoutedOperation | undefined {
  if (lower[0] !== "responses") return undefined;
  const id = segments[1];
  if (id === undefined) return verb === "POST" ? { operation: "responses" } : undefined;
  const responseId = decode(id);
  if (lower.length === 2 && verb === "GET") return { operation: "get-response", responseId };
  if (lower.length === 2 && verb === "DELETE") return { operation: "delete-response", responseId };
  if (lower.length === 3 && lower[2] === "input_items" && verb === "GET") {
    return { operation: "list-response-input-items", responseId };
  }
  return undefined;
}

/** The operations of a `/openai/v1` root (the account's or a Foundry project's). */
function v1Operation(verb: string, segments: string[], lower: string[]): RoutedOperation | undefined {
  const rest = lower.join("/");
  const operation = POST_OPERATIONS[rest];
  if (verb === "POST" && operation !== undefined) return { operation };
  if (verb === "GET" && rest === "models") return { operation: "list-models" };
  return responsesOperation(verb, segments, lower);
}

/**
 * Maps a data-plane request to an operation, the way the Azure OpenAI gateway routes it (a path it
 * does not route is 404 `Resource not found`):
 * - the dated API (`/openai/deployments/{d}/...`, `/openai/models`, `/openai/responses...`) needs
 *   `api-version` (without it the gateway answers 404, MicrosoftDocs/azure-docs#114602);
 * - the account's `/openai/v1/...` takes none, `v1` or `preview`, and answers 400 `API version not
 *   supported` to anything else;
 * - a Foundry project's `/api/projects/{p}/openai/v1/...` takes none at all (400);
 * - model inference `POST /models/chat/completions` and `/models/embeddings` needs `api-version`
 *   (`@azure-rest/ai-inference` always sends one; a missing one is answered like the dated API's).
 *
 * Fixed segments compare case-insensitively; duplicate slashes (openai-node before 6.49 sent
 * `//openai` for an endpoint with a trailing slash) are tolerated.
 *
 * @example
 * routeRequest("POST", new URL("https://x.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21"));
 * // { ok: true, value: { operation: "chat", form: "deployments", deploymentName: "gpt-4o", apiVersion: "2024-10-21", ... } }
 */
export function routeRequest(method: string, url: URL): Result<DataPlaneRoute, Refusal> {
  const segments = url.pathname.split("/").filter((s) => s !== "");
  const path = `/${segments.join("/")}`;
  const lower = segments.map((s) => s.toLowerCase());
  const verb = method.toUpperCase();
  const apiVersion = url.searchParams.get("api-version");

  if (lower[0] === "openai" && lower[1] === "v1") {
    const routed = v1Operation(verb, segments.slice(2), lower.slice(2));
    if (routed === undefined) return unrouted(`no v1 operation ${verb} ${path}`);
    if (apiVersion === null) return ok({ ...routed, form: "v1", path });
    if (!V1_API_VERSIONS.has(apiVersion)) return err(apiVersionNotSupported(apiVersion));
    return ok({ ...routed, form: "v1", path, apiVersion });
  }

  if (lower[0] === "openai") {
    const dated = routeDated(verb, segments, lower, path);
    if (!dated.ok) return dated;
    if (apiVersion === null || apiVersion === "") return err(apiVersionMissing());
    const { operation } = dated.value;
    if (
      (operation === "responses" || dated.value.responseId !== undefined) &&
      /^\d{4}-\d{2}-\d{2}/.test(apiVersion) &&
      apiVersion.slice(0, 10) < FIRST_RESPONSES_API_VERSION
    ) {
      return unrouted(`the Responses API is not in api-version ${apiVersion}`);
    }
    return ok({ ...dated.value, apiVersion });
  }

  if (lower[0] === "api" && lower[1] === "projects" && segments[2] !== undefined) {
    const projectName = decode(segments[2]);
    const rest = lower.slice(3);
    if (verb === "GET" && rest.length === 1 && (rest[0] === "assistants" || rest[0] === "agents")) {
      return ok({ operation: "list-agents", form: "project", path, projectName });
    }
    if (rest[0] === "openai" && rest[1] === "v1") {
      const routed = v1Operation(verb, segments.slice(5), rest.slice(2));
      if (routed === undefined) return unrouted(`no project v1 operation ${verb} ${path}`);
      if (apiVersion !== null) return err(apiVersionNotAllowed(apiVersion));
      return ok({ ...routed, form: "project", path, projectName });
    }
  }

  if (lower[0] === "models" && verb === "POST" && lower.length >= 2) {
    const operation = POST_OPERATIONS[lower.slice(1).join("/")];
    if (operation === "chat" || operation === "embeddings") {
      if (apiVersion === null || apiVersion === "") return err(apiVersionMissing());
      return ok({ operation, form: "models", path, apiVersion });
    }
  }
  return unrouted(`no operation ${verb} ${path}`);
}

function routeDated(
  verb: string,
  segments: string[],
  lower: string[],
  path: string,
): Result<DataPlaneRoute, Refusal> {
  if (lower[1] === "models" && lower.length === 2 && verb === "GET") {
    return ok({ operation: "list-models", form: "deployments", path });
  }
  const responses = responsesOperation(verb, segments.slice(1), lower.slice(1));
  if (responses !== undefined) return ok({ ...responses, form: "deployments", path });
  if (lower[1] !== "deployments") return unrouted(`no operation ${verb} ${path}`);
  const name = segments[2];
  if (name === undefined) {
    return verb === "GET"
      ? ok({ operation: "list-deployments", form: "deployments", path })
      : unrouted(`no operation ${verb} ${path}`);
  }
  const deploymentName = decode(name);
  if (lower.length === 3 && verb === "GET") {
    return ok({ operation: "get-deployment", form: "deployments", path, deploymentName });
  }
  const operation = POST_OPERATIONS[lower.slice(3).join("/")];
  if (verb === "POST" && operation !== undefined) {
    return ok({ operation, form: "deployments", path, deploymentName });
  }
  return unrouted(`no operation ${verb} ${path}`);
}

/**
 * The data action RBAC checks for a routed request (`knowledge/data-actions.ts`), or 404 `Resource
 * not found` for an operation without one.
 *
 * @example
 * requiredDataAction("POST", route).ok; // true for chat completions
 */
export function requiredDataAction(
  method: string,
  route: DataPlaneRoute,
): Result<RequiredDataAction, Refusal> {
  const required = dataActionForRequest(method, route.path);
  return required === undefined ? unrouted(`no data action for ${route.path}`) : ok(required);
}
