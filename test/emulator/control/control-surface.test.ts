import { describe, expect, it } from "vitest";
import { createClock } from "../../../src/emulator/app/clock.js";
import { createEmulatorApp } from "../../../src/emulator/app/create-emulator-app.js";
import { controlFaultId } from "../../../src/emulator/control/fault-input.js";
import { validateWorld } from "../../../src/emulator/world/load-world.js";
import { resolveWorld } from "../../../src/emulator/world/resolve-world.js";
import { stableId } from "../../../src/emulator/world/stable-id.js";
import {
  CANARIES,
  CONTROL_TOKEN,
  canaryWorld,
  createControlHarness,
  START,
  SYSTEM_ACCESS_TOKEN,
} from "./control-harness.js";

const OPENAI_USER = "Cognitive Services OpenAI User";
const OPENAI_USER_ID = "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd";
const UNAUTHORIZED = {
  error: {
    code: "Unauthorized",
    message:
      'The control API needs "Authorization: Bearer <KEYLESS_CONTROL_TOKEN>" (the token "keyless emulator" printed).',
  },
};

function invalid(field: string, message: string) {
  return { error: { code: "InvalidField", field, message } };
}

describe("control API: authentication", () => {
  it("refuses a missing or wrong token with 401 JSON and a Bearer challenge, and logs the refusal", async () => {
    const h = await createControlHarness();
    for (const token of [null, "wrong", SYSTEM_ACCESS_TOKEN, `${CONTROL_TOKEN}x`, ""]) {
      const response = await h.send({ path: "/_keyless/health", token });
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="keyless-control"');
      expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
      expect(await response.json()).toEqual(UNAUTHORIZED);
    }
    const last = h.ctx.log.entries().at(-1);
    expect(last).toMatchObject({
      surface: "control",
      method: "GET",
      host: "emulator",
      path: "/_keyless/health",
      status: 401,
    });
    expect(last?.decision).toEqual({
      outcome: "deny",
      code: "invalid-credentials",
      detail: "control: missing or wrong control token",
    });
  });

  it("accepts any case of the Bearer scheme, and authenticates before routing (an unknown path without a token is 401)", async () => {
    const h = await createControlHarness();
    const ok = await h.send({
      path: "/_keyless/health",
      token: null,
      headers: { authorization: `bearer ${CONTROL_TOKEN}` },
    });
    expect(ok.status).toBe(200);
    const unknown = await h.json({ path: "/_keyless/nope", token: null });
    expect(unknown.status).toBe(401);
  });

  it("is 404 when the control API is not enabled, and never claims an Azure host", async () => {
    const world = await resolveWorld(validateWorld(canaryWorld(), "t"), { now: START });
    const app = await createEmulatorApp({ world, clock: createClock({ start: START, now: () => 0 }) });
    const h = await createControlHarness();
    const response = await app.request(h.request({ path: "/_keyless/world" }));
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: "NotFound", message: "The control API is not enabled on this emulator." },
    });
    await h.send({ path: "/_keyless/world", host: "management.azure.com" });
    expect(h.ctx.log.entries().at(-1)?.surface).toBe("arm");
  });
});

