import { describe, expect, it } from "vitest";
import { routeRequest } from "../../../src/emulator/data-plane/route-request.js";

const base = "https://contoso.openai.azure.com";

/** What a routed request gives. */
function routed(route: Record<string, unknown>) {
  return { ok: true, value: route };
}

/** What the gateway answers a path it does not route: 404 `Resource not found`. */
function unrouted(detail: string, code = "unrouted") {
  return {
    ok: false,
    error: {
      status: 404,
      body: '{"error":{"code":"404","message": "Resource not found"}}',
      code,
      detail,
    },
  };
}

describe("routeRequest", () => {
  it("routes the deployments form with its api-version", () => {
    expect(
      routeRequest(
        "POST",
        new URL(`${base}/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`),
      ),
    ).toEqual(
      routed({
        operation: "chat",
        form: "deployments",
        path: "/openai/deployments/gpt-4o/chat/completions",
        deploymentName: "gpt-4o",
        apiVersion: "2024-10-21",
      }),
    );
    expect(
      routeRequest("POST", new URL(`${base}/openai/deployments/emb/embeddings?api-version=1`)),
    ).toMatchObject(
      routed({
        operation: "embeddings",
        deploymentName: "emb",
      }),
    );
    expect(
      routeRequest("POST", new URL(`${base}/openai/deployments/i/completions?api-version=1`)),
    ).toMatchObject(
      routed({
        operation: "completions",
      }),
    );
  });

  it("refuses the deployments form without api-version", () => {
    expect(routeRequest("POST", new URL(`${base}/openai/deployments/gpt-4o/chat/completions`))).toEqual(
      unrouted("missing api-version query parameter", "resource.api-version"),
    );
  });

  it("routes the v1 form without api-version", () => {
    expect(routeRequest("POST", new URL(`${base}/openai/v1/chat/completions`))).toEqual(
      routed({
        operation: "chat",
        form: "v1",
        path: "/openai/v1/chat/completions",
      }),
    );
    expect(routeRequest("GET", new URL(`${base}/openai/v1/models`))).toMatchObject(
      routed({
        operation: "list-models",
        form: "v1",
      }),
    );
  });

  it("tolerates the double slash of old openai-node and decodes deployment names", () => {
    expect(
      routeRequest("POST", new URL(`${base}//openai/deployments/my%20dep/chat/completions?api-version=1`)),
    ).toMatchObject(
      routed({
        deploymentName: "my dep",
        path: "/openai/deployments/my%20dep/chat/completions",
      }),
    );
  });

  it("routes list endpoints and Foundry project agents", () => {
    expect(routeRequest("GET", new URL(`${base}/openai/deployments?api-version=2022-12-01`))).toMatchObject(
      routed({
        operation: "list-deployments",
      }),
    );
    expect(
      routeRequest("GET", new URL(`${base}/openai/deployments/gpt-4o?api-version=2022-12-01`)),
    ).toMatchObject(
      routed({
        operation: "get-deployment",
        deploymentName: "gpt-4o",
      }),
    );
    expect(routeRequest("GET", new URL(`${base}/openai/models?api-version=2024-10-21`))).toMatchObject(
      routed({
        operation: "list-models",
        form: "deployments",
      }),
    );
    expect(
      routeRequest("GET", new URL("https://x.services.ai.azure.com/api/projects/p1/assistants")),
    ).toEqual(
      routed({
        operation: "list-agents",
        form: "project",
        path: "/api/projects/p1/assistants",
        projectName: "p1",
      }),
    );
  });

  it("does not route other methods or paths", () => {
    expect(
      routeRequest("GET", new URL(`${base}/openai/deployments/gpt-4o/chat/completions?api-version=1`)),
    ).toEqual(unrouted("no operation GET /openai/deployments/gpt-4o/chat/completions"));
    expect(routeRequest("POST", new URL(`${base}/openai/v1/videos`))).toEqual(
      unrouted("no v1 operation POST /openai/v1/videos"),
    );
    expect(routeRequest("GET", new URL(`${base}/`))).toEqual(unrouted("no operation GET /"));
  });
});

/** A 400 refusal of the api-version, with its exact body. */
function badVersion(body: string, detail: string) {
  return { ok: false, error: { status: 400, body, code: "resource.api-version", detail } };
}
const NOT_SUPPORTED = '{"error":{"code":"BadRequest","message":"API version not supported"}}';
const NOT_ALLOWED =
  '{"error":{"code":"BadRequest","message":"api-version query parameter is not allowed when using /v1 path"}}';
const PROJECT = "https://contoso.services.ai.azure.com/api/projects/proj";

