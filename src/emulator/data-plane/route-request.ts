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
 * routeRequest("POST", new URL("https://x.openai.azure.com/openai/v1/embeddings"));
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

/**
 * A request the gateway does not route; Azure answers `404 Resource not found`.
 *
 * @example
 * const miss: UnroutedRequest = { unrouted: "missing api-version" };
 */
export interface UnroutedRequest {
  unrouted: string;
}

const POST_OPERATIONS: Readonly<Record<string, DataPlaneOperation>> = {
  "chat/completions": "chat",
  completions: "completions",
  embeddings: "embeddings",
};

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Maps a data-plane request to an operation, the way the Azure OpenAI gateway routes it: the
 * deployments form needs `api-version` (without it the gateway answers 404, MicrosoftDocs/azure-docs#114602),
 * the v1 form takes none. Fixed segments compare case-insensitively; duplicate slashes (openai-node
 * before 6.49 sent `//openai` for an endpoint with a trailing slash) are tolerated.
 *
 * @example
 * routeRequest("POST", new URL("https://x.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21"));
 * // { operation: "chat", form: "deployments", deploymentName: "gpt-4o", apiVersion: "2024-10-21", ... }
 */
export function routeRequest(method: string, url: URL): DataPlaneRoute | UnroutedRequest {
  const segments = url.pathname.split("/").filter((s) => s !== "");
  const path = `/${segments.join("/")}`;
  const lower = segments.map((s) => s.toLowerCase());
  const verb = method.toUpperCase();
  const apiVersion = url.searchParams.get("api-version") ?? "";

  if (lower[0] === "openai" && lower[1] === "v1") {
    const rest = lower.slice(2).join("/");
    const operation = POST_OPERATIONS[rest];
    if (verb === "POST" && operation !== undefined) return { operation, form: "v1", path };
    if (verb === "GET" && rest === "models") return { operation: "list-models", form: "v1", path };
    return { unrouted: `no v1 operation ${verb} ${path}` };
  }

  if (lower[0] === "openai") {
    const dated = routeDated(verb, segments, lower, path);
    if ("unrouted" in dated) return dated;
    if (apiVersion === "") return { unrouted: "missing api-version query parameter" };
    return { ...dated, apiVersion };
  }

  if (lower[0] === "api" && lower[1] === "projects" && segments[2] !== undefined && verb === "GET") {
    const rest = lower.slice(3).join("/");
    if (rest === "assistants" || rest === "agents") {
      return { operation: "list-agents", form: "project", path, projectName: decode(segments[2]) };
    }
  }
  return { unrouted: `no operation ${verb} ${path}` };
}

function routeDated(
  verb: string,
  segments: string[],
  lower: string[],
  path: string,
): DataPlaneRoute | UnroutedRequest {
  if (lower[1] === "models" && lower.length === 2 && verb === "GET") {
    return { operation: "list-models", form: "deployments", path };
  }
  if (lower[1] !== "deployments") return { unrouted: `no operation ${verb} ${path}` };
  const name = segments[2];
  if (name === undefined) {
    return verb === "GET"
      ? { operation: "list-deployments", form: "deployments", path }
      : { unrouted: `no operation ${verb} ${path}` };
  }
  const deploymentName = decode(name);
  if (lower.length === 3 && verb === "GET") {
    return { operation: "get-deployment", form: "deployments", path, deploymentName };
  }
  const operation = POST_OPERATIONS[lower.slice(3).join("/")];
  if (verb === "POST" && operation !== undefined) {
    return { operation, form: "deployments", path, deploymentName };
  }
  return { unrouted: `no operation ${verb} ${path}` };
}
