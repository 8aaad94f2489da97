import { describe, expect, it } from "vitest";
import { createClock } from "../../../src/emulator/app/clock.js";
import type { EmulatorContext, RequestLogEntry } from "../../../src/emulator/app/context.js";
import { createEmulatorApp } from "../../../src/emulator/app/create-emulator-app.js";
import { createSigningKeyStore } from "../../../src/emulator/entra/signing-keys.js";
import { emulatorEnv } from "../../../src/emulator/env/emulator-env.js";
import { FOUNDRY_SCENARIOS } from "../../../src/emulator/scenarios/foundry-scenarios.js";
import type { Scenario } from "../../../src/emulator/scenarios/scenario.js";
import { validateWorld } from "../../../src/emulator/world/load-world.js";
import { resolveWorld } from "../../../src/emulator/world/resolve-world.js";
import { accessTokenOf, BASE, CHAT_BODY, CORRELATION_ID, HTTP_BASE, START } from "./scenario-harness.js";

/*
 * The Foundry scenarios (src/emulator/scenarios/foundry-scenarios.ts), each run in-process through
 * the emulator app the way a client holding the printed environment meets it: the exact status and
 * body bytes (reference/error-bodies.md §2) and the request log's decision.
 */

// reference/error-bodies.md §2, verbatim.
const flat401 = (audience: string) =>
  `{"statusCode": 401, "message": "Unauthorized. Access token is missing, invalid, audience is incorrect (${audience}), or have expired."}`;
const CHAT_ACTION = "Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action";
const AGENTS_READ = "Microsoft.CognitiveServices/accounts/AIServices/agents/read";
const FOUNDRY_LINK =
  " For instructions on granting the necessary permissions, see https://aka.ms/FoundryPermissions.";
const permissionDenied = (principalId: string, action: string, operation: string, link = "") =>
  `{"error":{"code":"PermissionDenied","message":"The principal ${principalId} lacks the required data action ${action} to perform ${operation} operation.${link}"}}`;
const EMPTY_AGENT_LIST = '{"data":[],"first_id":null,"has_more":false,"last_id":null,"object":"list"}';

const COGNITIVE_SCOPE = "https://cognitiveservices.azure.com/.default";
const FOUNDRY_SCOPE = "https://ai.azure.com/.default";
const ML_SCOPE = "https://ml.azure.com/.default";

interface FoundryRun {
  ctx: EmulatorContext;
  env: Record<string, string>;
  /** The app's service principal token (EnvironmentCredential with the printed secret) for a scope. */
  appToken(scope: string): Promise<string>;
  appObjectId: string;
  /** Chat completions on the printed AZURE_OPENAI_ENDPOINT and deployment. */
  chat(token: string): Promise<Response>;
  /** `GET <FOUNDRY_PROJECT_ENDPOINT>/assistants` (what @azure/ai-projects' agents list sends). */
  listAgents(token: string, projectEndpoint?: string): Promise<Response>;
  lastLog(): RequestLogEntry | undefined;
  /** Any request, as a client on the printed production URLs sends it. */
  send(url: URL, init: { method: string; headers: Record<string, string>; body?: string }): Promise<Response>;
}

