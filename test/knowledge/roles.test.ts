import { describe, expect, it } from "vitest";
import { DATA_ACTIONS } from "../../src/knowledge/data-actions.js";
import {
  BUILT_IN_ROLE_IDS,
  BUILT_IN_ROLES,
  findRole,
  isControlPlaneOnly,
  matchesAction,
  type RoleDefinition,
  type RolePermissions,
  roleGrantsAction,
  roleGrantsDataAction,
  rolesGrantingDataAction,
} from "../../src/knowledge/roles.js";

const CS = "Microsoft.CognitiveServices";
const CHAT = `${CS}/accounts/OpenAI/deployments/chat/completions/action`;
const LIST_KEYS = `${CS}/accounts/listKeys/action`;
const AGENTS_READ = `${CS}/accounts/AIServices/agents/read`;
const STORED_READ = `${CS}/accounts/OpenAI/stored-completions/read`;

function mustFind(name: string): RoleDefinition {
  const role = findRole(name);
  if (role === undefined) throw new Error(`no built-in role ${name}`);
  return role;
}

describe("BUILT_IN_ROLES", () => {
  it("has the twelve roles with their exact names and GUIDs", () => {
    expect(BUILT_IN_ROLES.map((r) => [r.name, r.id])).toEqual([
      ["Cognitive Services OpenAI User", "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd"],
      ["Cognitive Services OpenAI Contributor", "a001fd3d-188f-4b5d-821b-7da978bf7442"],
      ["Cognitive Services User", "a97b65f3-24c7-4388-baec-2e87135dc908"],
      ["Cognitive Services Contributor", "25fbc0a9-bd7c-42a3-aa1a-3b75d497ee68"],
      ["Cognitive Services Data Reader (Preview)", "b59867f0-fa02-499b-be73-45a86b5b3e1c"],
      ["Azure AI Developer", "64702f94-c441-49e6-a78b-ef80e0188fee"],
      ["Azure AI User", "53ca6127-db72-4b80-b1b0-d745d6d5456d"],
      ["Azure AI Project Manager", "eadc314b-1a2d-4efa-be10-5d325db5065e"],
      ["Azure AI Account Owner", "e47c6f54-e4a2-4754-9501-8e0985b135e1"],
      ["Owner", "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"],
      ["Contributor", "b24988ac-6180-42a0-ab88-20f7382dd24c"],
      ["Reader", "acdd72a7-3385-48ef-bd42-f606fba81ae7"],
    ]);
  });

  it("agrees with BUILT_IN_ROLE_IDS", () => {
    expect(Object.values(BUILT_IN_ROLE_IDS).sort()).toEqual(BUILT_IN_ROLES.map((r) => r.id).sort());
  });

  it("spells every permission in full, with no abbreviations or braces", () => {
    for (const role of BUILT_IN_ROLES) {
      for (const p of [...role.actions, ...role.notActions, ...role.dataActions, ...role.notDataActions]) {
        expect(p).not.toMatch(/^CS\/|[{}…]/);
        expect(p).toMatch(/^(\*|\*\/read|Microsoft\.[A-Za-z]+\/.+)$/);
      }
    }
  });

  it("lists the OpenAI User data actions exactly", () => {
    const role = mustFind("Cognitive Services OpenAI User");
    expect(role.actions).toEqual([
      `${CS}/*/read`,
      "Microsoft.Authorization/roleAssignments/read",
      "Microsoft.Authorization/roleDefinitions/read",
    ]);
    expect(role.dataActions).toEqual([
      `${CS}/accounts/OpenAI/*/read`,
      `${CS}/accounts/OpenAI/engines/completions/action`,
      `${CS}/accounts/OpenAI/engines/search/action`,
      `${CS}/accounts/OpenAI/engines/generate/action`,
      `${CS}/accounts/OpenAI/deployments/audio/action`,
      `${CS}/accounts/OpenAI/deployments/search/action`,
      `${CS}/accounts/OpenAI/deployments/completions/action`,
      `${CS}/accounts/OpenAI/deployments/chat/completions/action`,
      `${CS}/accounts/OpenAI/deployments/realtime/action`,
      `${CS}/accounts/OpenAI/deployments/extensions/chat/completions/action`,
      `${CS}/accounts/OpenAI/deployments/embeddings/action`,
      `${CS}/accounts/OpenAI/images/generations/action`,
      `${CS}/accounts/OpenAI/assistants/*`,
      `${CS}/accounts/OpenAI/responses/*`,
    ]);
    expect(role.notDataActions).toEqual([STORED_READ]);
  });

  it("lists the summary permissions of the other roles", () => {
    expect(mustFind("Cognitive Services OpenAI Contributor").dataActions).toEqual([
      `${CS}/accounts/OpenAI/*`,
    ]);
    expect(mustFind("Cognitive Services OpenAI Contributor").actions).toEqual(
      expect.arrayContaining([
        `${CS}/accounts/deployments/write`,
        `${CS}/accounts/deployments/delete`,
        `${CS}/accounts/raiPolicies/write`,
        `${CS}/accounts/commitmentplans/write`,
      ]),
    );
    expect(mustFind("Cognitive Services User").dataActions).toEqual([`${CS}/*`]);
    expect(mustFind("Cognitive Services User").actions).toContain(`${CS}/accounts/listkeys/action`);
    expect(mustFind("Cognitive Services Contributor").actions).toContain(`${CS}/*`);
    expect(mustFind("Cognitive Services Contributor").dataActions).toEqual([]);
    expect(mustFind("Cognitive Services Data Reader (Preview)").actions).toEqual([]);
    expect(mustFind("Cognitive Services Data Reader (Preview)").dataActions).toEqual([`${CS}/*/read`]);
    expect(mustFind("Azure AI Developer").dataActions).toEqual([
      `${CS}/accounts/OpenAI/*`,
      `${CS}/accounts/SpeechServices/*`,
      `${CS}/accounts/ContentSafety/*`,
    ]);
    expect(mustFind("Azure AI User").dataActions).toEqual([`${CS}/*`]);
    expect(mustFind("Azure AI User").actions).toContain(`${CS}/accounts/listkeys/action`);
    expect(mustFind("Azure AI Project Manager").dataActions).toEqual([`${CS}/*`]);
    expect(mustFind("Azure AI Account Owner").dataActions).toEqual([]);
    expect(mustFind("Owner").actions).toEqual(["*"]);
    expect(mustFind("Contributor").actions).toEqual(["*"]);
    expect(mustFind("Contributor").notActions).toContain("Microsoft.Authorization/*/Write");
    expect(mustFind("Reader").actions).toEqual(["*/read"]);
  });

  it("records the conditional delegation of the Foundry manager roles", () => {
    for (const name of ["Azure AI Project Manager", "Azure AI Account Owner"]) {
      expect(mustFind(name).condition).toContain("GuidEquals{53ca6127-db72-4b80-b1b0-d745d6d5456d}");
    }
    expect(mustFind("Azure AI User").condition).toBeUndefined();
  });

  it("is deeply frozen", () => {
    const role = mustFind("Owner");
    expect(Object.isFrozen(BUILT_IN_ROLES)).toBe(true);
    expect(Object.isFrozen(role)).toBe(true);
    expect(Object.isFrozen(role.dataActions)).toBe(true);
    expect(() => (role.dataActions as string[]).push(`${CS}/*`)).toThrow(TypeError);
  });
});

