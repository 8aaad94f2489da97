import https from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../src/emulator/start-emulator.js";
import type { WorldInput } from "../../src/emulator/world/schema.js";

// Two emulators in one process, started and used concurrently, as a test suite uses them: each
// has its own world, ids, identity header, control token, role assignments, faults and request log.

const OPENAI_USER = "Cognitive Services OpenAI User";

/** A second world that shares no name with the default scenario. */
const FABRIKAM: WorldInput = {
  tenants: [{ name: "fabrikam" }],
  applications: [{ name: "svc", tenant: "fabrikam", secrets: [{ value: "svc-secret-value" }] }],
  subscriptions: [{ name: "fabrikam-sub", tenant: "fabrikam", resourceGroups: ["rg"] }],
  accounts: [
    {
      name: "fabrikam-openai",
      subscription: "fabrikam-sub",
      resourceGroup: "rg",
      deployments: [{ name: "gpt-4o", model: "gpt-4o", kind: "chat" }],
    },
  ],
  roleAssignments: [
    { principal: "svc", role: OPENAI_USER, scope: "account:fabrikam-openai", createdMinutesAgo: 60 },
  ],
  defaults: { application: "svc" },
};

/** Sequential ids with a recognisable prefix, so every id says which emulator made it. */
function idsStartingWith(prefix: string): () => string {
  let n = 0;
  return () => {
    n += 1;
    return `${prefix}-0000-4000-8000-${String(n).padStart(12, "0")}`;
  };
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(
  emulator: RunningEmulator,
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  const body = options.body ?? "";
  return new Promise((resolve, reject) => {
    const request = https.request(
      new URL(url),
      {
        method: options.method ?? "GET",
        headers: { ...options.headers, "content-length": String(Buffer.byteLength(body)) },
        ca: emulator.ca,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

function control(emulator: RunningEmulator, method: string, path: string, body?: unknown): Promise<Reply> {
  return send(emulator, `${emulator.control.url}/${path}`, {
    method,
    headers: { authorization: `Bearer ${emulator.control.token}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function accessToken(emulator: RunningEmulator): Promise<Reply & { token: string }> {
  const { env } = emulator;
  const reply = await send(emulator, `${emulator.urls.base}/${env.AZURE_TENANT_ID}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: env.AZURE_CLIENT_ID ?? "",
      client_secret: env.AZURE_CLIENT_SECRET ?? "",
      scope: "https://cognitiveservices.azure.com/.default",
    }).toString(),
  });
  return {
    ...reply,
    token: reply.status === 200 ? (JSON.parse(reply.body) as { access_token: string }).access_token : "",
  };
}

/** A chat completion; `marker` goes into the query string, so the request log shows who sent it. */
function chat(emulator: RunningEmulator, token: string, marker: string): Promise<Reply> {
  const { env } = emulator;
  return send(
    emulator,
    `${env.AZURE_OPENAI_ENDPOINT}/openai/deployments/${env.AZURE_OPENAI_DEPLOYMENT}/chat/completions?api-version=${env.OPENAI_API_VERSION}&from=${marker}`,
    {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ messages: [{ role: "user", content: `hello from ${marker}` }] }),
    },
  );
}

describe("two emulators in one process", () => {
  let a: RunningEmulator;
  let b: RunningEmulator;

  beforeAll(async () => {
    [a, b] = await Promise.all([
      startEmulator({ scenario: "default", endpointMode: "direct", newId: idsStartingWith("aaaaaaaa-aaaa") }),
      startEmulator({ world: FABRIKAM, endpointMode: "direct", newId: idsStartingWith("bbbbbbbb-bbbb") }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it("have their own ports, CA, control token and identity header", () => {
    expect(a.urls.base).not.toBe(b.urls.base);
    expect(a.ca).not.toBe(b.ca);
    expect(a.control.token).not.toBe(b.control.token);
    expect(a.identityHeader).not.toBe(b.identityHeader);
    expect(a.world.accounts.map((x) => x.name)).toEqual(["contoso-openai"]);
    expect(b.world.accounts.map((x) => x.name)).toEqual(["fabrikam-openai"]);
  });

  it("answer concurrently with ids from their own newId (Entra trace ids, data-plane request ids)", async () => {
    const [tokenA, tokenB] = await Promise.all([accessToken(a), accessToken(b)]);
    expect(tokenA.status).toBe(200);
    expect(tokenB.status).toBe(200);
    expect(tokenA.headers["x-ms-request-id"]).toMatch(/^aaaaaaaa-aaaa-/);
    expect(tokenB.headers["x-ms-request-id"]).toMatch(/^bbbbbbbb-bbbb-/);

    const replies = await Promise.all([
      chat(a, tokenA.token, "a1"),
      chat(b, tokenB.token, "b1"),
      chat(a, tokenA.token, "a2"),
      chat(b, tokenB.token, "b2"),
    ]);
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(replies.map((r) => String(r.headers["apim-request-id"]).slice(0, 13))).toEqual([
      "aaaaaaaa-aaaa",
      "bbbbbbbb-bbbb",
      "aaaaaaaa-aaaa",
      "bbbbbbbb-bbbb",
    ]);
    // Neither trusts the other's tokens: another world's tenant, another emulator's keys.
    expect((await chat(b, tokenA.token, "b-with-a-token")).status).toBe(401);
    expect((await chat(a, tokenB.token, "a-with-b-token")).status).toBe(401);
  });

  it("keep a role assignment added through one control API out of the other", async () => {
    const before = (
      JSON.parse((await control(b, "GET", "world")).body) as { roleAssignments: { id: string }[] }
    ).roleAssignments;
    const created = await control(a, "POST", "role-assignments", {
      principal: "alice",
      role: "Cognitive Services OpenAI Contributor",
      scope: "account:contoso-openai",
    });
    expect(created.status).toBe(201);
    const { id } = JSON.parse(created.body) as { id: string };
    const worldA = JSON.parse((await control(a, "GET", "world")).body) as {
      roleAssignments: { id: string }[];
    };
    const worldB = JSON.parse((await control(b, "GET", "world")).body) as {
      roleAssignments: { id: string }[];
    };
    expect(worldA.roleAssignments.map((r) => r.id)).toContain(id);
    expect(worldB.roleAssignments).toEqual(before);
    // Each control API takes its own token only.
    expect(
      (
        await send(b, `${b.control.url}/world`, {
          headers: { authorization: `Bearer ${a.control.token}` },
        })
      ).status,
    ).toBe(401);
  });

  it("keep a fault injected into one from affecting the other", async () => {
    const injected = await control(a, "POST", "faults", { target: "data-plane", status: 503, times: 1 });
    expect(injected.status).toBe(201);
    const [tokenA, tokenB] = await Promise.all([accessToken(a), accessToken(b)]);
    const [faulted, fine] = await Promise.all([
      chat(a, tokenA.token, "a-fault"),
      chat(b, tokenB.token, "b-fault"),
    ]);
    expect(faulted.status).toBe(503);
    expect(fine.status).toBe(200);
    expect(JSON.parse((await control(b, "GET", "world")).body).faults).toEqual([]);
    expect((await chat(a, tokenA.token, "a-after")).status).toBe(200);
  });

  it("log only their own requests", async () => {
    const [logA, logB] = await Promise.all([
      control(a, "GET", "log?limit=1000"),
      control(b, "GET", "log?limit=1000"),
    ]);
    const entriesA = (JSON.parse(logA.body) as { entries: { host: string; path: string }[] }).entries;
    const entriesB = (JSON.parse(logB.body) as { entries: { host: string; path: string }[] }).entries;
    const markers = (entries: { path: string }[]) =>
      entries.flatMap((e) => /[?&]from=([^&]+)/.exec(e.path)?.[1] ?? []).sort();
    expect(markers(entriesA)).toEqual(["a-after", "a-fault", "a-with-b-token", "a1", "a2"]);
    expect(markers(entriesB)).toEqual(["b-fault", "b-with-a-token", "b1", "b2"]);
    const dataPlaneHosts = (entries: { host: string }[]) => [
      ...new Set(entries.map((e) => e.host).filter((h) => h.endsWith(".openai.azure.com"))),
    ];
    expect(dataPlaneHosts(entriesA)).toEqual(["contoso-openai.openai.azure.com"]);
    expect(dataPlaneHosts(entriesB)).toEqual(["fabrikam-openai.openai.azure.com"]);
    expect(a.context.log.entries().length).toBe(entriesA.length + 1);
  });
});
