import { beforeAll, describe, expect, it } from "vitest";
import { expectedAudiences, tokenGate } from "../../../src/emulator/data-plane/authenticate-request.js";
import { rbacScope } from "../../../src/emulator/data-plane/authorize-request.js";
import type { DataPlaneRoute } from "../../../src/emulator/data-plane/route-request.js";
import { createHarness, type Harness, KEY_ONE } from "../data-plane/harness.js";
import { dataPlaneWorld } from "../data-plane/test-world.js";

/*
 * Which audiences each data-plane surface accepts (src/emulator/data-plane/authenticate-request.ts)
 * and the Foundry project checks of authorize-request.ts, through the emulator's handler.
 */

// reference/error-bodies.md §2, verbatim.
const flat401 = (audience: string) =>
  `{"statusCode": 401, "message": "Unauthorized. Access token is missing, invalid, audience is incorrect (${audience}), or have expired."}`;
const RESOURCE_NOT_FOUND = '{"error":{"code":"404","message": "Resource not found"}}';
const COGNITIVE = "https://cognitiveservices.azure.com";
const FOUNDRY = "https://ai.azure.com";
const ML = "https://ml.azure.com";

const route = (path: string, form: string, projectName?: string): DataPlaneRoute =>
  ({
    operation: "chat",
    form,
    path,
    ...(projectName === undefined ? {} : { projectName }),
  }) as DataPlaneRoute;

describe("audiences per data-plane surface", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dataPlaneWorld());
  });

  it.each([
    ["/openai/deployments/gpt-4o/chat/completions", "deployments", undefined, "openai", [COGNITIVE]],
    ["/openai/responses", "deployments", undefined, "openai", [COGNITIVE]],
    ["/openai/v1/chat/completions", "v1", undefined, "openai-v1", [COGNITIVE, FOUNDRY]],
    // The model inference route, whatever form the router gives it.
    ["/models/chat/completions", "models", undefined, "models", [COGNITIVE]],
    ["/models/chat/completions", "v1", undefined, "models", [COGNITIVE]],
    ["/api/projects/p1/assistants", "project", "p1", "project", [FOUNDRY]],
    ["/api/projects/p1/openai/v1/chat/completions", "v1", "p1", "project", [FOUNDRY]],
  ])("%s (%s form): gate %s", (path, form, project, gate, audiences) => {
    const r = route(path, form, project);
    expect({ gate: tokenGate(r), audiences: expectedAudiences(h.account("foundry"), r) }).toEqual({
      gate,
      audiences,
    });
  });

  it("a US Government account accepts only its own Cognitive Services audience on v1", () => {
    expect(expectedAudiences(h.account("gov-openai"), route("/openai/v1/chat/completions", "v1"))).toEqual([
      "https://cognitiveservices.azure.us",
    ]);
  });

  const listModels = async (principal: string, audience: string, path: string) =>
    h.send({
      method: "GET",
      host: "foundry.services.ai.azure.com",
      path,
      headers: { authorization: `Bearer ${await h.token(principal, audience)}` },
    });

  it("the account's /openai/v1 takes an ai.azure.com token; the dated API refuses it naming cognitiveservices", async () => {
    expect((await listModels("foundry-app", FOUNDRY, "/openai/v1/models")).status).toBe(200);
    const dated = await listModels("foundry-app", FOUNDRY, "/openai/models?api-version=2024-10-21");
    expect({ status: dated.status, body: await dated.text() }).toEqual({
      status: 401,
      body: flat401(COGNITIVE),
    });
  });

  it.each([
    ["/openai/v1/models", COGNITIVE],
    ["/openai/models?api-version=2024-10-21", COGNITIVE],
    ["/api/projects/p1/assistants", FOUNDRY],
  ])("an ml.azure.com token on %s: the flat 401 naming %s", async (path, expected) => {
    const response = await listModels("foundry-app", ML, path);
    expect({ status: response.status, body: await response.text() }).toEqual({
      status: 401,
      body: flat401(expected),
    });
    expect(h.ctx.log.entries().at(-1)?.decision).toEqual({
      outcome: "deny",
      code: "token.wrong-audience",
      detail: expect.stringMatching(/^audience: "https:\/\/ml\.azure\.com"/),
    });
  });
});

describe("Foundry projects on the data plane", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dataPlaneWorld());
  });
  const agents = (project: string, headers: Record<string, string>) =>
    h.send({
      method: "GET",
      host: "foundry.services.ai.azure.com",
      path: `/api/projects/${project}/assistants`,
      headers,
    });

  it("a project the account does not have: 404 Resource not found, for a token and for a key", async () => {
    const token = await h.token("foundry-app", FOUNDRY);
    const credentials: Record<string, string>[] = [
      { authorization: `Bearer ${token}` },
      { "api-key": KEY_ONE },
    ];
    for (const headers of credentials) {
      const response = await agents("p2", headers);
      expect({ status: response.status, body: await response.text() }).toEqual({
        status: 404,
        body: RESOURCE_NOT_FOUND,
      });
      expect(h.ctx.log.entries().at(-1)?.decision).toEqual({
        outcome: "deny",
        code: "not-found",
        detail: 'account foundry has no project "p2"',
      });
    }
  });

  it("the token gate comes first: a wrong audience on an unknown project is the flat 401", async () => {
    const response = await agents("p2", { authorization: `Bearer ${await h.token("foundry-app")}` });
    expect({ status: response.status, body: await response.text() }).toEqual({
      status: 401,
      body: flat401(FOUNDRY),
    });
  });

  it("RBAC evaluates a project call at the project, in the world's spelling of its name", () => {
    const account = h.account("foundry");
    expect(rbacScope(account, route("/api/projects/P1/assistants", "project", "P1"))).toBe(
      `${account.resourceId}/projects/p1`,
    );
    expect(rbacScope(account, route("/openai/v1/chat/completions", "v1"))).toBe(account.resourceId);
  });
});
