import { describe, expect, it } from "vitest";
import { createRouteCache } from "../../../src/emulator/data-plane/route-cache.js";
import { routeRequest } from "../../../src/emulator/data-plane/route-request.js";

const HOST = "https://contoso.openai.azure.com";
const CHAT = `${HOST}/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`;

describe("createRouteCache", () => {
  it("routes as routeRequest does, with the data action, and answers a repeated URL from memory", () => {
    const route = createRouteCache();
    const first = route("POST", new URL(CHAT));
    const direct = routeRequest("POST", new URL(CHAT));
    expect(first.ok && direct.ok && first.value.route).toEqual(direct.ok && direct.value);
    expect(first.ok && first.value.required).toEqual({
      ok: true,
      value: {
        operation: "POST /openai/deployments/{deployment-id}/chat/completions",
        dataAction: "Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action",
      },
    });
    expect(route("POST", new URL(CHAT))).toBe(first);
    expect(Object.isFrozen(first.ok ? first.value.route : undefined)).toBe(true);
  });

  it("keeps method, path and query apart", () => {
    const route = createRouteCache();
    const post = route("POST", new URL(CHAT));
    const get = route("GET", new URL(CHAT));
    expect(post.ok).toBe(true);
    expect(get).toMatchObject({ ok: false, error: { status: 404 } });
    const other = route("POST", new URL(CHAT.replace("2024-10-21", "2025-04-01-preview")));
    expect(other.ok && other.value.route.apiVersion).toBe("2025-04-01-preview");
  });

  it("builds a routing refusal fresh each time, and starts over past its capacity", () => {
    const route = createRouteCache(2);
    const missing = `${HOST}/openai/deployments/gpt-4o/chat/completions`;
    const refusedOnce = route("POST", new URL(missing));
    const refusedTwice = route("POST", new URL(missing));
    expect(refusedOnce).toMatchObject({ ok: false, error: { status: 404 } });
    expect(refusedTwice).not.toBe(refusedOnce);
    const first = route("POST", new URL(CHAT));
    route("POST", new URL(`${HOST}/openai/v1/chat/completions`));
    route("POST", new URL(`${HOST}/openai/v1/embeddings`));
    // The third distinct URL cleared the cache: the first is routed again, to an equal new value.
    const again = route("POST", new URL(CHAT));
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });
});
