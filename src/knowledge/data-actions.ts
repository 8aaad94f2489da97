const OPENAI = "Microsoft.CognitiveServices/accounts/OpenAI";
const AI_SERVICES = "Microsoft.CognitiveServices/accounts/AIServices";

/**
 * Data actions of the Azure OpenAI and Foundry data planes, spelled as role definitions and
 * `PermissionDenied` messages spell them (`reference/roles-and-endpoints.md` §2).
 *
 * @example
 * DATA_ACTIONS.chatCompletions; // "Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action"
 */
export const DATA_ACTIONS = Object.freeze({
  chatCompletions: `${OPENAI}/deployments/chat/completions/action`,
  completions: `${OPENAI}/deployments/completions/action`,
  embeddings: `${OPENAI}/deployments/embeddings/action`,
  audio: `${OPENAI}/deployments/audio/action`,
  realtime: `${OPENAI}/deployments/realtime/action`,
  imagesGenerations: `${OPENAI}/images/generations/action`,
  extensionsChatCompletions: `${OPENAI}/deployments/extensions/chat/completions/action`,
  deploymentsRead: `${OPENAI}/deployments/read`,
  modelsRead: `${OPENAI}/models/read`,
  assistantsRead: `${OPENAI}/assistants/read`,
  assistantsWrite: `${OPENAI}/assistants/write`,
  assistantsDelete: `${OPENAI}/assistants/delete`,
  threadsRead: `${OPENAI}/assistants/threads/read`,
  threadsWrite: `${OPENAI}/assistants/threads/write`,
  threadsDelete: `${OPENAI}/assistants/threads/delete`,
  threadMessagesRead: `${OPENAI}/assistants/threads/messages/read`,
  threadMessagesWrite: `${OPENAI}/assistants/threads/messages/write`,
  threadRunsRead: `${OPENAI}/assistants/threads/runs/read`,
  threadRunsWrite: `${OPENAI}/assistants/threads/runs/write`,
  threadRunStepsRead: `${OPENAI}/assistants/threads/runs/steps/read`,
  storedCompletionsRead: `${OPENAI}/stored-completions/read`,
  /** Named by a public `PermissionDenied` for `POST /openai/responses` (microsoft/vscode#283763). */
  responsesWrite: `${OPENAI}/responses/write`,
  /** Not named anywhere public; read and delete follow the assistants' `read`/`delete` pattern. */
  responsesRead: `${OPENAI}/responses/read`,
  responsesDelete: `${OPENAI}/responses/delete`,
  agentsRead: `${AI_SERVICES}/agents/read`,
  agentsWrite: `${AI_SERVICES}/agents/write`,
  agentsDelete: `${AI_SERVICES}/agents/delete`,
  assetsWrite: `${AI_SERVICES}/assets/write`,
} as const);

/**
 * The data action a request needs, and the operation as Azure names it in `PermissionDenied`
 * (`POST /openai/deployments/{deployment-id}/chat/completions`).
 *
 * @example
 * const needed: RequiredDataAction | undefined = dataActionForRequest("POST", "/openai/v1/embeddings");
 */
export interface RequiredDataAction {
  operation: string;
  dataAction: string;
}

interface Route {
  method: string;
  /** The operation's path template; `{name}` segments match any one segment. */
  template: string;
  dataAction: string;
}

function routes(method: string, dataAction: string, ...templates: string[]): Route[] {
  return templates.map((template) => ({ method, template, dataAction }));
}

const D = "/openai/deployments/{deployment-id}";
const THREAD = "/openai/threads/{thread-id}";
const RUN = `${THREAD}/runs/{run-id}`;
const PROJECT = "/api/projects/{projectName}";

