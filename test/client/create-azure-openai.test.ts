import { ClientSecretCredential } from "@azure/identity";
import type { OpenAI } from "openai";
import { Agent } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createAzureOpenAI } from "../../src/client/create-azure-openai.js";
import { diagnoseFurther } from "../../src/client/diagnose-further.js";
import { KeylessAuthError, KeylessConfigError } from "../../src/client/keyless-errors.js";
import { createTokenProvider } from "../../src/client/token-provider.js";
import { createDoctorNetwork } from "../../src/diagnose/doctor-network.js";
import { createClock } from "../../src/emulator/app/clock.js";
import { type RunningEmulator, startEmulator } from "../../src/emulator/start-emulator.js";

/** Real time, whatever Date says. */
const realNow = () => performance.timeOrigin + performance.now();

// The library against the emulator in process, configured only from the printed environment:
// a real ClientSecretCredential (its HTTP client trusts the emulator's CA, as NODE_EXTRA_CA_CERTS
// would in an app), the real openai client, the emulator's proxy mode. Time passes for everyone at
// once: the emulator's clock runs on the real time source and is advanced through the control API,
// and this process's Date (MSAL's cache, the token provider) is moved forward by as much, as a
// machine whose clock agrees with Entra's sees it.

function credentialFor(emulator: RunningEmulator): ClientSecretCredential {
  const env = emulator.env;
  const network = createDoctorNetwork({ env, ca: [emulator.ca] });
  return new ClientSecretCredential(
    env.AZURE_TENANT_ID ?? "",
    env.AZURE_CLIENT_ID ?? "",
    env.AZURE_CLIENT_SECRET ?? "",
    {
      authorityHost: env.AZURE_AUTHORITY_HOST,
      httpClient: network.httpClient,
    },
  );
}

function clientFor(emulator: RunningEmulator, extra: { maxRetries?: number } = {}): OpenAI {
  return createAzureOpenAI({
    env: emulator.env,
    ca: [emulator.ca],
    credential: credentialFor(emulator),
    deployment: emulator.env.AZURE_OPENAI_DEPLOYMENT,
    ...extra,
  });
}