describe("routeRequest: the Responses API", () => {
  it.each([
    ["POST", "/openai/v1/responses", { operation: "responses", form: "v1" }],
    ["GET", "/openai/v1/responses/resp_1", { operation: "get-response", form: "v1", responseId: "resp_1" }],
    ["DELETE", "/openai/v1/responses/resp_1", { operation: "delete-response", responseId: "resp_1" }],
    [
      "GET",
      "/openai/v1/responses/resp_1/input_items",
      { operation: "list-response-input-items", responseId: "resp_1" },
    ],
    [
      "POST",
      "/openai/responses?api-version=2025-04-01-preview",
      { operation: "responses", form: "deployments", apiVersion: "2025-04-01-preview" },
    ],
    [
      "GET",
      "/openai/responses/resp_2?api-version=2025-04-01-preview",
      { operation: "get-response", form: "deployments", responseId: "resp_2" },
    ],
    [
      "POST",
      "/openai/deployments/gpt-4o/responses?api-version=2025-04-01-preview",
      { operation: "responses", form: "deployments", deploymentName: "gpt-4o" },
    ],
    ["POST", "/openai/responses?api-version=2025-03-01-preview", { operation: "responses" }],
  ] as const)("%s %s", (method, path, expected) => {
    expect(routeRequest(method, new URL(`${base}${path}`))).toMatchObject(routed(expected));
  });

  it("routes a Foundry project's /openai/v1 with the project name", () => {
    expect(routeRequest("POST", new URL(`${PROJECT}/openai/v1/responses`))).toEqual(
      routed({
        operation: "responses",
        form: "project",
        path: "/api/projects/proj/openai/v1/responses",
        projectName: "proj",
      }),
    );
    expect(routeRequest("GET", new URL(`${PROJECT}/openai/v1/responses/resp_1/input_items`))).toMatchObject(
      routed({ operation: "list-response-input-items", form: "project", responseId: "resp_1" }),
    );
    expect(routeRequest("POST", new URL(`${PROJECT}/openai/v1/chat/completions`))).toMatchObject(
      routed({ operation: "chat", form: "project", projectName: "proj" }),
    );
    expect(routeRequest("GET", new URL(`${PROJECT}/openai/v1/models`))).toMatchObject(
      routed({ operation: "list-models", form: "project" }),
    );
  });

  it("does not route the Responses API on a dated version older than 2025-03-01-preview", () => {
    expect(routeRequest("POST", new URL(`${base}/openai/responses?api-version=2024-10-21`))).toEqual(
      unrouted("the Responses API is not in api-version 2024-10-21"),
    );
    expect(routeRequest("POST", new URL(`${base}/openai/responses`))).toEqual(
      unrouted("missing api-version query parameter", "resource.api-version"),
    );
  });

  it("does not route other verbs on responses", () => {
    expect(routeRequest("PUT", new URL(`${base}/openai/v1/responses`))).toEqual(
      unrouted("no v1 operation PUT /openai/v1/responses"),
    );
    expect(routeRequest("POST", new URL(`${base}/openai/v1/responses/resp_1/input_items`))).toEqual(
      unrouted("no v1 operation POST /openai/v1/responses/resp_1/input_items"),
    );
  });
});

describe("routeRequest: the v1 api-version table", () => {
  it.each(["", "?api-version=v1", "?api-version=preview"])("/openai/v1 takes %j", (query) => {
    for (const [method, rest] of [
      ["POST", "chat/completions"],
      ["POST", "embeddings"],
      ["GET", "models"],
      ["POST", "responses"],
    ] as const) {
      expect(routeRequest(method, new URL(`${base}/openai/v1/${rest}${query}`)).ok).toBe(true);
    }
  });

  it.each(["2025-04-01-preview", "2024-10-21", "2024-05-01-preview", ""])(
    "/openai/v1 refuses api-version=%j with 400 API version not supported",
    (version) => {
      expect(routeRequest("POST", new URL(`${base}/openai/v1/responses?api-version=${version}`))).toEqual(
        badVersion(
          NOT_SUPPORTED,
          `api-version ${version} on a /openai/v1 path (it takes none, v1 or preview)`,
        ),
      );
    },
  );

  it.each(["v1", "preview", "2025-11-15-preview"])(
    "a Foundry project's /openai/v1 refuses any api-version (%s)",
    (version) => {
      expect(routeRequest("POST", new URL(`${PROJECT}/openai/v1/responses?api-version=${version}`))).toEqual(
        badVersion(
          NOT_ALLOWED,
          `api-version ${version} on a Foundry project /openai/v1 path, which takes none`,
        ),
      );
    },
  );
});

describe("routeRequest: Azure AI model inference", () => {
  const models = "https://contoso.services.ai.azure.com/models";
  it("routes /models/chat/completions and /models/embeddings with their api-version", () => {
    expect(
      routeRequest("POST", new URL(`${models}/chat/completions?api-version=2024-05-01-preview`)),
    ).toEqual(
      routed({
        operation: "chat",
        form: "models",
        path: "/models/chat/completions",
        apiVersion: "2024-05-01-preview",
      }),
    );
    expect(
      routeRequest("POST", new URL(`${models}/embeddings?api-version=2024-05-01-preview`)),
    ).toMatchObject(routed({ operation: "embeddings", form: "models" }));
  });

  it("needs api-version, and serves nothing else below /models", () => {
    expect(routeRequest("POST", new URL(`${models}/chat/completions`))).toEqual(
      unrouted("missing api-version query parameter", "resource.api-version"),
    );
    expect(routeRequest("POST", new URL(`${models}/completions?api-version=2024-05-01-preview`))).toEqual(
      unrouted("no operation POST /models/completions"),
    );
    expect(routeRequest("GET", new URL(`${models}/info?api-version=2024-05-01-preview`))).toEqual(
      unrouted("no operation GET /models/info"),
    );
  });
});