describe("findRole", () => {
  it.each([
    ["Cognitive Services OpenAI User", "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd"],
    ["cognitive services openai user", "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd"],
    ["  COGNITIVE   SERVICES OPENAI USER ", "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd"],
    ["5e0bd9bd-7b93-4f28-af87-19fc36ad61bd", "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd"],
    ["5E0BD9BD-7B93-4F28-AF87-19FC36AD61BD", "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd"],
    [
      "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/a97b65f3-24c7-4388-baec-2e87135dc908",
      "a97b65f3-24c7-4388-baec-2e87135dc908",
    ],
    [
      "/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7",
      "acdd72a7-3385-48ef-bd42-f606fba81ae7",
    ],
    [
      "/subscriptions/x/resourceGroups/rg/providers/microsoft.authorization/roledefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635/",
      "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
    ],
    ["Foundry User", "53ca6127-db72-4b80-b1b0-d745d6d5456d"],
    ["foundry project manager", "eadc314b-1a2d-4efa-be10-5d325db5065e"],
    ["Foundry Account Owner", "e47c6f54-e4a2-4754-9501-8e0985b135e1"],
    ["Cognitive Services Data Reader", "b59867f0-fa02-499b-be73-45a86b5b3e1c"],
    ["cognitive services data reader (preview)", "b59867f0-fa02-499b-be73-45a86b5b3e1c"],
  ])("%s -> %s", (query, id) => {
    expect(findRole(query)?.id).toBe(id);
  });

  it.each([
    "",
    "OpenAI User",
    "Cognitive Services OpenAI",
    "00000000-0000-0000-0000-000000000000",
    "/subscriptions/x/providers/Microsoft.Authorization/roleDefinitions/not-a-guid",
    "Storage Blob Data Reader",
  ])("finds nothing for %j", (query) => {
    expect(findRole(query)).toBeUndefined();
  });
});

