import { dataActionForRequest, type RequiredDataAction } from "../../knowledge/data-actions.js";
import { err, ok, type Result } from "../app/result.js";
import { apiVersionMissing, type Refusal, resourceNotFound } from "./refusal.js";

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
  | "list-deployments"
  | "get-deployment"
  | "list-models"
  | "list-agents";

/**
 * A routed request. `form` says how the deployment is chosen: from the path (`deployments`), from
 * `model` in the body (`v1`), or not at all (`project`, Foundry project APIs).
 *
 * @example
 * routeRequest("POST", new URL("https://x.openai.azure.com/openai/v1/embeddings")).value;
 * // { operation: "embeddings", form: "v1", path: "/openai/v1/embeddings" }
 */
export interface DataPlaneRoute {
  operation: DataPlaneOperation;
  form: "deployments" | "v1" | "project";
  /** Normalised path (no duplicate or trailing slashes), for data-action lookup and the log. */
  path: string;
  /** From the path, deployments form only. */
  deploymentName?: string;
  /** Foundry project name, project form only. */
  projectName?: string;
  /** The `api-version` query value (deployments form; v1 has none). */
  apiVersion?: string;
}

const POST_OPERATIONS: Readonly<Record<string, DataPlaneOperation>> = {
  "chat/completions": "chat",
  completions: "completions",
  embeddings: "embeddings",
};

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

/**
 * Maps a data-plane request to an operation, the way the Azure OpenAI gateway routes it (a path it
 * does not route is 404 `Resource not found`): the
 * deployments form needs `api-version` (without it the gateway answers 404, MicrosoftDocs/azure-docs#114602),
 * the v1 form takes none. Fixed segments compare case-insensitively; duplicate slashes (openai-node
 * before 6.49 sent `//openai` for an endpoint with a trailing slash) are tolerated.
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

  if (lower[0] === "openai" && lower[1] === "v1") {
    const rest = lower.slice(2).join("/");
    const operation = POST_OPERATIONS[rest];
    if (verb === "POST" && operation !== undefined) return ok({ operation, form: "v1", path });
    if (verb === "GET" && rest === "models") return ok({ operation: "list-models", form: "v1", path });
    return unrouted(`no v1 operation ${verb} ${path}`);
  }

  if (lower[0] === "openai") {
    const dated = routeDated(verb, segments, lower, path);
    if (!dated.ok) return dated;
    const apiVersion = url.searchParams.get("api-version") ?? "";
    if (apiVersion === "") return err(apiVersionMissing());
    return ok({ ...dated.value, apiVersion });
  }

  if (lower[0] === "api" && lower[1] === "projects" && segments[2] !== undefined && verb === "GET") {
    const rest = lower.slice(3).join("/");
    if (rest === "assistants" || rest === "agents") {
      return ok({ operation: "list-agents", form: "project", path, projectName: decode(segments[2]) });
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
