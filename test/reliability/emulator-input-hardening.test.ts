import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_CLOCK_ADVANCE_MINUTES } from "../../src/emulator/control/control-surface.js";
import { validateWorld } from "../../src/emulator/world/load-world.js";
import {
  CONTROL_TOKEN,
  DATA_HOST,
  type ReliabilityEmulator,
  reliabilityWorld,
  START,
  startReliabilityEmulator,
} from "./reliability-harness.js";

/*
 * Issue 12's defects 2-4, in process: each answered with the exact status and body of the surface's
 * own error shape (Entra AADSTS, control API, data plane, IMDS), never a 500.
 */

const FLAT_401 =
  '{"statusCode": 401, "message": "Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired."}';
const CHAT = "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21";
const EMBEDDINGS = "/openai/deployments/text-embedding-3-small/embeddings?api-version=2024-10-21";
const IMDS =
  "/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://cognitiveservices.azure.com";
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

let emu: ReliabilityEmulator;
let token: string;

beforeAll(async () => {
  emu = await startReliabilityEmulator();
  token = await emu.appToken();
});
afterAll(async () => {
  await emu.close();
});

function entraDescription(body: Record<string, unknown>): string {
  const text = String(body.error_description);
  return text.slice(0, text.indexOf("\r\nTrace ID: "));
}