/** A Foundry scenario's world, resolved and served in-process with a frozen clock. */
async function runFoundryScenario(name: string): Promise<FoundryRun> {
  const scenario: Scenario | undefined = FOUNDRY_SCENARIOS[name];
  if (scenario === undefined) throw new Error(`no Foundry scenario ${name}`);
  const clock = createClock({ start: START, now: () => START });
  const doc = validateWorld(structuredClone(scenario.world), name);
  for (const app of doc.applications) app.certificates = [];
  const world = await resolveWorld(doc, { now: clock.now() });
  const app = await createEmulatorApp({
    world,
    clock,
    keys: await createSigningKeyStore(
      world.tenants.map((t) => t.id),
      { now: () => START },
    ),
    urls: { base: BASE, http: HTTP_BASE },
  });
  const ctx = app.context;
  const env = emulatorEnv(world, { urls: ctx.urls, caCertificatePath: "/tmp/ca.pem", now: clock.now() });
  const send = (url: URL, init: { method: string; headers: Record<string, string>; body?: string }) =>
    app.request({
      method: init.method,
      url,
      host: url.host === new URL(BASE).host ? "emulator" : url.host,
      headers: new Headers(init.headers),
      body: init.body ?? "",
      remoteAddress: "127.0.0.1",
      via: "direct",
      secure: true,
    });
  const appObjectId = world.applications.find((a) => a.name === "app")?.objectId ?? "";
  return {
    ctx,
    env,
    appObjectId,
    appToken: async (scope) =>
      accessTokenOf(
        await send(new URL(`/${env.AZURE_TENANT_ID}/oauth2/v2.0/token`, BASE), {
          method: "POST",
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            "client-request-id": CORRELATION_ID,
          },
          body: new URLSearchParams({
            grant_type: "client_credentials",
            client_id: env.AZURE_CLIENT_ID ?? "",
            client_secret: env.AZURE_CLIENT_SECRET ?? "",
            scope,
          }).toString(),
        }),
      ),
    chat: (token) =>
      send(
        new URL(
          `${env.AZURE_OPENAI_ENDPOINT}/openai/deployments/${env.AZURE_OPENAI_DEPLOYMENT}/chat/completions?api-version=${env.OPENAI_API_VERSION}`,
        ),
        {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify(CHAT_BODY),
        },
      ),
    listAgents: (token, projectEndpoint = env.FOUNDRY_PROJECT_ENDPOINT ?? "") =>
      send(new URL(`${projectEndpoint}/assistants`), {
        method: "GET",
        headers: { authorization: `Bearer ${token}` },
      }),
    lastLog: () => ctx.log.entries().at(-1),
    send,
  };
}

async function expectBody(response: Response, status: number, body: string): Promise<void> {
  expect({ status: response.status, body: await response.text() }).toEqual({ status, body });
}

function expectDecision(run: FoundryRun, status: number, code: string, detail: unknown): void {
  const entry = run.lastLog();
  expect({ surface: entry?.surface, status: entry?.status, decision: entry?.decision }).toEqual({
    surface: "data-plane",
    status,
    decision: { outcome: status === 200 ? "allow" : "deny", code, detail },
  });
}

