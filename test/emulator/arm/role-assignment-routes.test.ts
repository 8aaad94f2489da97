import { beforeEach, describe, expect, it } from "vitest";
import type { EmulatorContext } from "../../../src/emulator/app/context.js";
import { parseRoleAssignmentFilter } from "../../../src/emulator/arm/role-assignment-filter.js";
import { createArmSurface } from "../../../src/emulator/arm/surface.js";
import { evaluateDataAction } from "../../../src/emulator/auth/evaluate-access.js";
import { BUILT_IN_ROLES } from "../../../src/knowledge/roles.js";
import { createTestContext, START } from "../managed-identity/emulator-test-context.js";
import { armCall, principalNamed, subscriptionId, tenantId, tokenFor } from "./arm-test-helpers.js";
import { ARM_WORLD } from "./arm-world.js";

const V = "api-version=2022-04-01";
const OPENAI_USER = "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd";
const NEW_ID = "7f1f8e3a-1b2c-4d5e-8f90-123456789abc";

interface Assignment {
  id: string;
  name: string;
  type: string;
  properties: {
    principalId: string;
    roleDefinitionId: string;
    scope: string;
    principalType: string;
    createdOn: string;
  };
}

describe("ARM role definitions", () => {
  let ctx: EmulatorContext;
  let sub: string;
  const surface = createArmSurface();

  beforeEach(async () => {
    ctx = await createTestContext(ARM_WORLD);
    sub = subscriptionId(ctx, "prod");
  });

  it("lists the built-in roles at a scope with their real GUIDs and permissions", async () => {
    const token = await tokenFor(ctx, "rita-reader");
    const { response, json } = await armCall(
      surface,
      ctx,
      `/subscriptions/${sub}/resourceGroups/ai-rg/providers/Microsoft.Authorization/roleDefinitions?${V}`,
      { token },
    );
    expect(response.status).toBe(200);
    const value = (json as { value: { id: string; name: string; properties: { roleName: string } }[] }).value;
    expect(value.map((r) => r.properties.roleName)).toEqual(BUILT_IN_ROLES.map((r) => r.name));
    expect(value[0]).toEqual({
      id: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${OPENAI_USER}`,
      name: OPENAI_USER,
      type: "Microsoft.Authorization/roleDefinitions",
      properties: {
        roleName: "Cognitive Services OpenAI User",
        type: "BuiltInRole",
        description: BUILT_IN_ROLES[0]?.description,
        assignableScopes: ["/"],
        permissions: [
          {
            actions: BUILT_IN_ROLES[0]?.actions,
            notActions: [],
            dataActions: BUILT_IN_ROLES[0]?.dataActions,
            notDataActions: ["Microsoft.CognitiveServices/accounts/OpenAI/stored-completions/read"],
          },
        ],
        createdOn: "2015-02-02T21:55:09.880Z",
        updatedOn: "2024-01-01T00:00:00.000Z",
        createdBy: null,
        updatedBy: null,
      },
    });
  });

  it("filters by roleName and gets one by id, at a scope or at the root", async () => {
    const token = await tokenFor(ctx, "rita-reader");
    const filtered = await armCall(
      surface,
      ctx,
      `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions?${V}&$filter=${encodeURIComponent("roleName eq 'Reader'")}`,
      { token },
    );
    expect((filtered.json as { value: { name: string }[] }).value.map((r) => r.name)).toEqual([
      "acdd72a7-3385-48ef-bd42-f606fba81ae7",
    ]);
    const one = await armCall(
      surface,
      ctx,
      `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/a97b65f3-24c7-4388-baec-2e87135dc908?${V}`,
      { token },
    );
    expect((one.json as { properties: { roleName: string } }).properties.roleName).toBe(
      "Cognitive Services User",
    );
    const root = await armCall(
      surface,
      ctx,
      `/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7?${V}`,
      { token: await tokenFor(ctx, "nina-nobody") },
    );
    expect(root.json).toMatchObject({
      id: "/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7",
    });
    const missing = await armCall(
      surface,
      ctx,
      `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/00000000-0000-0000-0000-000000000001?${V}`,
      { token },
    );
    expect(missing.response.status).toBe(404);
    expect(missing.text).toBe(
      `{"error":{"code":"RoleDefinitionDoesNotExist","message":"The specified role definition with ID '00000000-0000-0000-0000-000000000001' does not exist."}}`,
    );
  });

  it("needs Microsoft.Authorization/roleDefinitions/read at a subscription scope", async () => {
    const { response } = await armCall(
      surface,
      ctx,
      `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions?${V}`,
      {
        token: await tokenFor(ctx, "nina-nobody"),
      },
    );
    expect(response.status).toBe(403);
  });
});

describe("ARM role assignments", () => {
  let ctx: EmulatorContext;
  let sub: string;
  let account: string;
  let principalName: (oid: string) => string;
  const surface = createArmSurface();

  beforeEach(async () => {
    ctx = await createTestContext(ARM_WORLD);
    sub = subscriptionId(ctx, "prod");
    account = `/subscriptions/${sub}/resourceGroups/ai-rg/providers/Microsoft.CognitiveServices/accounts/contoso-ai`;
    const names = new Map<string, string>();
    for (const p of [...ctx.world.users, ...ctx.world.applications, ...ctx.world.groups])
      names.set(p.objectId, p.name);
    principalName = (oid) => names.get(oid) ?? oid;
  });

  async function list(who: string, scope: string, filter?: string) {
    const query = filter === undefined ? V : `${V}&$filter=${encodeURIComponent(filter)}`;
    const { response, json } = await armCall(
      surface,
      ctx,
      `${scope}/providers/Microsoft.Authorization/roleAssignments?${query}`,
      {
        token: await tokenFor(ctx, who),
      },
    );
    return {
      status: response.status,
      value: ((json as { value?: Assignment[] }).value ?? []) as Assignment[],
    };
  }

  const roleNames = (value: Assignment[]) =>
    value
      .map(
        (a) => `${principalName(a.properties.principalId)}:${a.properties.roleDefinitionId.split("/").pop()}`,
      )
      .sort();

  it("lists at, above and below a scope without a filter, and at or above with atScope()", async () => {
    const all = await list("olivia-owner", `/subscriptions/${sub}/resourceGroups/ai-rg`);
    expect(all.status).toBe(200);
    expect(roleNames(all.value)).toEqual([
      "carl-contributor:25fbc0a9-bd7c-42a3-aa1a-3b75d497ee68",
      "devs:5e0bd9bd-7b93-4f28-af87-19fc36ad61bd",
      "gus-guest:acdd72a7-3385-48ef-bd42-f606fba81ae7",
      "olivia-owner:8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
      "rita-reader:acdd72a7-3385-48ef-bd42-f606fba81ae7",
      "una-openai-user:5e0bd9bd-7b93-4f28-af87-19fc36ad61bd",
    ]);
    const atScope = await list("olivia-owner", `/subscriptions/${sub}/resourceGroups/ai-rg`, "atScope()");
    expect(roleNames(atScope.value)).toEqual([
      "devs:5e0bd9bd-7b93-4f28-af87-19fc36ad61bd",
      "gus-guest:acdd72a7-3385-48ef-bd42-f606fba81ae7",
      "olivia-owner:8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
      "rita-reader:acdd72a7-3385-48ef-bd42-f606fba81ae7",
    ]);
  });

  it("filters with assignedTo('{oid}') through group membership, and with principalId eq", async () => {
    const dana = principalNamed(ctx, "dev-dana").objectId;
    const assigned = await list("olivia-owner", `/subscriptions/${sub}`, `assignedTo('${dana}')`);
    expect(roleNames(assigned.value)).toEqual(["devs:5e0bd9bd-7b93-4f28-af87-19fc36ad61bd"]);
    const direct = await list("olivia-owner", `/subscriptions/${sub}`, `principalId eq '${dana}'`);
    expect(direct.value).toEqual([]);
    const una = principalNamed(ctx, "una-openai-user").objectId;
    const both = await list("una-openai-user", account, `atScope() and assignedTo('${una}')`);
    expect(roleNames(both.value)).toEqual(["una-openai-user:5e0bd9bd-7b93-4f28-af87-19fc36ad61bd"]);
  });

  it("returns ARM's role assignment shape", async () => {
    const una = principalNamed(ctx, "una-openai-user").objectId;
    const { value } = await list("olivia-owner", account, `principalId eq '${una}'`);
    expect(value).toHaveLength(1);
    const [assignment] = value;
    expect(assignment).toEqual({
      properties: {
        roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${OPENAI_USER}`,
        principalId: una,
        principalType: "User",
        scope: account,
        condition: null,
        conditionVersion: null,
        createdOn: new Date(START - 60 * 60_000).toISOString(),
        updatedOn: new Date(START - 60 * 60_000).toISOString(),
        createdBy: null,
        updatedBy: null,
        delegatedManagedIdentityResourceId: null,
        description: null,
      },
      id: `${account}/providers/Microsoft.Authorization/roleAssignments/${assignment?.name}`,
      type: "Microsoft.Authorization/roleAssignments",
      name: assignment?.name,
    });
  });

  it("refuses a list to a caller without roleAssignments/read, and an unsupported filter", async () => {
    expect((await list("nina-nobody", `/subscriptions/${sub}`)).status).toBe(403);
    const { response, text } = await armCall(
      surface,
      ctx,
      `/subscriptions/${sub}/providers/Microsoft.Authorization/roleAssignments?${V}&$filter=${encodeURIComponent("roleName eq 'x'")}`,
      { token: await tokenFor(ctx, "olivia-owner") },
    );
    expect(response.status).toBe(400);
    expect(text).toBe(
      `{"error":{"code":"UnsupportedQuery","message":"The $filter is not supported. Use atScope(), assignedTo('{objectId}') or principalId eq '{objectId}'."}}`,
    );
  });

  it("creates a role assignment (Owner), then gets and deletes it", async () => {
    const nina = principalNamed(ctx, "nina-nobody").objectId;
    const path = `${account}/providers/Microsoft.Authorization/roleAssignments/${NEW_ID}?${V}`;
    const token = await tokenFor(ctx, "olivia-owner");
    const body = {
      properties: {
        roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${OPENAI_USER}`,
        principalId: nina,
        principalType: "User",
      },
    };
    const created = await armCall(surface, ctx, path, { token, method: "PUT", body });
    expect(created.response.status).toBe(201);
    expect(created.json).toMatchObject({
      id: `${account}/providers/Microsoft.Authorization/roleAssignments/${NEW_ID}`,
      name: NEW_ID,
      properties: {
        principalId: nina,
        scope: account,
        principalType: "User",
        createdOn: new Date(START).toISOString(),
      },
    });
    const stored = ctx.world.roleAssignments.find((a) => a.id === NEW_ID);
    expect(stored).toMatchObject({
      principalId: nina,
      roleName: "Cognitive Services OpenAI User",
      createdAt: START,
    });

    // The data plane sees it only after the world's propagation delay.
    const chat = {
      principalId: nina,
      tenantId: tenantId(ctx, "contoso"),
      scope: account,
      dataAction: "Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action",
    };
    expect(evaluateDataAction(ctx, chat)).toMatchObject({ allowed: false, reason: "propagating" });
    ctx.clock.advance(ctx.world.rbacPropagationMs);
    expect(evaluateDataAction(ctx, chat).allowed).toBe(true);

    const again = await armCall(surface, ctx, path, { token, method: "PUT", body });
    expect(again.response.status).toBe(200);
    const got = await armCall(surface, ctx, path, { token: await tokenFor(ctx, "rita-reader") });
    expect(got.response.status).toBe(200);

    const deleted = await armCall(surface, ctx, path, { token, method: "DELETE" });
    expect(deleted.response.status).toBe(200);
    expect((deleted.json as Assignment).name).toBe(NEW_ID);
    expect(ctx.world.roleAssignments.some((a) => a.id === NEW_ID)).toBe(false);
    const gone = await armCall(surface, ctx, path, { token, method: "DELETE" });
    expect(gone.response.status).toBe(204);
    const missing = await armCall(surface, ctx, path, { token });
    expect(missing.response.status).toBe(404);
    expect(missing.text).toBe(
      `{"error":{"code":"RoleAssignmentNotFound","message":"The role assignment '${NEW_ID}' is not found."}}`,
    );
  });

  it("refuses to create without Microsoft.Authorization/roleAssignments/write", async () => {
    const carl = principalNamed(ctx, "carl-contributor");
    const { response, text } = await armCall(
      surface,
      ctx,
      `${account}/providers/Microsoft.Authorization/roleAssignments/${NEW_ID}?${V}`,
      {
        token: await tokenFor(ctx, "carl-contributor"),
        method: "PUT",
        body: { properties: { roleDefinitionId: OPENAI_USER, principalId: carl.objectId } },
      },
    );
    expect(response.status).toBe(403);
    expect(text).toBe(
      `{"error":{"code":"AuthorizationFailed","message":"The client '${carl.kind === "user" ? carl.upn : ""}' with object id '${carl.objectId}' does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/write' over scope '${account}' or the scope is invalid. If access was recently granted, please refresh your credentials."}}`,
    );
  });

  it("refuses invalid creations with ARM's codes", async () => {
    const token = await tokenFor(ctx, "olivia-owner");
    const una = principalNamed(ctx, "una-openai-user").objectId;
    const put = (name: string, properties: Record<string, unknown>) =>
      armCall(surface, ctx, `${account}/providers/Microsoft.Authorization/roleAssignments/${name}?${V}`, {
        token,
        method: "PUT",
        body: { properties },
      });
    const duplicate = await put(NEW_ID, { roleDefinitionId: OPENAI_USER, principalId: una });
    expect(duplicate.response.status).toBe(409);
    expect(duplicate.text).toBe(
      '{"error":{"code":"RoleAssignmentExists","message":"The role assignment already exists."}}',
    );
    const unknownRole = await put(NEW_ID, {
      roleDefinitionId: "00000000-0000-0000-0000-000000000001",
      principalId: una,
    });
    expect(unknownRole.response.status).toBe(400);
    expect((unknownRole.json as { error: { code: string } }).error.code).toBe("RoleDefinitionDoesNotExist");
    const nobody = await put(NEW_ID, {
      roleDefinitionId: OPENAI_USER,
      principalId: "00000000-0000-0000-0000-000000000002",
    });
    expect(nobody.response.status).toBe(400);
    expect(nobody.text).toBe(
      `{"error":{"code":"PrincipalNotFound","message":"Principal 00000000-0000-0000-0000-000000000002 does not exist in the directory ${tenantId(ctx, "contoso")}."}}`,
    );
    const badName = await put("not-a-guid", { roleDefinitionId: OPENAI_USER, principalId: una });
    expect(badName.response.status).toBe(400);
    expect((badName.json as { error: { code: string } }).error.code).toBe("InvalidRoleAssignmentId");
    const badBody = await put(NEW_ID, { principalId: una });
    expect((badBody.json as { error: { code: string } }).error.code).toBe("InvalidRequestContent");
  });

  it("404s a scope that does not exist", async () => {
    const token = await tokenFor(ctx, "olivia-owner");
    const { response, text } = await armCall(
      surface,
      ctx,
      `/subscriptions/${sub}/resourceGroups/missing-rg/providers/Microsoft.Authorization/roleAssignments?${V}`,
      { token },
    );
    expect(response.status).toBe(404);
    expect(text).toBe(
      '{"error":{"code":"ResourceGroupNotFound","message":"Resource group \'missing-rg\' could not be found."}}',
    );
  });
});

describe("parseRoleAssignmentFilter", () => {
  it("parses the three clauses ARM supports and refuses the rest", () => {
    expect(parseRoleAssignmentFilter(null)).toEqual({ atScope: false });
    expect(parseRoleAssignmentFilter("atScope()")).toEqual({ atScope: true });
    expect(parseRoleAssignmentFilter("atScope() and assignedTo('a')")).toEqual({
      atScope: true,
      assignedTo: "a",
    });
    expect(parseRoleAssignmentFilter("principalId eq 'p'")).toEqual({ atScope: false, principalId: "p" });
    expect(parseRoleAssignmentFilter("atScope() or assignedTo('a')")).toBeUndefined();
    expect(parseRoleAssignmentFilter("roleDefinitionId eq 'x'")).toBeUndefined();
  });
});
