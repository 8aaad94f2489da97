import {
  type CryptoKey,
  decodeJwt,
  exportSPKI,
  generateKeyPair,
  importJWK,
  type JWTPayload,
  SignJWT,
} from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import type { DecisionCode, RequestDecision } from "../../../src/emulator/app/request-decision.js";
import {
  CHAT_BODY,
  CHAT_PATH,
  type ChatBody,
  COGNITIVE,
  createHarness,
  type Harness,
  headersOf,
  jsonOf,
  KEY_ONE,
  type TestRequest,
} from "./harness.js";
import { dataPlaneWorld } from "./test-world.js";

// Bodies are copied by hand from reference/error-bodies.md (and the sources cited in error-bodies.ts).
const FLAT_401 =
  '{"statusCode": 401, "message": "Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired."}';
const INVALID_KEY =
  '{"error":{"code":"401","message":"Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource."}}';
const KEY_DISABLED =
  '{"error":{"code":"AuthenticationTypeDisabled","message": "Key based authentication is disabled for this resource."}}';
const CUSTOM_SUBDOMAIN =
  '{"error":{"code":"BadRequest","message":"Please provide a custom subdomain for token authentication, otherwise API key is required."}}';
const FIREWALL = '{"error":{"code":"403","message": "Access denied due to Virtual Network/Firewall rules."}}';
const VNET =
  '{"code":"403","message":"A Virtual Network is configured for this resource. Please use the correct endpoint for making requests. Check https://aka.ms/cogsvc-vnet for more details."}';
const PUBLIC_DISABLED =
  '{"error":{"code":"403","message":"Public access is disabled. Please configure private endpoint."}}';
const PE_ONLY = '{"error":{"code":"403","message":"Traffic is not from an approved private endpoint"}}';
const DEPLOYMENT_NOT_FOUND =
  '{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again."}}';
const RESOURCE_NOT_FOUND = '{"error":{"code":"404","message": "Resource not found"}}';
const INVALID_JSON =
  '{"error":{"message":"We could not parse the JSON body of your request. (HINT: This likely means you aren\'t using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)","type":"invalid_request_error","param":null,"code":null}}';
const CHAT_ACTION = "Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action";

function permissionDenied(oid: string, action: string, operation: string, suffix = ""): string {
  return `{"error":{"code":"PermissionDenied","message":"The principal ${oid} lacks the required data action ${action} to perform ${operation} operation.${suffix}"}}`;
}

function notSupported(operation: string, model: string): string {
  return `{"error":{"code":"OperationNotSupported","message":"The ${operation} operation does not work with the specified model, ${model}. Please choose different model and try again. You can learn more about which models can be used with each operation here: https://go.microsoft.com/fwlink/?linkid=2197993."}}`;
}

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** Status, exact body bytes and exact headers (the request id is random but must be in both id headers). */
async function expectRefusal(
  response: Response,
  status: number,
  body: string,
  extra: Record<string, string> = {},
  region = "East US",
): Promise<void> {
  const headers = headersOf(response);
  const id = headers["apim-request-id"];
  expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(headers).toEqual({
    "apim-request-id": id,
    "content-type": "application/json",
    "x-ms-region": region,
    "x-request-id": id,
    ...extra,
  });
  expect(response.status).toBe(status);
  expect(await response.text()).toBe(body);
}

function lastDecision(h: Harness): RequestDecision | undefined {
  return h.ctx.log.entries().at(-1)?.decision;
}