describe("Foundry scenarios", () => {
  it("lists its scenarios under names that are <cause code>.<variant>, each with its cause", () => {
    expect(
      Object.fromEntries(Object.entries(FOUNDRY_SCENARIOS).map(([name, s]) => [name, s.causeCode])),
    ).toEqual({
      "rbac.missing-data-action.responses": "rbac.missing-data-action",
      "token.wrong-audience.ml-scope": "token.wrong-audience",
      "token.wrong-audience.project-cognitive-scope": "token.wrong-audience",
      "rbac.wrong-scope.project-role": "rbac.wrong-scope",
      "rbac.wrong-scope.other-project": "rbac.wrong-scope",
    });
    for (const [name, scenario] of Object.entries(FOUNDRY_SCENARIOS)) {
      expect(name.startsWith(`${scenario.causeCode}.`)).toBe(true);
      expect(scenario.world.description).toBe(`${name}: ${scenario.description}`);
    }
  });

  it("prints the project and model inference endpoints of the Foundry account", async () => {
    const run = await runFoundryScenario("token.wrong-audience.ml-scope");
    expect({
      FOUNDRY_PROJECT_ENDPOINT: run.env.FOUNDRY_PROJECT_ENDPOINT,
      AZURE_INFERENCE_ENDPOINT: run.env.AZURE_INFERENCE_ENDPOINT,
    }).toEqual({
      FOUNDRY_PROJECT_ENDPOINT: "https://contoso-openai.services.ai.azure.com/api/projects/proj",
      AZURE_INFERENCE_ENDPOINT: "https://contoso-openai.services.ai.azure.com/models",
    });
  });

  it("token.wrong-audience.ml-scope: Entra issues the ml.azure.com token, the data plane answers the flat 401", async () => {
    const run = await runFoundryScenario("token.wrong-audience.ml-scope");
    const token = await run.appToken(ML_SCOPE);
    await expectBody(await run.chat(token), 401, flat401("https://cognitiveservices.azure.com"));
    expectDecision(
      run,
      401,
      "token.wrong-audience",
      expect.stringMatching(/^audience: "https:\/\/ml\.azure\.com".*https:\/\/cognitiveservices\.azure\.com/),
    );
    // The project refuses it too, naming its own audience.
    await expectBody(await run.listAgents(token), 401, flat401("https://ai.azure.com"));
    // ModelClient with credentials.scopes = the Cognitive Services scope gets through.
    const right = await run.appToken(COGNITIVE_SCOPE);
    expect((await run.chat(right)).status).toBe(200);
  });

  it("token.wrong-audience.project-cognitive-scope: the project answers the flat 401 naming https://ai.azure.com", async () => {
    const run = await runFoundryScenario("token.wrong-audience.project-cognitive-scope");
    const token = await run.appToken(COGNITIVE_SCOPE);
    await expectBody(await run.listAgents(token), 401, flat401("https://ai.azure.com"));
    expectDecision(
      run,
      401,
      "token.wrong-audience",
      expect.stringMatching(/^audience: "https:\/\/cognitiveservices\.azure\.com".*https:\/\/ai\.azure\.com/),
    );
    // The Foundry scope works: the account-level Azure AI User reaches the project.
    await expectBody(await run.listAgents(await run.appToken(FOUNDRY_SCOPE)), 200, EMPTY_AGENT_LIST);
  });

  it("rbac.missing-data-action.responses: chat and Responses both need a data action a read-only role lacks", async () => {
    const run = await runFoundryScenario("rbac.missing-data-action.responses");
    const token = await run.appToken(COGNITIVE_SCOPE);
    const response = await run.send(new URL(`${run.env.AZURE_OPENAI_ENDPOINT}/openai/v1/responses`), {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ model: run.env.AZURE_OPENAI_DEPLOYMENT, input: "ping" }),
    });
    await expectBody(
      response,
      401,
      permissionDenied(
        run.appObjectId,
        "Microsoft.CognitiveServices/accounts/OpenAI/responses/write",
        "POST /openai/v1/responses",
      ),
    );
    expectDecision(
      run,
      401,
      "rbac.missing-data-action",
      expect.stringMatching(new RegExp(`^principal ${run.appObjectId}`)),
    );
  });

  it("rbac.wrong-scope.project-role: a role on the project does not authorize the account's /openai endpoint", async () => {
    const run = await runFoundryScenario("rbac.wrong-scope.project-role");
    const token = await run.appToken(COGNITIVE_SCOPE);
    await expectBody(
      await run.chat(token),
      401,
      permissionDenied(
        run.appObjectId,
        CHAT_ACTION,
        "POST /openai/deployments/{deployment-id}/chat/completions",
      ),
    );
    expectDecision(
      run,
      401,
      "rbac.wrong-scope",
      expect.stringMatching(
        new RegExp(
          `^principal ${run.appObjectId}: Cognitive Services OpenAI User at /subscriptions/[0-9a-f-]+/resourceGroups/rg-openai/providers/Microsoft\\.CognitiveServices/accounts/contoso-openai/projects/proj \\(assignment [0-9a-f-]+\\) grants data action ${CHAT_ACTION.replaceAll("/", "\\/").replaceAll(".", "\\.")} but does not cover /subscriptions/[0-9a-f-]+/resourceGroups/rg-openai/providers/Microsoft\\.CognitiveServices/accounts/contoso-openai$`,
        ),
      ),
    );
  });

  it("rbac.wrong-scope.other-project: a role on one project does not reach another; on its own project it does", async () => {
    const run = await runFoundryScenario("rbac.wrong-scope.other-project");
    const token = await run.appToken(FOUNDRY_SCOPE);
    await expectBody(
      await run.listAgents(token),
      401,
      permissionDenied(
        run.appObjectId,
        AGENTS_READ,
        "GET /api/projects/{projectName}/assistants",
        FOUNDRY_LINK,
      ),
    );
    expectDecision(
      run,
      401,
      "rbac.wrong-scope",
      expect.stringMatching(
        /Azure AI User at \/subscriptions\/.*\/projects\/proj-eval .* does not cover .*\/projects\/proj$/,
      ),
    );
    const other = (run.env.FOUNDRY_PROJECT_ENDPOINT ?? "").replace(/\/proj$/, "/proj-eval");
    await expectBody(await run.listAgents(token, other), 200, EMPTY_AGENT_LIST);
  });
});