function post(host: string, target: string, body: unknown, headers: Record<string, string> = {}) {
  return emu.send({
    method: "POST",
    host,
    target,
    headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

describe("issue 12: 500s on plausible input", () => {
  it("invalid percent-encoding in an Entra tenant segment is AADSTS900023", async () => {
    const response = await emu.send({
      method: "POST",
      host: "emulator",
      target: "/%E0%A4%A/oauth2/v2.0/token",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.error).toBe("invalid_request");
    expect(entraDescription(body)).toBe(
      "AADSTS900023: Specified tenant identifier '%E0%A4%A' is neither a valid DNS name, nor a valid external domain.",
    );
  });

  it("invalid percent-encoding in Basic credentials is AADSTS700016 for the id as sent", async () => {
    const tenant = emu.world.tenants[0];
    const response = await emu.send({
      method: "POST",
      host: "emulator",
      target: `/${tenant?.id}/oauth2/v2.0/token`,
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from("%E0%A4%A:%").toString("base64")}`,
      },
      body: "grant_type=client_credentials&scope=https%3A%2F%2Fcognitiveservices.azure.com%2F.default",
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.error).toBe("unauthorized_client");
    expect(entraDescription(body)).toBe(
      `AADSTS700016: Application with identifier '%E0%A4%A' was not found in the directory '${tenant?.id}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    );
  });

  it("invalid percent-encoding in a control API path is the control API's 404", async () => {
    const response = await emu.send({
      method: "DELETE",
      host: "emulator",
      target: "/_keyless/role-assignments/%",
      headers: { authorization: `Bearer ${CONTROL_TOKEN}` },
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: {
        code: "RoleAssignmentNotFound",
        message: 'no role assignment has id "%"; GET /_keyless/world lists them',
      },
    });
  });

  it("a client id pasted with a zero-width space, and a deployment name with CR/LF, leave the headers safe", async () => {
    const response = await post(
      DATA_HOST,
      "/openai/deployments/gpt%0D%0A4o/chat/completions?api-version=2024-10-21",
      {
        messages: [{ role: "user", content: "hi" }],
      },
      { "x-ms-client-request-id": "id\u200b\u201cq\u201d" },
    );
    expect(response.status).toBe(404);
    expect(await response.text()).toBe(
      '{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again."}}',
    );
    for (const value of response.headers.values()) expect(value).toMatch(/^[\t\x20-\x7e\x80-\xff]*$/);
  });

  it("objects where numbers belong in a chat body: Azure's 400 for `n`, `max_tokens`", async () => {
    const messages = [{ role: "user", content: "hi" }];
    const n = await post(DATA_HOST, CHAT, { messages, n: { toString: 0 } });
    expect(n.status).toBe(400);
    expect(await n.text()).toBe(
      '{"error":{"message":"Invalid type for \'n\': expected an integer, but got an object instead.","type":"invalid_request_error","param":"n","code":"invalid_type"}}',
    );
    const max = await post(DATA_HOST, CHAT, { messages, max_tokens: "12" });
    expect(max.status).toBe(400);
    expect(await max.text()).toBe(
      '{"error":{"message":"Invalid type for \'max_tokens\': expected an integer, but got a string instead.","type":"invalid_request_error","param":"max_tokens","code":"invalid_type"}}',
    );
  });

  it("objects and strings as exp/nbf/iat, and an object alg, in a bearer token: the flat 401", async () => {
    const tenantId = emu.world.tenants[0]?.id ?? "";
    for (const [header, claims] of [
      [{ alg: { toString: 0 }, typ: "JWT" }, { iss: `https://sts.windows.net/${tenantId}/` }],
      [
        { alg: "RS256", kid: "a\r\nb" },
        {
          iss: `https://sts.windows.net/${tenantId}/`,
          tid: tenantId,
          exp: { toString: 0 },
          nbf: "0",
          iat: {},
        },
      ],
      [
        { alg: "RS256", kid: "x" },
        { iss: `https://sts.windows.net/${tenantId}/`, tid: { toString: 0 }, aud: [{ toString: 0 }] },
      ],
    ] as const) {
      const response = await post(
        DATA_HOST,
        CHAT,
        { messages: [{ role: "user", content: "hi" }] },
        {
          authorization: `Bearer ${b64(header)}.${b64(claims)}.c2ln`,
        },
      );
      expect(response.status).toBe(401);
      expect(await response.text()).toBe(FLAT_401);
    }
  });

  it("exp/nbf as objects or out of range in a client assertion: AADSTS700024, not a 500", async () => {
    const tenant = emu.world.tenants[0];
    const app = emu.world.applications[0];
    const now = Math.floor(START / 1000);
    for (const claims of [
      { exp: { toString: 0 }, nbf: "0" },
      { exp: now + 600, nbf: 1e300 },
    ]) {
      const assertion = `${b64({ alg: "RS256", kid: "k" })}.${b64({
        iss: "https://kubernetes.default.svc",
        sub: "x",
        aud: "api://AzureADTokenExchange",
        ...claims,
      })}.c2ln`;
      const response = await emu.send({
        method: "POST",
        host: "emulator",
        target: `/${tenant?.id}/oauth2/v2.0/token`,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          client_id: app?.clientId ?? "",
          client_assertion: assertion,
          client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
          scope: "https://cognitiveservices.azure.com/.default",
          grant_type: "client_credentials",
        }).toString(),
      });
      expect(response.status).toBe(401);
      const body = (await response.json()) as Record<string, unknown>;
      expect(body.error_codes).toEqual([700024]);
      expect(entraDescription(body)).toMatch(
        /^AADSTS700024: Client assertion is not within its valid time range\. Current time: 2025-06-02T09:00:00\.0000000Z, /,
      );
    }
  });
});

describe("issue 12: numeric limits", () => {
  it("POST clock/advance refuses 1e12 minutes with a 400 naming the limit, and the emulator keeps answering", async () => {
    const response = await emu.send({
      method: "POST",
      host: "emulator",
      target: "/_keyless/clock/advance",
      headers: { authorization: `Bearer ${CONTROL_TOKEN}`, "content-type": "application/json" },
      body: '{"minutes": 1e12}',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        code: "InvalidField",
        field: "minutes",
        message: `minutes: must be at most ${MAX_CLOCK_ADVANCE_MINUTES} (ten years) per call, not the number 1000000000000`,
      },
    });
    expect(emu.app.context.clock.now()).toBe(START);
    const chat = await post(DATA_HOST, CHAT, { messages: [{ role: "user", content: "hi" }] });
    expect(chat.status).toBe(200);
  });

  it("a world with rbacPropagationMinutes 1e300 (and other huge durations and counts) is refused", () => {
    const world = reliabilityWorld();
    world.rbacPropagationMinutes = 1e300;
    const deployment = world.accounts?.[0]?.deployments?.[0];
    if (deployment !== undefined) deployment.rpm = 1e12;
    const assignment = world.roleAssignments?.[0];
    if (assignment !== undefined) assignment.createdMinutesAgo = 1e300;
    world.faults = [{ target: "imds", status: 503, times: 1e15 }];
    expect(() => validateWorld(world, "huge.yaml")).toThrowError(
      [
        'world file "huge.yaml" is invalid:',
        "  - rbacPropagationMinutes: must be <= 5256000",
        "  - accounts[0].deployments[0].rpm: must be <= 1000000000",
        "  - roleAssignments[0].createdMinutesAgo: must be <= 5256000",
        "  - faults[0].times: must be <= 1000000000",
        "Fix the fields above and load the world again (docs/world.md describes every field).",
      ].join("\n"),
    );
  });

  it("embeddings `dimensions` above the model's own (6,000,000) is Azure's 400, before any vector is built", async () => {
    const response = await post(DATA_HOST, EMBEDDINGS, { input: "hello", dimensions: 6_000_000 });
    expect(response.status).toBe(400);
    expect(await response.text()).toBe(
      '{"error":{"message":"Invalid \'dimensions\': integer above maximum value. Expected a value <= 1536, but got 6000000 instead.","type":"invalid_request_error","param":"dimensions","code":"integer_above_max_value"}}',
    );
  });

  it("`n` above 128 or below 1, `max_tokens` above 100000: Azure's 400 bodies", async () => {
    const messages = [{ role: "user", content: "hi" }];
    const cases = [
      [
        { n: 129 },
        '{"error":{"message":"Invalid \'n\': integer above maximum value. Expected a value <= 128, but got 129 instead.","type":"invalid_request_error","param":"n","code":"integer_above_max_value"}}',
      ],
      [
        { n: 0 },
        '{"error":{"message":"Invalid \'n\': integer below minimum value. Expected a value >= 1, but got 0 instead.","type":"invalid_request_error","param":"n","code":"integer_below_min_value"}}',
      ],
      [
        { max_tokens: 1e12 },
        '{"error":{"message":"max_tokens is too large: 1000000000000. This model supports at most 100000 completion tokens, whereas you provided 1000000000000.","type":"invalid_request_error","param":"max_tokens","code":"invalid_value"}}',
      ],
    ] as const;
    for (const [fields, expected] of cases) {
      const response = await post(DATA_HOST, CHAT, { messages, ...fields });
      expect(response.status).toBe(400);
      expect(await response.text()).toBe(expected);
    }
  });
});

describe("issue 12: IMDS and the managed identity endpoints check Host", () => {
  it("refuses a rebound Host name with IMDS's 400 and hands out no token", async () => {
    for (const host of ["evil.example", "evil.example:8080", "169.254.169.254.evil.example"]) {
      const response = await emu.send({
        method: "GET",
        host: "emulator",
        target: IMDS,
        headers: { metadata: "true", host },
        secure: false,
      });
      expect(response.status).toBe(400);
      expect(await response.text()).toBe(
        `{"error":"invalid_request","error_description":"Host header '${host}' is not this endpoint's address."}`,
      );
      expect(emu.lastLog()?.decision).toMatchObject({ outcome: "deny", code: "invalid-request" });
    }
    const arc = await emu.send({
      method: "GET",
      host: "emulator",
      target:
        "/arc/metadata/identity/oauth2/token?api-version=2019-11-01&resource=https://management.azure.com",
      headers: { metadata: "true", host: "evil.example" },
      secure: false,
    });
    expect(arc.status).toBe(400);
  });

  it("answers at 169.254.169.254 (proxy mode), the emulator's own address and localhost (direct mode)", async () => {
    for (const [virtualHost, host] of [
      ["169.254.169.254", "169.254.169.254"],
      ["emulator", "127.0.0.1:8080"],
      ["emulator", "localhost:8080"],
      ["emulator", "[::1]:8080"],
    ] as const) {
      const response = await emu.send({
        method: "GET",
        host: virtualHost,
        target: IMDS,
        headers: { metadata: "true", host },
        secure: false,
        via: virtualHost === "emulator" ? "direct" : "proxy",
      });
      expect(response.status).toBe(200);
    }
  });
});