async function control(
  emulator: RunningEmulator,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const dispatcher = new Agent({ connect: { ca: emulator.ca } });
  try {
    const response = await fetch(`${emulator.control.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${emulator.control.token}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      dispatcher,
    } as RequestInit);
    expect(response.status).toBeLessThan(300);
    return await response.json();
  } finally {
    await dispatcher.close();
  }
}

/** Token requests Entra answered, by the emulator's request log. */
function tokenRequests(emulator: RunningEmulator): number {
  return emulator.context.log
    .entries()
    .filter((e) => e.surface === "entra" && e.method === "POST" && /\/oauth2\/v2\.0\/token/.test(e.path))
    .length;
}

function dataPlane(emulator: RunningEmulator) {
  return emulator.context.log.entries().filter((e) => e.surface === "data-plane");
}

const MESSAGES = [{ role: "user" as const, content: "Hello" }];

describe("createAzureOpenAI and createTokenProvider on the emulator", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ scenario: "default", port: 0, clock: createClock({ now: realNow }) });
  }, 60_000);
  afterAll(async () => {
    await emulator?.close();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Moves the emulator's clock (control API) and this process's Date forward by `minutes`. */
  async function timePasses(minutes: number): Promise<void> {
    await control(emulator, "POST", "/clock/advance", { minutes });
    vi.setSystemTime(new Date(Date.now() + minutes * 60_000));
  }

  it("across five token lifetimes (clock advanced through the control API), inside retries and streams, never sends an expired token", async () => {
    vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
    const client = clientFor(emulator);
    const lifetimeMinutes = emulator.world.tokenLifetimeMs / 60_000;
    const before = dataPlane(emulator).length;
    const tokensBefore = tokenRequests(emulator);
    for (let step = 0; step < 12; step++) {
      if (step % 3 === 1) {
        // openai retries a 429 after Retry-After; the retry asks the provider again.
        await control(emulator, "POST", "/faults", {
          target: "data-plane",
          status: 429,
          times: 1,
          headers: { "retry-after-ms": "1" },
        });
      }
      if (step % 2 === 0) {
        const completion = await client.chat.completions.create({ model: "gpt-4o", messages: MESSAGES });
        expect(completion.choices[0]?.message.content).toContain("You said");
      } else {
        const stream = await client.chat.completions.create({
          model: "gpt-4o",
          messages: MESSAGES,
          stream: true,
        });
        let text = "";
        for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
        expect(text).toContain("You said");
      }
      await timePasses((lifetimeMinutes * 5) / 12);
    }
    const calls = dataPlane(emulator).slice(before);
    // 12 calls plus 4 retried 429s; every token the service saw was valid.
    expect(calls.map((c) => c.decision.code).filter((code) => code !== "ok" && code !== "injected")).toEqual(
      [],
    );
    expect(calls.filter((c) => c.decision.code === "injected")).toHaveLength(4);
    expect(calls.filter((c) => c.status === 200)).toHaveLength(12);
    // Calls from minute 0 to 11 x 5/12 lifetimes: four tokens are the fewest that cover them (each
    // lives one lifetime); one per call would be 12.
    const issued = tokenRequests(emulator) - tokensBefore;
    expect(issued).toBeGreaterThanOrEqual(4);
    expect(issued).toBeLessThanOrEqual(6);
  }, 120_000);

  it("1,000 concurrent first calls cause exactly one token request", async () => {
    const provider = createTokenProvider({
      endpoint: emulator.env.AZURE_OPENAI_ENDPOINT,
      credential: credentialFor(emulator),
    });
    const before = tokenRequests(emulator);
    const tokens = await Promise.all(Array.from({ length: 1000 }, () => provider()));
    expect(tokenRequests(emulator) - before).toBe(1);
    expect(new Set(tokens).size).toBe(1);
    expect(provider.acquisitions).toBe(1);
    expect(provider.scope).toBe("https://cognitiveservices.azure.com/.default");
    expect(provider.lastClaims?.aud).toBe("https://cognitiveservices.azure.com");
    expect(JSON.stringify(provider.lastClaims)).not.toContain(tokens[0]);
  }, 60_000);
});

describe("refusals arrive as KeylessAuthError with the cause", () => {
  // The body (and the sent token's claims) decide the cause; no network call is made. The RBAC
  // causes that only role assignments tell apart (a control-plane role, a role at another scope,
  // propagation) share Azure's PermissionDenied body: the error names the missing data action, and
  // diagnoseFurther (the doctor, which reads ARM) names the scenario's own cause.
  const cases: [scenario: string, status: number, code: string, further: string][] = [
    ["rbac.missing-data-action", 401, "rbac.missing-data-action", "rbac.missing-data-action"],
    ["rbac.control-plane-role-only", 401, "rbac.missing-data-action", "rbac.control-plane-role-only"],
    ["rbac.wrong-scope", 401, "rbac.missing-data-action", "rbac.wrong-scope"],
    ["rbac.propagation-pending", 401, "rbac.missing-data-action", "rbac.propagation-pending"],
    ["network.firewall", 403, "network.firewall", "network.firewall"],
    ["network.private-endpoint", 403, "network.private-endpoint", "network.private-endpoint"],
    [
      "network.public-access-disabled",
      403,
      "network.public-access-disabled",
      "network.public-access-disabled",
    ],
  ];
  it.each(cases)(
    "%s: %d, diagnosis %s; diagnoseFurther (ARM): %s",
    async (scenario, status, code, further) => {
      const emulator = await startEmulator({ scenario, port: 0 });
      try {
        const error = await clientFor(emulator, { maxRetries: 0 })
          .chat.completions.create({ model: "gpt-4o", messages: MESSAGES })
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        expect(error).toBeInstanceOf(KeylessAuthError);
        const auth = error as KeylessAuthError;
        expect({ status: auth.status, code: auth.diagnosis.code }).toEqual({ status, code });
        expect(auth.message).toContain(`[keyless: ${code}: `);
        expect({ endpoint: auth.endpoint, deployment: auth.deployment }).toEqual({
          endpoint: emulator.env.AZURE_OPENAI_ENDPOINT,
          deployment: "gpt-4o",
        });
        if (code === "rbac.missing-data-action") {
          const oid = /The principal ([0-9a-f-]{36})/.exec(auth.message)?.[1];
          expect(auth.diagnosis.fix).toContain(`--assignee-object-id ${oid}`);
          expect(auth.diagnosis.evidence[0]).toMatch(
            /^the token sent: aud https:\/\/cognitiveservices\.azure\.com, tid /,
          );
        }
        const refined = await diagnoseFurther(auth, { env: emulator.env, ca: [emulator.ca] });
        expect(refined.code).toBe(further);
      } finally {
        await emulator.close();
      }
    },
    90_000,
  );

  it("token.wrong-audience: the scenario's app asks the wrong scope; the library asks the endpoint's and the call works", async () => {
    const emulator = await startEmulator({ scenario: "token.wrong-audience", port: 0 });
    try {
      const completion = await clientFor(emulator, { maxRetries: 0 }).chat.completions.create({
        model: "gpt-4o",
        messages: MESSAGES,
      });
      expect(completion.choices[0]?.message.content).toContain("You said");
    } finally {
      await emulator.close();
    }
  }, 60_000);
});

describe("the environment traps are refused at construction", () => {
  const endpoint = "https://contoso-openai.openai.azure.com";
  const build = (options: Parameters<typeof createAzureOpenAI>[0]) => {
    try {
      createAzureOpenAI({ apiVersion: "2024-10-21", ...options });
    } catch (error) {
      return error;
    }
    return undefined;
  };
  it.each([
    [
      "an API key variable beside the provider",
      { endpoint, env: { AZURE_OPENAI_API_KEY: "canary-key-5d1e" } },
      "client.key-and-token",
    ],
    [
      "a regional endpoint",
      { endpoint: "https://eastus.api.cognitive.microsoft.com", env: {} },
      "endpoint.regional-no-subdomain",
    ],
    [
      "a Foundry project endpoint with the resource scope",
      {
        endpoint: "https://contoso.services.ai.azure.com/api/projects/proj",
        scope: "https://cognitiveservices.azure.com/.default",
        env: {},
      },
      "token.wrong-audience",
    ],
    [
      "a US Government endpoint with the public scope",
      {
        endpoint: "https://contoso.openai.azure.us",
        scope: "https://cognitiveservices.azure.com/.default",
        env: {},
      },
      "token.wrong-audience",
    ],
    [
      "OPENAI_BASE_URL beside an endpoint",
      { endpoint, env: { OPENAI_BASE_URL: "https://example.com/v1" } },
      "client.base-url-and-endpoint",
    ],
    ["no endpoint", { env: {} }, "client.endpoint-missing"],
    ["not a URL", { endpoint: "contoso openai", env: {} }, "endpoint.invalid-url"],
  ] as const)("%s: %s", (_name, options, code) => {
    const error = build(options as Parameters<typeof createAzureOpenAI>[0]);
    expect(error).toBeInstanceOf(KeylessConfigError);
    expect((error as KeylessConfigError).diagnosis.code).toBe(code);
    expect((error as KeylessConfigError).message).not.toContain("canary-key-5d1e");
  });

  it("no API version: client.api-version-missing", () => {
    const error = (() => {
      try {
        createAzureOpenAI({ endpoint, env: {} });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect((error as KeylessConfigError).diagnosis.code).toBe("client.api-version-missing");
  });
});