describe("matchesAction", () => {
  it.each([
    ["*", "Microsoft.CognitiveServices/accounts/listKeys/action"],
    ["*/read", "Microsoft.Resources/subscriptions/read"],
    ["Microsoft.CognitiveServices/*", CHAT],
    ["Microsoft.CognitiveServices/*/read", "Microsoft.CognitiveServices/accounts/OpenAI/models/read"],
    [
      "Microsoft.CognitiveServices/accounts/OpenAI/*/read",
      "Microsoft.CognitiveServices/accounts/OpenAI/deployments/read",
    ],
    ["Microsoft.CognitiveServices/accounts/*/read", "Microsoft.CognitiveServices/accounts/projects/read"],
    [
      "Microsoft.CognitiveServices/accounts/listkeys/action",
      "Microsoft.CognitiveServices/accounts/listKeys/action",
    ],
    [
      "MICROSOFT.COGNITIVESERVICES/ACCOUNTS/OPENAI/*",
      "microsoft.cognitiveservices/accounts/openai/deployments/chat/completions/action",
    ],
    ["Microsoft.CognitiveServices/accounts/OpenAI/deployments/*/action", CHAT],
    [
      "Microsoft.CognitiveServices/accounts/OpenAI/assistants/*",
      "Microsoft.CognitiveServices/accounts/OpenAI/assistants/threads/runs/write",
    ],
    ["Microsoft.Authorization/*/Write", "Microsoft.Authorization/roleAssignments/write"],
    ["Microsoft.*/read", "Microsoft.Storage/storageAccounts/read"],
    [" Microsoft.CognitiveServices/* ", CHAT],
  ])("%s covers %s", (pattern, action) => {
    expect(matchesAction(pattern, action)).toBe(true);
  });

  it.each([
    ["*/read", "Microsoft.CognitiveServices/accounts/listKeys/action"],
    ["Microsoft.CognitiveServices/*/read", CHAT],
    ["Microsoft.CognitiveServices/accounts/OpenAI/*", AGENTS_READ],
    [
      "Microsoft.CognitiveServices/accounts/OpenAI/*/read",
      "Microsoft.CognitiveServices/accounts/OpenAI/read",
    ],
    [
      "Microsoft.CognitiveServices/accounts/listKeys/action",
      "Microsoft.CognitiveServices/accounts/listKeys/actions",
    ],
    [
      "Microsoft.CognitiveServices/accounts/listKeys/action",
      "x/Microsoft.CognitiveServices/accounts/listKeys/action",
    ],
    // Regex metacharacters in patterns are literal.
    ["Microsoft.CognitiveServices/accounts/read", "MicrosoftXCognitiveServices/accounts/read"],
    ["Microsoft.CognitiveServices/(accounts)/read", "Microsoft.CognitiveServices/accounts/read"],
    ["", CHAT],
  ])("%j does not cover %s", (pattern, action) => {
    expect(matchesAction(pattern, action)).toBe(false);
  });
});