// First match wins, so literal segments come before templates that would also match them
// (`/openai/threads/runs` before `/openai/threads/{thread-id}`).
const ROUTES: readonly Route[] = [
  ...routes("POST", DATA_ACTIONS.chatCompletions, `${D}/chat/completions`, "/openai/v1/chat/completions"),
  ...routes("POST", DATA_ACTIONS.completions, `${D}/completions`, "/openai/v1/completions"),
  ...routes("POST", DATA_ACTIONS.embeddings, `${D}/embeddings`, "/openai/v1/embeddings"),
  ...routes(
    "POST",
    DATA_ACTIONS.audio,
    `${D}/audio/transcriptions`,
    `${D}/audio/translations`,
    `${D}/audio/speech`,
    "/openai/v1/audio/transcriptions",
    "/openai/v1/audio/translations",
    "/openai/v1/audio/speech",
  ),
  ...routes(
    "POST",
    DATA_ACTIONS.imagesGenerations,
    `${D}/images/generations`,
    "/openai/v1/images/generations",
  ),
  ...routes("POST", DATA_ACTIONS.extensionsChatCompletions, `${D}/extensions/chat/completions`),
  ...routes("GET", DATA_ACTIONS.realtime, "/openai/realtime", "/openai/v1/realtime"),
  ...routes("GET", DATA_ACTIONS.deploymentsRead, "/openai/deployments", D),
  ...routes("GET", DATA_ACTIONS.modelsRead, "/openai/models", "/openai/models/{model-id}"),
  ...routes("GET", DATA_ACTIONS.modelsRead, "/openai/v1/models", "/openai/v1/models/{model-id}"),
  // GET on the v1 chat completions collection reads stored completions, which OpenAI User lacks.
  ...routes(
    "GET",
    DATA_ACTIONS.storedCompletionsRead,
    "/openai/v1/chat/completions",
    "/openai/v1/chat/completions/{completion-id}",
    "/openai/v1/chat/completions/{completion-id}/messages",
  ),
  ...routes(
    "POST",
    DATA_ACTIONS.responsesWrite,
    "/openai/responses",
    "/openai/v1/responses",
    // LangChain's AzureChatOpenAI with useResponsesApi, and @ai-sdk/azure with useDeploymentBasedUrls.
    `${D}/responses`,
    `${PROJECT}/openai/v1/responses`,
    `${PROJECT}/openai/responses`,
  ),
  ...routes(
    "GET",
    DATA_ACTIONS.responsesRead,
    ...["/openai", "/openai/v1", `${PROJECT}/openai/v1`].flatMap((base) => [
      `${base}/responses/{response-id}`,
      `${base}/responses/{response-id}/input_items`,
    ]),
  ),
  ...routes(
    "DELETE",
    DATA_ACTIONS.responsesDelete,
    "/openai/responses/{response-id}",
    "/openai/v1/responses/{response-id}",
    `${PROJECT}/openai/v1/responses/{response-id}`,
  ),
  ...routes("POST", DATA_ACTIONS.chatCompletions, `${PROJECT}/openai/v1/chat/completions`),
  // Azure AI model inference on AIServices accounts (`<name>.services.ai.azure.com/models`): the
  // deployment is in the body, the data actions are the OpenAI deployments' ones.
  ...routes("POST", DATA_ACTIONS.chatCompletions, "/models/chat/completions"),
  ...routes("POST", DATA_ACTIONS.embeddings, "/models/embeddings"),
  ...routes("POST", DATA_ACTIONS.embeddings, `${PROJECT}/openai/v1/embeddings`),
  ...routes("GET", DATA_ACTIONS.modelsRead, `${PROJECT}/openai/v1/models`),
  ...routes("GET", DATA_ACTIONS.assistantsRead, "/openai/assistants", "/openai/assistants/{assistant-id}"),
  ...routes("POST", DATA_ACTIONS.assistantsWrite, "/openai/assistants", "/openai/assistants/{assistant-id}"),
  ...routes("DELETE", DATA_ACTIONS.assistantsDelete, "/openai/assistants/{assistant-id}"),
  ...routes("POST", DATA_ACTIONS.threadRunsWrite, "/openai/threads/runs"),
  ...routes("POST", DATA_ACTIONS.threadsWrite, "/openai/threads", THREAD),
  ...routes("GET", DATA_ACTIONS.threadsRead, THREAD),
  ...routes("DELETE", DATA_ACTIONS.threadsDelete, THREAD),
  ...routes("GET", DATA_ACTIONS.threadMessagesRead, `${THREAD}/messages`, `${THREAD}/messages/{message-id}`),
  ...routes(
    "POST",
    DATA_ACTIONS.threadMessagesWrite,
    `${THREAD}/messages`,
    `${THREAD}/messages/{message-id}`,
  ),
  ...routes("GET", DATA_ACTIONS.threadRunsRead, `${THREAD}/runs`, RUN),
  ...routes(
    "POST",
    DATA_ACTIONS.threadRunsWrite,
    `${THREAD}/runs`,
    RUN,
    `${RUN}/cancel`,
    `${RUN}/submit_tool_outputs`,
  ),
  ...routes("GET", DATA_ACTIONS.threadRunStepsRead, `${RUN}/steps`, `${RUN}/steps/{step-id}`),
  ...routes(
    "GET",
    DATA_ACTIONS.agentsRead,
    `${PROJECT}/assistants`,
    `${PROJECT}/assistants/{assistantId}`,
    `${PROJECT}/agents`,
    `${PROJECT}/agents/{agentName}`,
  ),
  ...routes(
    "POST",
    DATA_ACTIONS.agentsWrite,
    `${PROJECT}/assistants`,
    `${PROJECT}/assistants/{assistantId}`,
    `${PROJECT}/agents`,
    `${PROJECT}/agents/{agentName}`,
  ),
  ...routes(
    "DELETE",
    DATA_ACTIONS.agentsDelete,
    `${PROJECT}/assistants/{assistantId}`,
    `${PROJECT}/agents/{agentName}`,
  ),
];