describe("data-plane refusals (verbatim status, body and headers)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dataPlaneWorld());
  });
  const chat = (headers: Record<string, string>, extra: Partial<TestRequest> = {}) =>
    h.send({ path: CHAT_PATH, headers, body: CHAT_BODY, ...extra });

  describe("credentials", () => {
    it("no credential: flat 401", async () => {
      await expectRefusal(await chat({}), 401, FLAT_401);
      expect(lastDecision(h)).toEqual({
        outcome: "deny",
        code: "no-credentials",
        detail: "no api-key or Authorization header",
      });
    });

    it("a non-Bearer Authorization header: flat 401", async () => {
      await expectRefusal(await chat({ authorization: "Basic dXNlcjpwYXNz" }), 401, FLAT_401);
    });

    it("the API key sent as a Bearer token: flat 401, logged without the key", async () => {
      await expectRefusal(await chat({ authorization: `Bearer ${KEY_ONE}` }), 401, FLAT_401);
      expect(lastDecision(h)).toEqual({
        outcome: "deny",
        code: "key.sent-as-bearer",
        detail: "the account's API key was sent in the Authorization header instead of api-key",
      });
      expect(JSON.stringify(h.ctx.log.entries())).not.toContain(KEY_ONE);
    });

    it("a wrong api-key: 401 invalid subscription key", async () => {
      await expectRefusal(await chat({ "api-key": "not-the-key" }), 401, INVALID_KEY);
      expect(lastDecision(h)).toEqual({
        outcome: "deny",
        code: "key.invalid",
        detail: "not a key of account contoso-openai",
      });
    });

    it("a token in the api-key header: 401 invalid subscription key", async () => {
      await expectRefusal(await chat({ "api-key": await h.token("app") }), 401, INVALID_KEY);
      expect(lastDecision(h)).toEqual({
        outcome: "deny",
        code: "token.in-api-key-header",
        detail: expect.any(String),
      });
      expect(JSON.stringify(h.ctx.log.entries())).not.toMatch(/eyJ[A-Za-z0-9_-]{20,}/);
    });

    it("api-key on an account with disableLocalAuth: 403 AuthenticationTypeDisabled", async () => {
      await expectRefusal(
        await chat({ "api-key": KEY_ONE }, { host: "keyless.openai.azure.com" }),
        403,
        KEY_DISABLED,
      );
    });

    it("a token works on the keyless account", async () => {
      const response = await chat(
        { authorization: `Bearer ${await h.token("app")}` },
        { host: "keyless.openai.azure.com" },
      );
      expect(response.status).toBe(200);
    });

    it("a Bearer token on a regional endpoint: 400 custom subdomain; the key works there", async () => {
      const regional = { host: "westeurope.api.cognitive.microsoft.com" };
      await expectRefusal(
        await chat({ authorization: `Bearer ${await h.token("app")}` }, regional),
        400,
        CUSTOM_SUBDOMAIN,
        {},
        "West Europe",
      );
      expect(lastDecision(h)).toEqual({
        outcome: "deny",
        code: "endpoint.regional-no-subdomain",
        detail: "an Entra ID token was sent to the regional endpoint westeurope.api.cognitive.microsoft.com",
      });
      expect((await chat({ "api-key": KEY_ONE }, regional)).status).toBe(200);
    });

    it("a token from another tenant: 400 tenant mismatch", async () => {
      const foreign = h.principal("foreign-app");
      await expectRefusal(
        await chat({ authorization: `Bearer ${await h.token("foreign-app")}` }),
        400,
        `{"error":{"code":"Tenant provided in token does not match resource token","message":"Token tenant ${foreign.tenantId} does not match resource tenant."}}`,
      );
    });

    it("a management.azure.com token: flat 401 naming the cognitiveservices audience", async () => {
      await expectRefusal(
        await chat({ authorization: `Bearer ${await h.token("app", "https://management.azure.com/")}` }),
        401,
        FLAT_401,
      );
      expect(lastDecision(h)).toEqual({
        outcome: "deny",
        code: "token.wrong-audience",
        detail: expect.stringMatching(/^audience: "https:\/\/management\.azure\.com\/"/),
      });
    });

    it("a public-audience token on a US Government account: flat 401 naming the .us audience", async () => {
      const host = { host: "gov-openai.openai.azure.us" };
      await expectRefusal(
        await chat({ authorization: `Bearer ${await h.token("gov-app", COGNITIVE)}` }, host),
        401,
        FLAT_401.replace("https://cognitiveservices.azure.com", "https://cognitiveservices.azure.us"),
        {},
        "USGov Virginia",
      );
      const ok = await chat(
        { authorization: `Bearer ${await h.token("gov-app", "https://cognitiveservices.azure.us")}` },
        host,
      );
      expect(ok.status).toBe(200);
    });
  });

  describe("JWT attack suite: every forged or unusable token gets the flat 401", () => {
    let claims: JWTPayload;
    let tenantId: string;
    let good: string;
    beforeAll(async () => {
      good = await h.token("app");
      claims = decodeJwt(good);
      tenantId = h.principal("app").tenantId;
    });
    const now = () => Math.floor(h.ctx.clock.now() / 1000);

    const attacks: [string, () => Promise<string>][] = [
      ["alg none", async () => `${b64({ alg: "none", typ: "JWT" })}.${b64(claims)}.`],
      [
        "HS256 signed with the public key",
        async () => {
          const jwk = h.ctx.keys.jwks(tenantId).keys[0] as { kid: string; n: string; e: string };
          const publicKey = (await importJWK({ kty: "RSA", n: jwk.n, e: jwk.e }, "RS256")) as CryptoKey;
          const pem = await exportSPKI(publicKey);
          return new SignJWT(claims)
            .setProtectedHeader({ alg: "HS256", kid: jwk.kid })
            .sign(new TextEncoder().encode(pem));
        },
      ],
      [
        "unknown kid",
        async () => {
          const { privateKey } = await generateKeyPair("RS256");
          return new SignJWT(claims)
            .setProtectedHeader({ alg: "RS256", kid: "not-published" })
            .sign(privateKey);
        },
      ],
      ["another tenant's key", async () => h.ctx.keys.sign(h.principal("foreign-app").tenantId, claims)],
      [
        "tampered payload",
        async () => {
          const [header, , signature] = good.split(".");
          return `${header}.${b64({ ...claims, exp: now() + 86_400 })}.${signature}`;
        },
      ],
      ["expired", async () => h.ctx.keys.sign(tenantId, { ...claims, exp: now() - 3600 })],
      ["not yet valid", async () => h.ctx.keys.sign(tenantId, { ...claims, nbf: now() + 3600 })],
      [
        "missing exp",
        async () => {
          const { exp: _exp, ...rest } = claims;
          return h.ctx.keys.sign(tenantId, rest);
        },
      ],
      ["wrong audience", async () => h.token("app", "https://graph.microsoft.com")],
      ["management audience", async () => h.token("app", "https://management.azure.com")],
    ];

    // Each forgery, and the code the request log gives it.
    const codes: Readonly<Record<string, DecisionCode>> = {
      "alg none": "invalid-credentials",
      "HS256 signed with the public key": "invalid-credentials",
      "unknown kid": "invalid-credentials",
      "another tenant's key": "invalid-credentials",
      "tampered payload": "invalid-credentials",
      expired: "token.expired",
      "not yet valid": "token.expired",
      "missing exp": "token.expired",
      "wrong audience": "token.wrong-audience",
      "management audience": "token.wrong-audience",
    };
    for (const [name, forge] of attacks) {
      it(name, async () => {
        await expectRefusal(await chat({ authorization: `Bearer ${await forge()}` }), 401, FLAT_401);
        expect(lastDecision(h)).toEqual({ outcome: "deny", code: codes[name], detail: expect.any(String) });
      });
    }

    it("the untampered token passes (the suite is not refusing everything)", async () => {
      expect((await chat({ authorization: `Bearer ${good}` })).status).toBe(200);
    });
  });

  describe("RBAC", () => {
    it("control-plane-only role: 401 PermissionDenied naming the chat action (seed-000)", async () => {
      const oid = h.principal("contributor-app").objectId;
      await expectRefusal(
        await chat({ authorization: `Bearer ${await h.token("contributor-app")}` }),
        401,
        permissionDenied(oid, CHAT_ACTION, "POST /openai/deployments/{deployment-id}/chat/completions"),
      );
      expect(lastDecision(h)).toEqual({
        outcome: "deny",
        code: "rbac.control-plane-role-only",
        detail: expect.stringMatching(/^principal /),
      });
    });

    it("names the embeddings action and template, and the v1 template", async () => {
      const oid = h.principal("contributor-app").objectId;
      const authorization = `Bearer ${await h.token("contributor-app")}`;
      await expectRefusal(
        await h.send({
          path: "/openai/deployments/emb/embeddings?api-version=2024-10-21",
          headers: { authorization },
          body: { input: "x" },
        }),
        401,
        permissionDenied(
          oid,
          "Microsoft.CognitiveServices/accounts/OpenAI/deployments/embeddings/action",
          "POST /openai/deployments/{deployment-id}/embeddings",
        ),
      );
      await expectRefusal(
        await h.send({
          path: "/openai/v1/chat/completions",
          headers: { authorization },
          body: { ...CHAT_BODY, model: "gpt-4o" },
        }),
        401,
        permissionDenied(oid, CHAT_ACTION, "POST /openai/v1/chat/completions"),
      );
    });

    it("an assignment on another account: PermissionDenied, logged as wrong scope", async () => {
      const oid = h.principal("fresh-app").objectId;
      await expectRefusal(
        await chat(
          { authorization: `Bearer ${await h.token("fresh-app")}` },
          { host: "other-openai.openai.azure.com" },
        ),
        401,
        permissionDenied(oid, CHAT_ACTION, "POST /openai/deployments/{deployment-id}/chat/completions"),
      );
      expect(lastDecision(h)).toEqual({
        outcome: "deny",
        code: "rbac.wrong-scope",
        detail: expect.any(String),
      });
    });

    it("a new assignment: PermissionDenied until it propagated, then allowed", async () => {
      const own = await createHarness(dataPlaneWorld());
      const authorization = `Bearer ${await own.token("fresh-app")}`;
      const first = await own.send({ path: CHAT_PATH, headers: { authorization }, body: CHAT_BODY });
      await expectRefusal(
        first,
        401,
        permissionDenied(
          own.principal("fresh-app").objectId,
          CHAT_ACTION,
          "POST /openai/deployments/{deployment-id}/chat/completions",
        ),
      );
      expect(own.ctx.log.entries().at(-1)?.decision).toEqual({
        outcome: "deny",
        code: "rbac.propagation-pending",
        detail: expect.stringMatching(/^.* takes effect in 240 s$/),
      });
      own.ctx.clock.advance(4 * 60_000);
      expect((await own.send({ path: CHAT_PATH, headers: { authorization }, body: CHAT_BODY })).status).toBe(
        200,
      );
    });
  });

  describe("network rules come before credentials", () => {
    it("public network access disabled", async () => {
      await expectRefusal(
        await chat({ "api-key": KEY_ONE }, { host: "private.openai.azure.com" }),
        403,
        PUBLIC_DISABLED,
      );
    });

    it("private endpoint only", async () => {
      await expectRefusal(await chat({}, { host: "pe-only.openai.azure.com" }), 403, PE_ONLY);
    });

    it("VNet-configured account on its regional endpoint; its subdomain works", async () => {
      await expectRefusal(
        await chat({ "api-key": KEY_ONE }, { host: "swedencentral.api.cognitive.microsoft.com" }),
        403,
        VNET,
        {},
        "Sweden Central",
      );
      expect((await chat({ "api-key": KEY_ONE }, { host: "vnet.openai.azure.com" })).status).toBe(200);
    });

    it("IP firewall: 403 with policy-id for an address outside ipRules, pass inside", async () => {
      await expectRefusal(
        await chat({ "api-key": KEY_ONE }, { host: "firewalled.openai.azure.com" }),
        403,
        FIREWALL,
        {
          "policy-id": "ThrowExceptionDueToTrafficDenied",
        },
      );
      expect(lastDecision(h)).toEqual({
        outcome: "deny",
        code: "network.firewall",
        detail: "127.0.0.1 is not in the ip rules of account firewalled",
      });
      const inside = await chat(
        { "api-key": KEY_ONE },
        { host: "firewalled.openai.azure.com", remoteAddress: "::ffff:10.9.8.7" },
      );
      expect(inside.status).toBe(200);
    });
  });

  describe("routing, deployments and bodies", () => {
    it("deployments form without api-version: 404 Resource not found", async () => {
      await expectRefusal(
        await h.send({
          path: "/openai/deployments/gpt-4o/chat/completions",
          headers: { "api-key": KEY_ONE },
          body: CHAT_BODY,
        }),
        404,
        RESOURCE_NOT_FOUND,
      );
      expect(lastDecision(h)).toEqual({
        outcome: "deny",
        code: "resource.api-version",
        detail: "missing api-version query parameter",
      });
    });

    it("an unknown path: 404 Resource not found", async () => {
      await expectRefusal(
        await h.send({ path: "/openai/v1/videos", headers: { "api-key": KEY_ONE }, body: {} }),
        404,
        RESOURCE_NOT_FOUND,
      );
    });

    it("an unknown deployment: 404 DeploymentNotFound, also on v1", async () => {
      await expectRefusal(
        await h.send({
          path: "/openai/deployments/gpt-4/chat/completions?api-version=2024-10-21",
          headers: { "api-key": KEY_ONE },
          body: CHAT_BODY,
        }),
        404,
        DEPLOYMENT_NOT_FOUND,
      );
      await expectRefusal(
        await h.send({
          path: "/openai/v1/chat/completions",
          headers: { "api-key": KEY_ONE },
          body: { ...CHAT_BODY, model: "gpt-4" },
        }),
        404,
        DEPLOYMENT_NOT_FOUND,
      );
    });

    it("a deployment under 5 minutes old: 404 DeploymentNotFound until it is ready", async () => {
      const own = await createHarness(dataPlaneWorld());
      const spec = {
        path: "/openai/deployments/fresh/chat/completions?api-version=2024-10-21",
        headers: { "api-key": KEY_ONE },
        body: CHAT_BODY,
      };
      await expectRefusal(await own.send(spec), 404, DEPLOYMENT_NOT_FOUND);
      expect(own.ctx.log.entries().at(-1)?.decision).toEqual({
        outcome: "deny",
        code: "resource.deployment-not-found",
        detail: 'deployment "fresh" of account contoso-openai is ready in 180 s',
      });
      own.ctx.clock.advance(3 * 60_000);
      expect((await own.send(spec)).status).toBe(200);
    });

    it("an operation the model does not serve: 400 OperationNotSupported", async () => {
      const key = { "api-key": KEY_ONE };
      await expectRefusal(
        await h.send({
          path: "/openai/deployments/gpt-4o/embeddings?api-version=2024-10-21",
          headers: key,
          body: { input: "x" },
        }),
        400,
        notSupported("embeddings", "gpt-4o"),
        { "x-ms-deployment-name": "gpt-4o" },
      );
      await expectRefusal(
        await h.send({
          path: "/openai/deployments/emb/chat/completions?api-version=2024-10-21",
          headers: key,
          body: CHAT_BODY,
        }),
        400,
        notSupported("chatCompletion", "text-embedding-3-small"),
        { "x-ms-deployment-name": "emb" },
      );
      await expectRefusal(
        await h.send({
          path: "/openai/deployments/gpt-4o/completions?api-version=2024-10-21",
          headers: key,
          body: { prompt: "x" },
        }),
        400,
        notSupported("completion", "gpt-4o"),
        { "x-ms-deployment-name": "gpt-4o" },
      );
    });

    it("a body that is not JSON: 400", async () => {
      await expectRefusal(
        await h.send({ path: CHAT_PATH, headers: { "api-key": KEY_ONE }, body: "{not json" }),
        400,
        INVALID_JSON,
        { "x-ms-deployment-name": "gpt-4o" },
      );
    });

    it("a chat body without messages: 400 invalid_request_error", async () => {
      await expectRefusal(
        await h.send({ path: CHAT_PATH, headers: { "api-key": KEY_ONE }, body: {} }),
        400,
        `{"error":{"message":"'messages' is a required property","type":"invalid_request_error","param":"messages","code":null}}`,
        { "x-ms-deployment-name": "gpt-4o" },
      );
    });
  });

  describe("rate limits", () => {
    it("RPM: the third call in a minute gets 429 call rate limit with retry-after", async () => {
      const own = await createHarness(dataPlaneWorld());
      const spec = {
        path: "/openai/deployments/rpm2/chat/completions?api-version=2024-10-21",
        headers: { "api-key": KEY_ONE },
        body: CHAT_BODY,
      };
      const first = await own.send(spec);
      expect(first.headers.get("x-ratelimit-remaining-requests")).toBe("1");
      expect((await own.send(spec)).headers.get("x-ratelimit-remaining-requests")).toBe("0");
      await expectRefusal(
        await own.send(spec),
        429,
        '{"error":{"code":"429","message":"Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded call rate limit of your current OpenAI S0 pricing tier. Please retry after 60 seconds. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit."}}',
        { "retry-after": "60", "x-ms-deployment-name": "rpm2", "x-ratelimit-remaining-requests": "0" },
      );
      own.ctx.clock.advance(60_000);
      expect((await own.send(spec)).status).toBe(200);
    });

    it("TPM: a call whose tokens do not fit gets 429 token rate limit", async () => {
      const own = await createHarness(dataPlaneWorld());
      const spec = {
        path: "/openai/deployments/tpm40/chat/completions?api-version=2024-10-21",
        headers: { "api-key": KEY_ONE },
        body: CHAT_BODY,
      };
      const first = await own.send(spec);
      expect((await jsonOf<ChatBody>(first)).usage.total_tokens).toBe(24);
      expect(first.headers.get("x-ratelimit-remaining-tokens")).toBe("16");
      own.ctx.clock.advance(20_000);
      await expectRefusal(
        await own.send(spec),
        429,
        '{"error":{"code":"429","message":"Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after 40 seconds. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit."}}',
        { "retry-after": "40", "x-ms-deployment-name": "tpm40", "x-ratelimit-remaining-tokens": "16" },
      );
    });

    it("AIServices accounts say AIServices S0, and the v1 API names version v1", async () => {
      const own = await createHarness(dataPlaneWorld());
      const spec = {
        host: "foundry.openai.azure.com",
        path: "/openai/v1/embeddings",
        headers: { "api-key": KEY_ONE },
        body: { input: "x", model: "gpt-4o" },
      };
      const chatSpec = {
        ...spec,
        path: "/openai/v1/chat/completions",
        body: { ...CHAT_BODY, model: "gpt-4o" },
      };
      expect((await own.send(chatSpec)).status).toBe(200);
      const limited = await own.send(chatSpec);
      expect(limited.status).toBe(429);
      expect(await limited.text()).toContain(
        "Requests to the ChatCompletions_Create Operation under Azure OpenAI API version v1 have exceeded call rate limit of your current AIServices S0 pricing tier. Please retry after 60 seconds.",
      );
    });
  });

  describe("Foundry project API", () => {
    const host = "foundry.services.ai.azure.com";
    const path = "/api/projects/p1/assistants";

    it("a cognitiveservices token: flat 401 naming https://ai.azure.com", async () => {
      await expectRefusal(
        await h.send({
          method: "GET",
          host,
          path,
          headers: { authorization: `Bearer ${await h.token("foundry-app")}` },
        }),
        401,
        FLAT_401.replace("https://cognitiveservices.azure.com", "https://ai.azure.com"),
      );
    });

    it("an ai.azure.com token with Azure AI User lists agents", async () => {
      const response = await h.send({
        method: "GET",
        host,
        path,
        headers: { authorization: `Bearer ${await h.token("foundry-app", "https://ai.azure.com")}` },
      });
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(
        '{"data":[],"first_id":null,"has_more":false,"last_id":null,"object":"list"}',
      );
    });

    it("Cognitive Services OpenAI User lacks the agents action: PermissionDenied with the Foundry link", async () => {
      await expectRefusal(
        await h.send({
          method: "GET",
          host,
          path,
          headers: { authorization: `Bearer ${await h.token("app", "https://ai.azure.com")}` },
        }),
        401,
        permissionDenied(
          h.principal("app").objectId,
          "Microsoft.CognitiveServices/accounts/AIServices/agents/read",
          "GET /api/projects/{projectName}/assistants",
          " For instructions on granting the necessary permissions, see https://aka.ms/FoundryPermissions.",
        ),
      );
    });
  });

  describe("faults and the request log", () => {
    it("an injected fault answers once with its status, headers and a wrapped body", async () => {
      const own = await createHarness(dataPlaneWorld());
      own.ctx.world.faults.push({
        id: "f1",
        target: "data-plane",
        status: 503,
        remaining: 1,
        headers: { "retry-after": "3" },
      });
      await expectRefusal(
        await own.send({ path: CHAT_PATH, headers: { "api-key": KEY_ONE }, body: CHAT_BODY }),
        503,
        '{"error":{"code":"503","message":"The keyless emulator injected HTTP 503 (fault f1)."}}',
        { "retry-after": "3" },
      );
      expect(
        (await own.send({ path: CHAT_PATH, headers: { "api-key": KEY_ONE }, body: CHAT_BODY })).status,
      ).toBe(200);
    });

    it("logs every request with its decision and never a credential", async () => {
      const own = await createHarness(dataPlaneWorld());
      const token = await own.token("app");
      await own.send({ path: CHAT_PATH, headers: { authorization: `Bearer ${token}` }, body: CHAT_BODY });
      const entry = own.ctx.log.entries().at(-1);
      expect(entry).toMatchObject({
        surface: "data-plane",
        method: "POST",
        host: "contoso-openai.openai.azure.com",
        path: CHAT_PATH,
        status: 200,
      });
      expect(entry?.decision).toEqual({
        outcome: "allow",
        code: "ok",
        detail: expect.stringMatching(
          /^principal [0-9a-f-]{36} is granted data action Microsoft\.CognitiveServices\/accounts\/OpenAI\/deployments\/chat\/completions\/action by Cognitive Services OpenAI User at \/subscriptions\/[0-9a-f-]{36} \(assignment [0-9a-f-]{36}\); chat on "gpt-4o" \(24 tokens\)$/,
        ),
      });
      expect(JSON.stringify(own.ctx.log.entries())).not.toContain(token.split(".")[2]);
    });
  });
});