describe("control API: routes", () => {
  it("GET health reports the emulated time, the start and the URLs", async () => {
    const h = await createControlHarness();
    h.ctx.clock.advance(60_000);
    expect(await h.json({ path: "/_keyless/health" })).toEqual({
      status: 200,
      body: {
        status: "ok",
        time: "2025-06-02T09:01:00.000Z",
        startedAt: "2025-06-02T09:00:00.000Z",
        urls: { base: "https://127.0.0.1:8443", http: "http://127.0.0.1:8080" },
      },
    });
  });

  it("GET world summarises tenants, principals, accounts with endpoints, assignments with effective-at, faults", async () => {
    const h = await createControlHarness();
    const { status, body } = await h.json({ path: "/_keyless/world" });
    expect(status).toBe(200);
    const { world } = h.ctx;
    const tenant = world.tenants[0];
    expect(body.time).toBe("2025-06-02T09:00:00.000Z");
    expect(body.tenants).toEqual([
      { name: "contoso", id: tenant?.id, domain: "contoso.onmicrosoft.com", cloud: "public" },
    ]);
    const principals = body.principals as { kind: string; name: string; objectId: string }[];
    expect(principals.map((p) => `${p.kind}:${p.name}`)).toEqual([
      "user:alice",
      "application:app",
      "managed-identity:vm",
      "managed-identity:uami",
    ]);
    const app = world.applications[0];
    expect(principals[1]).toMatchObject({
      clientId: app?.clientId,
      objectId: app?.objectId,
      secrets: [{ id: app?.secrets[0]?.id, expired: false }],
      federatedCredentials: [
        { name: "aks", subject: "system:serviceaccount:default:chat-app" },
        { name: "pipelines", subject: "sc://contoso/chat/contoso-openai-connection" },
      ],
    });
    const [account] = body.accounts as Record<string, unknown>[];
    expect(account).toMatchObject({
      name: "contoso-openai",
      endpoints: [
        "https://contoso-openai.openai.azure.com/",
        "https://contoso-openai.cognitiveservices.azure.com/",
        "https://eastus.api.cognitive.microsoft.com/",
      ],
      directEndpoints: [
        "https://127.0.0.1:8443/_host/contoso-openai.openai.azure.com",
        "https://127.0.0.1:8443/_host/contoso-openai.cognitiveservices.azure.com",
        "https://127.0.0.1:8443/_host/eastus.api.cognitive.microsoft.com",
      ],
      disableLocalAuth: false,
    });
    expect(((account?.deployments ?? []) as { name: string }[]).map((d) => d.name)).toEqual([
      "gpt-4o",
      "gpt-35-turbo-instruct",
      "text-embedding-3-small",
    ]);
    const assignments = body.roleAssignments as Record<string, unknown>[];
    expect(assignments).toHaveLength(7);
    expect(assignments[0]).toEqual({
      id: world.roleAssignments[0]?.id,
      principalId: world.users[0]?.objectId,
      principalName: "alice",
      principalType: "User",
      roleName: OPENAI_USER,
      roleDefinitionId: OPENAI_USER_ID,
      scope: world.accounts[0]?.resourceId,
      createdAt: "2025-06-02T08:00:00.000Z",
      effectiveAt: "2025-06-02T08:05:00.000Z",
      effective: true,
    });
    expect(body.faults).toEqual([
      {
        id: world.faults[0]?.id,
        target: "arm",
        status: 503,
        pathPrefix: "/never",
        headers: [],
        hasBody: true,
      },
    ]);
    expect(body.defaults).toEqual({
      account: "contoso-openai",
      deployment: "gpt-4o",
      application: "app",
      host: "vm",
      endpoint: "subdomain",
      apiKey: "none",
      clientSecret: "value",
      envVariables: ["EXTRA_SECRET"],
    });
  });

  it("POST role-assignments creates a new assignment that takes effect after the propagation delay", async () => {
    const h = await createControlHarness();
    const created = await h.json({
      method: "POST",
      path: "/_keyless/role-assignments",
      body: { principal: "uami", role: "Reader", scope: "resourceGroup:contoso-sub/rg-openai" },
    });
    const uami = h.ctx.world.managedIdentities.find((m) => m.name === "uami");
    const sub = h.ctx.world.subscriptions[0]?.id;
    const id = stableId(
      "role-assignment",
      `${uami?.objectId}|acdd72a7-3385-48ef-bd42-f606fba81ae7|/subscriptions/${sub}/resourcegroups/rg-openai`,
    );
    expect(created).toEqual({
      status: 201,
      body: {
        id,
        principalId: uami?.objectId,
        principalName: "uami",
        principalType: "ServicePrincipal",
        roleName: "Reader",
        roleDefinitionId: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
        scope: `/subscriptions/${sub}/resourceGroups/rg-openai`,
        createdAt: "2025-06-02T09:00:00.000Z",
        effectiveAt: "2025-06-02T09:05:00.000Z",
        effective: false,
      },
    });
    expect(h.ctx.world.roleAssignments.at(-1)?.id).toBe(id);
    expect(h.ctx.log.entries().at(-1)?.decision).toEqual({
      outcome: "allow",
      code: "ok",
      detail: `control: created Reader for ${uami?.objectId} at /subscriptions/${sub}/resourceGroups/rg-openai, effective at 2025-06-02T09:05:00.000Z`,
    });
    const again = await h.json({
      method: "POST",
      path: "/_keyless/role-assignments",
      body: {
        principal: uami?.objectId,
        role: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
        scope: `/subscriptions/${sub}/resourceGroups/rg-openai`,
      },
    });
    expect(again).toEqual({
      status: 409,
      body: {
        error: {
          code: "RoleAssignmentExists",
          message: `the role assignment already exists (id ${id}: Reader for ${uami?.objectId} at /subscriptions/${sub}/resourceGroups/rg-openai); delete it first to re-create it`,
        },
      },
    });
    const old = await h.json({
      method: "POST",
      path: "/_keyless/role-assignments",
      body: { principal: "uami", role: "Owner", scope: "subscription:contoso-sub", createdMinutesAgo: 10 },
    });
    expect(old.body).toMatchObject({
      createdAt: "2025-06-02T08:50:00.000Z",
      effectiveAt: "2025-06-02T08:55:00.000Z",
      effective: true,
    });
  });

  it("POST role-assignments names the field at fault, with the world file's wording", async () => {
    const h = await createControlHarness();
    const post = (body: unknown) => h.json({ method: "POST", path: "/_keyless/role-assignments", body });
    const base = { principal: "app", role: OPENAI_USER, scope: "account:contoso-openai" };
    const cases: [unknown, unknown][] = [
      [
        { role: OPENAI_USER, scope: "account:contoso-openai" },
        invalid("principal", 'principal: is required, e.g. "alice" or an object id'),
      ],
      [
        { ...base, principal: 42 },
        invalid("principal", "principal: must be a text value, not the number 42"),
      ],
      [
        { ...base, principal: "bob" },
        invalid(
          "principal",
          'principal: "bob" is not a user, group, application or managed identity declared in the world (by name or objectId)',
        ),
      ],
      [
        { ...base, role: "Owner2" },
        invalid(
          "role",
          'role: "Owner2" is not a built-in role name or role definition GUID; use e.g. "Cognitive Services OpenAI User" or 5e0bd9bd-7b93-4f28-af87-19fc36ad61bd',
        ),
      ],
      [
        { ...base, scope: "contoso-openai" },
        invalid(
          "scope",
          'scope: "contoso-openai" is not a scope; use subscription:<sub>, resourceGroup:<sub>/<rg>, account:<name>, project:<account>/<project> or a full ARM id starting with "/"',
        ),
      ],
      [
        { ...base, scope: "account:other" },
        invalid("scope", 'scope: account "other" is not declared under accounts'),
      ],
      [
        { ...base, scope: "resourceGroup:contoso-sub" },
        invalid(
          "scope",
          'scope: "resourceGroup:contoso-sub" must be resourceGroup:<subscription>/<resource group>',
        ),
      ],
      [
        { ...base, scope: "subscription:nope" },
        invalid("scope", 'scope: subscription "nope" is not declared under subscriptions'),
      ],
      [{ ...base, scope: "" }, invalid("scope", "scope: must not be empty")],
      [
        { ...base, createdMinutesAgo: -1 },
        invalid("createdMinutesAgo", "createdMinutesAgo: must be a number >= 0, not the number -1"),
      ],
      [
        { ...base, roleName: "x" },
        invalid(
          "roleName",
          "roleName: is not a known field; use principal, role, scope and createdMinutesAgo",
        ),
      ],
      [
        "not json",
        {
          error: {
            code: "InvalidBody",
            message: 'the body is not JSON; send a JSON object, e.g. {"minutes": 10}',
          },
        },
      ],
      [[base], { error: { code: "InvalidBody", message: "the body must be a JSON object" } }],
    ];
    for (const [body, expected] of cases) {
      expect(await post(body)).toEqual({ status: 400, body: expected });
    }
    expect(h.ctx.world.roleAssignments).toHaveLength(7);
  });

  it("DELETE role-assignments/{id} removes it (data plane sees it at once), then 404", async () => {
    const h = await createControlHarness();
    const target = h.ctx.world.roleAssignments[1];
    const removed = await h.json({
      method: "DELETE",
      path: `/_keyless/role-assignments/${target?.id.toUpperCase()}`,
    });
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ id: target?.id, principalName: "app", roleName: OPENAI_USER });
    expect(h.ctx.world.roleAssignments.some((a) => a.id === target?.id)).toBe(false);
    expect(await h.json({ method: "DELETE", path: `/_keyless/role-assignments/${target?.id}` })).toEqual({
      status: 404,
      body: {
        error: {
          code: "RoleAssignmentNotFound",
          message: `no role assignment has id "${target?.id}"; GET /_keyless/world lists them`,
        },
      },
    });
  });

  it("a role assignment added through the control API lets a token in after the propagation delay", async () => {
    const world = canaryWorld();
    world.roleAssignments = world.roleAssignments.filter((a) => a.principal !== "app");
    const h = await createControlHarness(world);
    const app = h.ctx.world.applications[0];
    if (app === undefined) throw new Error("no app");
    const chat = async () => {
      const { accessToken } = await h.ctx.tokens.issueAccessToken({
        tenantId: app.tenantId,
        principal: app,
        resource: "https://cognitiveservices.azure.com",
      });
      const response = await h.send({
        method: "POST",
        host: "contoso-openai.openai.azure.com",
        path: "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21",
        token: accessToken,
        body: { messages: [{ role: "user", content: "hi" }] },
      });
      return response.status;
    };
    expect(await chat()).toBe(401);
    await h.json({
      method: "POST",
      path: "/_keyless/role-assignments",
      body: { principal: "app", role: OPENAI_USER, scope: "account:contoso-openai" },
    });
    expect(await chat()).toBe(401);
    expect(await h.json({ method: "POST", path: "/_keyless/clock/advance", body: { minutes: 5 } })).toEqual({
      status: 200,
      body: { time: "2025-06-02T09:05:00.000Z" },
    });
    expect(await chat()).toBe(200);
  });

  it("POST clock/advance validates minutes", async () => {
    const h = await createControlHarness();
    const post = (body: unknown) => h.json({ method: "POST", path: "/_keyless/clock/advance", body });
    expect(await post({})).toEqual({
      status: 400,
      body: invalid("minutes", 'minutes: is required, e.g. {"minutes": 10}'),
    });
    expect(await post({ minutes: "ten" })).toEqual({
      status: 400,
      body: invalid("minutes", 'minutes: must be a number >= 0, not the text "ten"'),
    });
    expect(await post({ minutes: -5 })).toEqual({
      status: 400,
      body: invalid("minutes", "minutes: must be a number >= 0, not the number -5"),
    });
    expect(await post({ minutes: 1, hours: 1 })).toEqual({
      status: 400,
      body: invalid("hours", 'hours: is not a known field; send {"minutes": <number>}'),
    });
    expect(await post({ minutes: 1.5 })).toEqual({ status: 200, body: { time: "2025-06-02T09:01:30.000Z" } });
    expect(h.ctx.clock.now()).toBe(START + 90_000);
  });

  it("POST faults adds one fault or a list in the world file's shape; the surface answers with it; DELETE clears", async () => {
    const h = await createControlHarness();
    const one = await h.json({
      method: "POST",
      path: "/_keyless/faults",
      body: { target: "data-plane", status: 503, times: 1, headers: { "retry-after": "2" } },
    });
    expect(one).toEqual({
      status: 201,
      body: { faults: [{ id: controlFaultId(1), target: "data-plane", status: 503 }] },
    });
    const many = await h.json({
      method: "POST",
      path: "/_keyless/faults",
      body: [
        { target: "imds", status: "timeout" },
        { target: "entra", status: 500, pathPrefix: "/x" },
      ],
    });
    expect(many.body).toEqual({
      faults: [
        { id: controlFaultId(2), target: "imds", status: "timeout" },
        { id: controlFaultId(3), target: "entra", status: 500 },
      ],
    });
    expect(h.ctx.world.faults.map((f) => f.id)).toEqual([
      h.ctx.world.faults[0]?.id,
      controlFaultId(1),
      controlFaultId(2),
      controlFaultId(3),
    ]);
    const faulted = await h.send({
      method: "POST",
      host: "contoso-openai.openai.azure.com",
      path: "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21",
      token: null,
      body: { messages: [] },
    });
    expect(faulted.status).toBe(503);
    expect(faulted.headers.get("retry-after")).toBe("2");
    expect(h.ctx.world.faults.some((f) => f.id === controlFaultId(1))).toBe(false);
    expect(await h.json({ method: "DELETE", path: "/_keyless/faults" })).toEqual({
      status: 200,
      body: { removed: 3 },
    });
    expect(h.ctx.world.faults).toEqual([]);
  });

  it("POST faults names the field at fault", async () => {
    const h = await createControlHarness();
    const post = (body: unknown) => h.json({ method: "POST", path: "/_keyless/faults", body });
    expect(await post({ target: "imds", status: 99 })).toEqual({
      status: 400,
      body: invalid("status", "status: must be an integer >= 100"),
    });
    expect(
      await post([
        { target: "imds", status: 500 },
        { target: "dns", status: 500 },
      ]),
    ).toEqual({
      status: 400,
      body: invalid(
        "[1].target",
        '[1].target: must be one of "imds", "app-service", "cloud-shell", "arc", "service-fabric", "entra", "arm", "data-plane", not the text "dns"',
      ),
    });
    expect(await post({ target: "arm", status: 500, extra: 1 })).toEqual({
      status: 400,
      body: invalid("extra", "extra: is not a known field; remove it or check its spelling"),
    });
    expect(await post([])).toEqual({
      status: 400,
      body: { error: { code: "InvalidBody", message: "the list is empty; send at least one fault" } },
    });
    expect(await post(7)).toEqual({
      status: 400,
      body: { error: { code: "InvalidBody", message: "the body must be a fault object or a list of them" } },
    });
  });

  it("POST keys/rotate rotates the tenant's signing key (the old one stays published)", async () => {
    const h = await createControlHarness();
    const tenant = h.ctx.world.tenants[0];
    const before = h.ctx.keys.jwks(tenant?.id ?? "").keys.map((k) => k.kid);
    const { status, body } = await h.json({
      method: "POST",
      path: "/_keyless/keys/rotate",
      body: { tenant: "contoso" },
    });
    expect(status).toBe(200);
    expect(body.tenant).toBe("contoso");
    expect(body.tenantId).toBe(tenant?.id);
    const kids = body.kids as string[];
    expect(kids).toHaveLength(2);
    expect(kids).toContain(before[0]);
    expect(
      await h.json({ method: "POST", path: "/_keyless/keys/rotate", body: { tenant: "fabrikam" } }),
    ).toEqual({
      status: 400,
      body: invalid("tenant", 'tenant: "fabrikam" is not a tenant of the world (by name, id or domain)'),
    });
    expect(await h.json({ method: "POST", path: "/_keyless/keys/rotate", body: {} })).toEqual({
      status: 400,
      body: invalid("tenant", 'tenant: is required, e.g. {"tenant": "contoso"}'),
    });
  });

  it("PATCH accounts/{name} changes local auth and network rules, which the data plane enforces", async () => {
    const h = await createControlHarness();
    const keyCall = () =>
      h.send({
        method: "POST",
        host: "contoso-openai.openai.azure.com",
        path: "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21",
        token: null,
        headers: { "api-key": CANARIES.key1 },
        body: { messages: [{ role: "user", content: "hi" }] },
      });
    expect((await keyCall()).status).toBe(200);
    const patched = await h.json({
      method: "PATCH",
      path: "/_keyless/accounts/contoso-openai",
      body: { disableLocalAuth: true, networkRules: { ipRules: ["10.0.0.0/8"] } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      name: "contoso-openai",
      disableLocalAuth: true,
      publicNetworkAccess: "Enabled",
      networkRules: {
        defaultAction: "Allow",
        ipRules: ["10.0.0.0/8"],
        privateEndpointOnly: false,
        virtualNetwork: false,
      },
    });
    const refused = await keyCall();
    expect(refused.status).toBe(403);
    expect(await refused.text()).toBe(
      '{"error":{"code":"AuthenticationTypeDisabled","message": "Key based authentication is disabled for this resource."}}',
    );
    const patch = (body: unknown) =>
      h.json({ method: "PATCH", path: "/_keyless/accounts/contoso-openai", body });
    expect(await patch({ networkRules: { defaultAction: "Block" } })).toEqual({
      status: 400,
      body: invalid(
        "networkRules.defaultAction",
        'networkRules.defaultAction: must be one of "Allow", "Deny", not the text "Block"',
      ),
    });
    expect(await patch({ publicNetworkAccess: false })).toEqual({
      status: 400,
      body: invalid(
        "publicNetworkAccess",
        'publicNetworkAccess: must be one of "Enabled", "Disabled", not the value false',
      ),
    });
    expect(await patch({ disableLocalAuth: "yes", publicNetworkAccess: "Disabled" })).toEqual({
      status: 400,
      body: invalid("disableLocalAuth", 'disableLocalAuth: must be true or false, not the text "yes"'),
    });
    expect(h.ctx.world.accounts[0]?.publicNetworkAccess).toBe("Enabled");
    expect(await patch({ networkRules: { ipRules: ["10.0.0.1", 3] } })).toEqual({
      status: 400,
      body: invalid(
        "networkRules.ipRules[1]",
        "networkRules.ipRules[1]: must be an address or CIDR range, not the number 3",
      ),
    });
    expect(await patch({ keys: ["a", "b"] })).toEqual({
      status: 400,
      body: invalid(
        "keys",
        "keys: is not a known field; use disableLocalAuth, publicNetworkAccess and networkRules",
      ),
    });
    expect(await patch({})).toEqual({
      status: 400,
      body: {
        error: {
          code: "InvalidBody",
          message: "the body changes nothing; send disableLocalAuth, publicNetworkAccess or networkRules",
        },
      },
    });
    expect(
      await h.json({ method: "PATCH", path: "/_keyless/accounts/other", body: { disableLocalAuth: true } }),
    ).toEqual({
      status: 404,
      body: {
        error: {
          code: "AccountNotFound",
          message: 'no account is named "other"; GET /_keyless/world lists them',
        },
      },
    });
  });

  it("GET log returns the last N redacted entries with their one-line form", async () => {
    const h = await createControlHarness();
    await h.send({ path: "/_keyless/health" });
    await h.send({ path: "/_keyless/world" });
    const { status, body } = await h.json({ path: "/_keyless/log?limit=2" });
    expect(status).toBe(200);
    expect(body.entries).toEqual([
      {
        time: "2025-06-02T09:00:00.000Z",
        surface: "control",
        method: "GET",
        host: "emulator",
        path: "/_keyless/health",
        status: 200,
        decision: { outcome: "allow", code: "ok", detail: "control health" },
        line: "2025-06-02T09:00:00.000Z control GET emulator/_keyless/health 200 allow control health",
      },
      {
        time: "2025-06-02T09:00:00.000Z",
        surface: "control",
        method: "GET",
        host: "emulator",
        path: "/_keyless/world",
        status: 200,
        decision: { outcome: "allow", code: "ok", detail: "control world summary" },
        line: "2025-06-02T09:00:00.000Z control GET emulator/_keyless/world 200 allow control world summary",
      },
    ]);
    expect(await h.json({ path: "/_keyless/log?limit=0" })).toEqual({
      status: 400,
      body: invalid("limit", 'limit: must be a positive integer, not the text "0"'),
    });
  });

  it("unknown paths are 404 listing the routes; wrong methods are 405 with Allow", async () => {
    const h = await createControlHarness();
    const unknown = await h.json({ path: "/_keyless/worlds" });
    expect(unknown.status).toBe(404);
    expect((unknown.body.error as { message: string }).message).toMatch(
      /^no control route at GET \/_keyless\/worlds; routes: GET \/_keyless\/health, GET \/_keyless\/world, POST \/_keyless\/role-assignments, /,
    );
    const wrong = await h.send({ method: "PUT", path: "/_keyless/faults" });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("POST, DELETE");
    expect(await wrong.json()).toEqual({
      error: { code: "MethodNotAllowed", message: "/_keyless/faults answers POST, DELETE, not PUT" },
    });
  });
});

