import { describe, expect, it } from "vitest";
import type { RequestDecision } from "../../../src/emulator/app/request-decision.js";
import { type ControlHarness, createControlHarness } from "../control/control-harness.js";

const HOST = "contoso-openai.openai.azure.com";
const CHAT = "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21";
const OPENAI_USER = "Cognitive Services OpenAI User";

async function tokenFor(h: ControlHarness, name: string): Promise<string> {
  const principal = h.ctx.world.applications.find((a) => a.name === name);
  if (principal === undefined) throw new Error(`no application ${name}`);
  const issued = await h.ctx.tokens.issueAccessToken({
    tenantId: principal.tenantId,
    principal,
    resource: "https://cognitiveservices.azure.com",
  });
  return issued.accessToken;
}

/** A chat completion with the token, and the decision the data plane logged for it. */
async function chat(
  h: ControlHarness,
  token: string,
): Promise<{ status: number; decision: RequestDecision | undefined }> {
  const response = await h.send({
    method: "POST",
    host: HOST,
    path: CHAT,
    token: null,
    headers: { authorization: `Bearer ${token}` },
    body: { messages: [{ role: "user", content: "hi" }] },
  });
  await response.text();
  return { status: response.status, decision: h.ctx.log.entries().at(-1)?.decision };
}

describe("a bearer token the data plane verified before (its signature is cached)", () => {
  it("is still refused by the network rules, RBAC, propagation and expiry the control API changes", async () => {
    const h = await createControlHarness();
    const token = await tokenFor(h, "app");
    expect(await chat(h, token)).toMatchObject({ status: 200 });
    expect(await chat(h, token)).toMatchObject({ status: 200 });

    const patch = (body: Record<string, unknown>) =>
      h.json({ method: "PATCH", path: "/_keyless/accounts/contoso-openai", body });
    expect((await patch({ publicNetworkAccess: "Disabled" })).status).toBe(200);
    expect(await chat(h, token)).toMatchObject({
      status: 403,
      decision: {
        outcome: "deny",
        code: "network.public-access-disabled",
        detail: "account contoso-openai has public network access disabled",
      },
    });
    expect((await patch({ publicNetworkAccess: "Enabled" })).status).toBe(200);
    expect(await chat(h, token)).toMatchObject({ status: 200 });

    const app = h.ctx.world.applications.find((a) => a.name === "app");
    const grant = h.ctx.world.roleAssignments.find(
      (a) => a.principalId === app?.objectId && a.roleName === OPENAI_USER,
    );
    const removed = await h.json({ method: "DELETE", path: `/_keyless/role-assignments/${grant?.id}` });
    expect(removed.status).toBe(200);
    expect(await chat(h, token)).toMatchObject({ status: 401 });
    // What is left is Reader: a control-plane role.
    expect((await chat(h, token)).decision).toEqual({
      outcome: "deny",
      code: "rbac.control-plane-role-only",
      detail: expect.any(String),
    });

    const created = await h.json({
      method: "POST",
      path: "/_keyless/role-assignments",
      body: { principal: "app", role: OPENAI_USER, scope: "account:contoso-openai" },
    });
    expect(created.status).toBe(201);
    expect((await chat(h, token)).decision).toEqual({
      outcome: "deny",
      code: "rbac.propagation-pending",
      detail: expect.any(String),
    });
    expect(
      (await h.json({ method: "POST", path: "/_keyless/clock/advance", body: { minutes: 6 } })).status,
    ).toBe(200);
    expect(await chat(h, token)).toMatchObject({ status: 200 });

    await h.json({ method: "POST", path: "/_keyless/clock/advance", body: { minutes: 60 } });
    const expired = await chat(h, token);
    expect(expired.status).toBe(401);
    expect(expired.decision).toEqual({
      outcome: "deny",
      code: "token.expired",
      detail: expect.stringMatching(/^lifetime: expired at \d+ \(now \d+\)$/),
    });
  });

  it("is refused once key rotations through the control API have dropped its signing key", async () => {
    const h = await createControlHarness();
    const token = await tokenFor(h, "app");
    expect(await chat(h, token)).toMatchObject({ status: 200 });
    const rotate = () =>
      h.json({ method: "POST", path: "/_keyless/keys/rotate", body: { tenant: "contoso" } });
    expect((await rotate()).status).toBe(200);
    // The previous key stays published through one rotation, as Entra keeps it during a rollover.
    expect(await chat(h, token)).toMatchObject({ status: 200 });
    expect((await rotate()).status).toBe(200);
    const refused = await chat(h, token);
    expect(refused.status).toBe(401);
    expect(refused.decision).toEqual({
      outcome: "deny",
      code: "invalid-credentials",
      detail: expect.stringMatching(/^signature: unknown kid "[^"]+" for tenant [0-9a-f-]{36}$/),
    });
    // A token signed with the current key is accepted.
    expect(await chat(h, await tokenFor(h, "app"))).toMatchObject({ status: 200 });
  });
});
