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
    expect(routeRequest("POST", new URL(`${base}/openai/v1/responses`))).toEqual(
      unrouted("no v1 operation POST /openai/v1/responses"),
    );
    expect(routeRequest("GET", new URL(`${base}/`))).toEqual(unrouted("no operation GET /"));
  });
});