function segmentsOf(path: string): string[] {
  let pathname = path.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(pathname)) {
    try {
      pathname = new URL(pathname).pathname;
    } catch {
      return [];
    }
  }
  return (pathname.split(/[?#]/, 1)[0] ?? "").split("/").filter((s) => s !== "");
}

const TEMPLATE_SEGMENTS = new Map<string, readonly string[]>(
  ROUTES.map((r) => [r.template, segmentsOf(r.template)]),
);

function matches(template: string, segments: readonly string[]): boolean {
  const pattern = TEMPLATE_SEGMENTS.get(template) ?? [];
  if (pattern.length !== segments.length) return false;
  return pattern.every((p, i) => {
    const actual = segments[i] ?? "";
    return p.startsWith("{") ? actual !== "" : p.toLowerCase() === actual.toLowerCase();
  });
}

/**
 * The data action a data-plane request needs, or `undefined` for a request keyless does not map
 * (including the Responses API, for which no public source names a data action).
 *
 * `path` may be a path or a full URL; the query string, duplicate and trailing slashes, and the
 * case of fixed segments are ignored. The `operation` is the template Azure prints in
 * `PermissionDenied`, e.g. `POST /openai/deployments/{deployment-id}/chat/completions`; for
 * operations with no verbatim message on record the template follows the same style.
 *
 * @example
 * dataActionForRequest("POST", "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21");
 * // { operation: "POST /openai/deployments/{deployment-id}/chat/completions",
 * //   dataAction: "Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action" }
 * dataActionForRequest("GET", "/api/projects/p1/assistants/asst_1")?.dataAction;
 * // "Microsoft.CognitiveServices/accounts/AIServices/agents/read"
 */
export function dataActionForRequest(method: string, path: string): RequiredDataAction | undefined {
  const verb = method.trim().toUpperCase();
  const segments = segmentsOf(path);
  const route = ROUTES.find((r) => r.method === verb && matches(r.template, segments));
  return route === undefined
    ? undefined
    : { operation: `${route.method} ${route.template}`, dataAction: route.dataAction };
}