describe("roleGrantsDataAction", () => {
  it.each([
    ["Cognitive Services OpenAI User", CHAT, true],
    ["Cognitive Services OpenAI User", DATA_ACTIONS.embeddings, true],
    ["Cognitive Services OpenAI User", DATA_ACTIONS.realtime, true],
    ["Cognitive Services OpenAI User", DATA_ACTIONS.imagesGenerations, true],
    ["Cognitive Services OpenAI User", DATA_ACTIONS.threadRunsWrite, true],
    ["Cognitive Services OpenAI User", DATA_ACTIONS.deploymentsRead, true],
    ["Cognitive Services OpenAI User", STORED_READ, false],
    [
      "Cognitive Services OpenAI User",
      "microsoft.cognitiveservices/accounts/openai/STORED-COMPLETIONS/read",
      false,
    ],
    ["Cognitive Services OpenAI User", AGENTS_READ, false],
    ["Cognitive Services OpenAI User", `${CS}/accounts/OpenAI/deployments/write`, false],
    ["Cognitive Services OpenAI Contributor", STORED_READ, true],
    ["Cognitive Services OpenAI Contributor", CHAT, true],
    ["Cognitive Services OpenAI Contributor", AGENTS_READ, false],
    ["Cognitive Services User", CHAT, true],
    ["Cognitive Services User", AGENTS_READ, true],
    ["Azure AI User", CHAT, true],
    ["Azure AI User", AGENTS_READ, true],
    ["Azure AI User", DATA_ACTIONS.agentsWrite, true],
    ["Azure AI Project Manager", CHAT, true],
    ["Azure AI Developer", CHAT, true],
    ["Azure AI Developer", AGENTS_READ, false],
    ["Azure AI Developer", `${CS}/accounts/SpeechServices/speechrest/transcriptions/read`, true],
    ["Cognitive Services Data Reader (Preview)", CHAT, false],
    ["Cognitive Services Data Reader (Preview)", DATA_ACTIONS.deploymentsRead, true],
    ["Cognitive Services Contributor", CHAT, false],
    ["Azure AI Account Owner", CHAT, false],
    ["Owner", CHAT, false],
    ["Contributor", CHAT, false],
    ["Reader", CHAT, false],
    ["Reader", DATA_ACTIONS.deploymentsRead, false],
  ] as const)("%s grants %s: %s", (name, dataAction, expected) => {
    expect(roleGrantsDataAction(mustFind(name), dataAction)).toBe(expected);
  });

  it("works on a custom role read from ARM", () => {
    const custom: RolePermissions = {
      actions: [],
      notActions: [],
      dataActions: [`${CS}/accounts/OpenAI/deployments/*/action`],
      notDataActions: [`${CS}/accounts/OpenAI/deployments/embeddings/action`],
    };
    expect(roleGrantsDataAction(custom, CHAT)).toBe(true);
    expect(roleGrantsDataAction(custom, DATA_ACTIONS.embeddings)).toBe(false);
    expect(roleGrantsAction(custom, LIST_KEYS)).toBe(false);
  });
});

