import { beforeAll, describe, expect, it } from "vitest";
import {
  evaluateAction,
  evaluateDataAction,
  scopeCovers,
} from "../../../src/emulator/auth/evaluate-access.js";
import { DATA_ACTIONS } from "../../../src/knowledge/data-actions.js";
import { createHarness, type Harness } from "../data-plane/harness.js";
import { dataPlaneWorld } from "../data-plane/test-world.js";

const CHAT = DATA_ACTIONS.chatCompletions;

describe("scopeCovers", () => {
  const account = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/a";
  it("covers the resource itself and its ancestors, case-insensitively, at segment boundaries", () => {
    expect(scopeCovers("/subscriptions/S1", account)).toBe(true);
    expect(scopeCovers("/subscriptions/s1/resourcegroups/RG/", account)).toBe(true);
    expect(scopeCovers(account, account)).toBe(true);
    expect(scopeCovers("/", account)).toBe(true);
    expect(scopeCovers("/subscriptions/s1/resourceGroups/r", account)).toBe(false);
    expect(scopeCovers(`${account}2`, account)).toBe(false);
    expect(scopeCovers(`${account}/projects/p1`, account)).toBe(false);
  });
});

describe("evaluateDataAction", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dataPlaneWorld());
  });
  const check = (principal: string, account: string, dataAction: string = CHAT) => {
    const p = h.principal(principal);
    return evaluateDataAction(h.ctx, {
      principalId: p.objectId,
      tenantId: p.tenantId,
      scope: h.account(account).resourceId,
      dataAction,
    });
  };

  it("inherits a subscription assignment", () => {
    const decision = check("app", "other-openai");
    expect(decision).toMatchObject({ allowed: true, role: { name: "Cognitive Services OpenAI User" } });
    expect(decision.allowed && decision.assignment.scope).toBe(
      `/subscriptions/${h.account("other-openai").subscriptionId}`,
    );
  });

  it("grants through group membership at resource group scope", () => {
    const decision = check("alice", "contoso-openai");
    expect(decision).toMatchObject({ allowed: true, assignment: { principalType: "Group" } });
  });

  it("refuses a control-plane-only role (the seed case)", () => {
    const p = h.principal("contributor-app");
    expect(check("contributor-app", "contoso-openai")).toEqual({
      allowed: false,
      reason: "control-plane-only",
      detail: `principal ${p.objectId}: Cognitive Services Contributor at ${h.account("contoso-openai").resourceId} (assignment ${h.ctx.world.roleAssignments.find((a) => a.principalId === p.objectId)?.id}) is a control-plane role without data actions; data action ${CHAT} is not granted`,
    });
  });

  it("applies notDataActions: OpenAI User cannot read stored completions", () => {
    expect(check("app", "contoso-openai", DATA_ACTIONS.storedCompletionsRead)).toMatchObject({
      allowed: false,
      reason: "action-not-granted",
    });
  });

  it("is pending until the propagation delay passed, then effective", async () => {
    // Its own emulator: this test moves the clock.
    const own = await createHarness(dataPlaneWorld());
    const p = own.principal("fresh-app");
    const request = {
      principalId: p.objectId,
      tenantId: p.tenantId,
      scope: own.account("contoso-openai").resourceId,
      dataAction: CHAT,
    };
    const pending = evaluateDataAction(own.ctx, request);
    expect(pending).toMatchObject({
      allowed: false,
      reason: "propagating",
      effectiveAt: own.ctx.clock.now() + 4 * 60_000,
    });
    expect(!pending.allowed && pending.detail).toContain("takes effect in 240 s");
    own.ctx.clock.advance(4 * 60_000 - 1);
    expect(evaluateDataAction(own.ctx, request)).toMatchObject({ allowed: false, reason: "propagating" });
    own.ctx.clock.advance(1);
    expect(evaluateDataAction(own.ctx, request)).toMatchObject({ allowed: true });
  });

  it("names an assignment on another account as the wrong scope", () => {
    expect(check("fresh-app", "other-openai")).toMatchObject({ allowed: false, reason: "wrong-scope" });
  });

  it("refuses a principal without assignments", () => {
    const p = h.principal("foreign-app");
    expect(check("foreign-app", "contoso-openai")).toEqual({
      allowed: false,
      reason: "no-assignment",
      detail: `principal ${p.objectId} (or its groups) has no role assignment covering ${h.account("contoso-openai").resourceId}`,
    });
  });

  it("covers a Foundry project under an account assignment", () => {
    const p = h.principal("foundry-app");
    expect(
      evaluateDataAction(h.ctx, {
        principalId: p.objectId,
        tenantId: p.tenantId,
        scope: `${h.account("foundry").resourceId}/projects/p1`,
        dataAction: DATA_ACTIONS.agentsRead,
      }),
    ).toMatchObject({ allowed: true, role: { name: "Azure AI User" } });
  });
});

describe("evaluateAction", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dataPlaneWorld());
  });
  const check = (principal: string, action: string) => {
    const p = h.principal(principal);
    return evaluateAction(h.ctx, {
      principalId: p.objectId,
      tenantId: p.tenantId,
      scope: h.account("contoso-openai").resourceId,
      action,
    });
  };

  it("lets Cognitive Services Contributor list keys but not OpenAI User", () => {
    expect(check("contributor-app", "Microsoft.CognitiveServices/accounts/listKeys/action")).toMatchObject({
      allowed: true,
    });
    expect(check("app", "Microsoft.CognitiveServices/accounts/listKeys/action")).toMatchObject({
      allowed: false,
      reason: "action-not-granted",
    });
    expect(check("app", "Microsoft.CognitiveServices/accounts/read")).toMatchObject({ allowed: true });
  });

  it("ignores the data-plane propagation delay unless asked", () => {
    const p = h.principal("fresh-app");
    const request = {
      principalId: p.objectId,
      tenantId: p.tenantId,
      scope: h.account("contoso-openai").resourceId,
      action: "Microsoft.CognitiveServices/accounts/read",
    };
    expect(evaluateAction(h.ctx, request)).toMatchObject({ allowed: true });
    expect(evaluateAction(h.ctx, { ...request, applyPropagation: true })).toMatchObject({
      allowed: false,
      reason: "propagating",
    });
  });

  it("refuses role assignment writes without Microsoft.Authorization permissions", () => {
    expect(check("contributor-app", "Microsoft.Authorization/roleAssignments/write")).toMatchObject({
      allowed: false,
      reason: "action-not-granted",
    });
  });
});