describe("control API: no secret ever leaves it", () => {
  it("GET world and GET log carry no password, secret, key, private key, fault body, env value or token", async () => {
    const world = canaryWorld();
    const app = world.applications[0];
    if (app !== undefined) app.certificates = [{ name: "app-cert" }];
    const h = await createControlHarness(world);
    const tenant = h.ctx.world.tenants[0]?.id ?? "";
    const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
    const clientId = h.ctx.world.applications[0]?.clientId ?? "";
    // Requests whose bodies, queries and headers carry the secrets.
    await h.send({
      method: "POST",
      path: `/${tenant}/oauth2/v2.0/token?client_secret=${CANARIES.secret}`,
      token: null,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form({
        grant_type: "client_credentials",
        client_id: clientId,
        client_secret: CANARIES.secret,
        scope: "https://cognitiveservices.azure.com/.default",
      }),
    });
    await h.send({
      method: "POST",
      path: `/${tenant}/oauth2/v2.0/token`,
      token: null,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form({
        grant_type: "password",
        client_id: "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
        username: "alice@contoso.onmicrosoft.com",
        password: CANARIES.password,
        scope: "https://cognitiveservices.azure.com/.default",
      }),
    });
    await h.send({
      method: "POST",
      host: "contoso-openai.openai.azure.com",
      path: `/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21&api-key=${CANARIES.key2}`,
      token: null,
      headers: { "api-key": CANARIES.key1 },
      body: { messages: [{ role: "user", content: CANARIES.password }] },
    });
    const az = await h.json({
      method: "POST",
      path: "/_keyless/cli/az",
      body: {
        argv: [
          "account",
          "get-access-token",
          "--output",
          "json",
          "--resource",
          "https://cognitiveservices.azure.com",
        ],
      },
    });
    expect(az.body.exitCode).toBe(0);
    const texts = [
      await (await h.send({ path: "/_keyless/world" })).text(),
      await (await h.send({ path: "/_keyless/log?limit=1000" })).text(),
    ];
    const forbidden = [
      ...Object.values(CANARIES),
      CONTROL_TOKEN,
      SYSTEM_ACCESS_TOKEN,
      "PRIVATE KEY",
      "BEGIN CERTIFICATE",
      "eyJ",
    ];
    for (const text of texts) {
      for (const secret of forbidden) expect(text).not.toContain(secret);
    }
    expect(texts[1]).toContain("/_keyless/cli/az 200 allow az account get-access-token for user alice");
    expect(texts[1]).toContain("client_secret=[redacted]");
  });
});