describe("roleGrantsAction", () => {
  it.each([
    ["Owner", LIST_KEYS, true],
    ["Contributor", LIST_KEYS, true],
    ["Cognitive Services Contributor", LIST_KEYS, true],
    ["Cognitive Services User", LIST_KEYS, true],
    ["Azure AI User", LIST_KEYS, true],
    ["Azure AI Account Owner", LIST_KEYS, true],
    ["Cognitive Services OpenAI User", LIST_KEYS, false],
    ["Cognitive Services OpenAI Contributor", LIST_KEYS, false],
    ["Reader", LIST_KEYS, false],
    ["Cognitive Services Data Reader (Preview)", LIST_KEYS, false],
    ["Azure AI Developer", LIST_KEYS, false],
    ["Owner", "Microsoft.Authorization/roleAssignments/write", true],
    ["Contributor", "Microsoft.Authorization/roleAssignments/write", false],
    ["Contributor", "Microsoft.Authorization/roleAssignments/read", true],
    ["Reader", "Microsoft.CognitiveServices/accounts/read", true],
    ["Cognitive Services OpenAI Contributor", "Microsoft.CognitiveServices/accounts/deployments/write", true],
    ["Cognitive Services OpenAI User", "Microsoft.CognitiveServices/accounts/deployments/write", false],
    ["Azure AI Developer", "Microsoft.MachineLearningServices/workspaces/listKeys/action", false],
    ["Azure AI Developer", "Microsoft.MachineLearningServices/workspaces/computes/read", true],
  ] as const)("%s grants %s: %s", (name, action, expected) => {
    expect(roleGrantsAction(mustFind(name), action)).toBe(expected);
  });
});

describe("rolesGrantingDataAction", () => {
  it("puts OpenAI User first for chat and leaves out roles without data actions", () => {
    expect(rolesGrantingDataAction(CHAT).map((r) => r.name)).toEqual([
      "Cognitive Services OpenAI User",
      "Cognitive Services OpenAI Contributor",
      "Azure AI Developer",
      "Azure AI User",
      "Cognitive Services User",
      "Azure AI Project Manager",
    ]);
  });

  it("puts Azure AI User first for Foundry agents", () => {
    expect(rolesGrantingDataAction(AGENTS_READ).map((r) => r.name)).toEqual([
      "Azure AI User",
      "Cognitive Services User",
      "Azure AI Project Manager",
      "Cognitive Services Data Reader (Preview)",
    ]);
  });

  it("skips OpenAI User for stored completions", () => {
    expect(rolesGrantingDataAction(STORED_READ).map((r) => r.name)).toEqual([
      "Cognitive Services OpenAI Contributor",
      "Azure AI Developer",
      "Azure AI User",
      "Cognitive Services User",
      "Azure AI Project Manager",
      "Cognitive Services Data Reader (Preview)",
    ]);
  });

  it("returns nothing for an action outside Cognitive Services", () => {
    expect(
      rolesGrantingDataAction("Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"),
    ).toEqual([]);
  });
});

describe("isControlPlaneOnly", () => {
  it.each([
    ["Owner", true],
    ["Contributor", true],
    ["Cognitive Services Contributor", true],
    ["Azure AI Account Owner", true],
    ["Reader", false],
    ["Cognitive Services OpenAI User", false],
    ["Cognitive Services OpenAI Contributor", false],
    ["Cognitive Services User", false],
    ["Cognitive Services Data Reader (Preview)", false],
    ["Azure AI Developer", false],
    ["Azure AI User", false],
    ["Azure AI Project Manager", false],
  ] as const)("%s: %s", (name, expected) => {
    expect(isControlPlaneOnly(mustFind(name))).toBe(expected);
  });

  it("is the reason the key works but the token does not", () => {
    for (const name of ["Owner", "Contributor", "Cognitive Services Contributor"]) {
      const role = mustFind(name);
      expect(roleGrantsAction(role, LIST_KEYS)).toBe(true);
      expect(roleGrantsDataAction(role, CHAT)).toBe(false);
    }
  });
});
