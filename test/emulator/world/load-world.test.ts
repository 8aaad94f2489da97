import { describe, expect, it, vi } from "vitest";
import { loadWorld, validateWorld } from "../../../src/emulator/world/load-world.js";
import { WorldFileError } from "../../../src/emulator/world/world-file-error.js";

const FOOTER = "Fix the fields above and load the world again (docs/world.md describes every field).";

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof WorldFileError) return error.problems;
    throw error;
  }
  throw new Error("expected a WorldFileError");
}

const MINIMAL = `
tenants:
  - name: contoso
subscriptions:
  - name: sub
    tenant: contoso
accounts:
  - name: acct
    subscription: sub
    resourceGroup: rg
    deployments:
      - name: gpt-4o
        model: gpt-4o
`;

describe("loadWorld", () => {
  it("parses YAML and JSON and applies schema defaults", () => {
    const fromYaml = loadWorld(MINIMAL, "world.yaml");
    expect(fromYaml.tenants).toEqual([{ name: "contoso", cloud: "public" }]);
    expect(fromYaml.accounts[0]?.deployments[0]).toEqual({
      name: "gpt-4o",
      model: "gpt-4o",
      modelVersion: "2024-11-20",
      kind: "chat",
      createdMinutesAgo: 60,
    });
    expect(fromYaml.tokenLifetimeMinutes).toBe(60);
    const fromJson = loadWorld('{"tenants":[{"name":"contoso","cloud":"usgov"}]}', "world.json");
    expect(fromJson.tenants[0]?.cloud).toBe("usgov");
  });

  it("names the file, every bad field by path, and what to do", () => {
    const text = `
tenants:
  - name: contoso
    cloud: mars
subscriptions:
  - name: sub
    tenant: contoso
accounts:
  - name: acct
    subscription: sub
    resourceGroup: rg
    deployments:
      - name: a
        model: gpt-4o
      - name: b
        model: gpt-4o
        rpm: 0
        tmp: 5
    keys: [only-one]
faults:
  - target: entra
    status: 42
roleAssignments:
  - principal: x
    role: Reader
    scope: account:acct
    createdMinutesAgo: -1
startTime: yesterday
`;
    let error: unknown;
    try {
      loadWorld(text, "broken.yaml");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WorldFileError);
    const world = error as WorldFileError;
    expect(world.code).toBe("world.invalid");
    expect(world.problems).toEqual([
      'tenants[0].cloud: must be one of "public", "usgov", "china", not the text "mars"',
      "accounts[0].deployments[1].rpm: must be a positive integer",
      "accounts[0].deployments[1].tmp: is not a known field; remove it or check its spelling",
      "accounts[0].keys: must list at least 2 items",
      "faults[0].status: must be an integer >= 100",
      "roleAssignments[0].createdMinutesAgo: must be a number >= 0",
      'startTime: must be an ISO-8601 date and time with an offset, e.g. "2025-01-31T09:00:00Z", not the text "yesterday"',
    ]);
    expect(world.message).toBe(
      `world file "broken.yaml" is invalid:\n${world.problems.map((p) => `  - ${p}`).join("\n")}\n${FOOTER}`,
    );
  });

  it("reports missing and mistyped fields", () => {
    expect(
      problemsOf(() => validateWorld({ tenants: [{ name: "t" }], users: [{ name: "u", tenant: "t" }] }, "w")),
    ).toEqual(["users[0].password: is required"]);
    expect(problemsOf(() => validateWorld({ tenants: "contoso" }, "w"))).toEqual([
      'tenants: must be a list, not the text "contoso"',
    ]);
    expect(problemsOf(() => validateWorld({ tenants: [] }, "w"))).toEqual([
      "tenants: must list at least 1 item",
    ]);
    expect(problemsOf(() => validateWorld({ tenants: [{ name: "t", id: "not-a-guid" }] }, "w"))).toEqual([
      "tenants[0].id: must be a GUID",
    ]);
    expect(
      problemsOf(() =>
        validateWorld({ tenants: [{ name: "t" }], faults: [{ target: "entra", status: "slow" }] }, "w"),
      ),
    ).toEqual(['faults[0].status: must be a number or "timeout" or "reset" or "drip", not the text "slow"']);
  });

  it("names line and column of a YAML syntax error", () => {
    expect(
      problemsOf(() => loadWorld("tenants:\n  - name: a\n  - name: a\nname: x\nname: y\n", "dup.yaml")),
    ).toEqual(["line 5, column 1: Map keys must be unique (YAML/JSON syntax)"]);
    expect(problemsOf(() => loadWorld("tenants: [a, b\nusers: 3", "flow.yaml"))).toEqual([
      "line 2, column 1: Flow sequence in block collection must be sufficiently indented and end with a ] (YAML/JSON syntax)",
    ]);
    expect(problemsOf(() => loadWorld("# nothing\n", "empty.yaml"))).toEqual([
      "(top level): the file is empty; declare at least tenants",
    ]);
  });

  it("checks references between entities", () => {
    const problems = problemsOf(() =>
      validateWorld(
        {
          tenants: [{ name: "contoso" }],
          users: [{ name: "alice", tenant: "fabrikam", password: "p", groups: ["devs"] }],
          managedIdentities: [
            { name: "mi1", tenant: "contoso", kind: "system" },
            { name: "mi2", tenant: "contoso", kind: "system" },
          ],
          hosts: [{ name: "vm", kind: "imds", identities: ["mi1", "mi2", "ghost"], user: "bob" }],
          azureCli: { principal: "carol" },
          subscriptions: [{ name: "sub", tenant: "contoso" }],
          accounts: [{ name: "acct", subscription: "nosub", resourceGroup: "rg", identity: "nope" }],
          roleAssignments: [
            { principal: "bob", role: "Reader", scope: "account:acct" },
            { principal: "alice", role: "Reader", scope: "resourceGroup:sub" },
            { principal: "alice", role: "Reader", scope: "account:other" },
            { principal: "alice", role: "Reader", scope: "project:acct/p1" },
            { principal: "alice", role: "Reader", scope: "tenant:contoso" },
          ],
          defaults: { account: "acct", deployment: "gpt-4o", application: "app", host: "vm2" },
        },
        "refs.yaml",
      ),
    );
    expect(problems).toEqual([
      'users[0].tenant: tenant "fabrikam" is not declared under tenants',
      'users[0].groups[0]: group "devs" is not declared under groups',
      'hosts[0].identities[2]: managed identity "ghost" is not declared under managedIdentities',
      "hosts[0].identities: a host has at most one system-assigned identity, found 2",
      'hosts[0].user: user "bob" is not declared under users',
      'azureCli.principal: "carol" is not a user or application declared in the world',
      'accounts[0].subscription: subscription "nosub" is not declared under subscriptions',
      'accounts[0].identity: managed identity "nope" is not declared under managedIdentities',
      'roleAssignments[0].principal: "bob" is not a user, group, application or managed identity declared in the world (by name or objectId)',
      'roleAssignments[1].scope: "resourceGroup:sub" must be resourceGroup:<subscription>/<resource group>',
      'roleAssignments[2].scope: account "other" is not declared under accounts',
      'roleAssignments[3].scope: project "p1" is not declared in accounts "acct" projects',
      'roleAssignments[4].scope: "tenant:contoso" is not a scope; use subscription:<sub>, resourceGroup:<sub>/<rg>, account:<name>, project:<account>/<project> or a full ARM id starting with "/"',
      'defaults.application: application "app" is not declared under applications',
      'defaults.host: host "vm2" is not declared under hosts',
    ]);
  });

  it("refuses duplicate names, including one principal name used by two kinds", () => {
    const problems = problemsOf(() =>
      validateWorld(
        {
          tenants: [{ name: "contoso" }, { name: "contoso" }],
          users: [{ name: "x", tenant: "contoso", password: "p" }],
          applications: [{ name: "x", tenant: "contoso" }],
        },
        "dups.yaml",
      ),
    );
    expect(problems).toEqual([
      'tenants[1].name: "contoso" is already used by tenants[0]; names must be unique',
      'principal name "x" is used by a user and an application; names must be unique across users, groups, applications and managed identities',
    ]);
  });

  it("accepts a principal by object id and a full ARM scope", () => {
    const doc = validateWorld(
      {
        tenants: [{ name: "contoso" }],
        users: [
          {
            name: "alice",
            tenant: "contoso",
            password: "p",
            objectId: "11111111-2222-4333-8444-555555555555",
          },
        ],
        roleAssignments: [
          {
            principal: "11111111-2222-4333-8444-555555555555",
            role: "Reader",
            scope: "/subscriptions/0000/resourceGroups/rg",
          },
        ],
      },
      "ok.yaml",
    );
    expect(doc.roleAssignments[0]?.createdMinutesAgo).toBe(60);
  });
});

describe("Foundry projects in a world file", () => {
  const world = (projects: unknown, kind = "AIServices") => ({
    tenants: [{ name: "contoso" }],
    subscriptions: [{ name: "sub", tenant: "contoso" }],
    accounts: [{ name: "acct", subscription: "sub", resourceGroup: "rg", kind, projects }],
  });

  it("accepts projects as { name } entries and as bare names", () => {
    expect(validateWorld(world([{ name: "chat" }, "eval"]), "ok.yaml").accounts[0]?.projects).toEqual([
      { name: "chat" },
      "eval",
    ]);
  });

  it("explains a bad project entry at its own field", () => {
    expect(problemsOf(() => validateWorld(world([{ nmae: "chat" }, { name: "" }, 3]), "bad.yaml"))).toEqual([
      "accounts[0].projects[0].name: is required",
      "accounts[0].projects[0].nmae: is not a known field; remove it or check its spelling",
      "accounts[0].projects[1].name: must not be empty",
      "accounts[0].projects[2]: must be a mapping of fields or a text value, not the number 3",
    ]);
  });

  it("refuses projects on an OpenAI account, a name that is not one path segment, and duplicates", () => {
    expect(problemsOf(() => validateWorld(world([{ name: "chat" }], "OpenAI"), "kind.yaml"))).toEqual([
      'accounts[0].projects: account "acct" is of kind OpenAI; only an AIServices (Foundry) account has projects, so set kind: AIServices or remove projects',
    ]);
    expect(
      problemsOf(() => validateWorld(world([{ name: "team/chat" }, { name: "Chat" }, "chat"]), "names.yaml")),
    ).toEqual([
      'accounts[0].projects[0].name: "team/chat" cannot be a project name; it is one segment of the project endpoint\'s path (/api/projects/<project>), so use letters, digits, "-", "_" or "."',
      'accounts[0].projects[2]: "chat" is already used by accounts[0].projects[1]; project names must be unique in an account (case does not count)',
    ]);
  });

  it("checks project scopes against the account's projects, case-insensitively", () => {
    const assign = (scope: string) => ({
      ...world([{ name: "chat" }]),
      users: [{ name: "u", tenant: "contoso", password: "p" }],
      roleAssignments: [{ principal: "u", role: "Azure AI User", scope }],
    });
    expect(validateWorld(assign("project:acct/Chat"), "ok.yaml").roleAssignments).toHaveLength(1);
    expect(problemsOf(() => validateWorld(assign("project:acct/eval"), "scope.yaml"))).toEqual([
      'roleAssignments[0].scope: project "eval" is not declared in accounts "acct" projects',
    ]);
  });
});

describe("a world file's problems never show a secret field's value", () => {
  const problemsOf = (doc: unknown): string => {
    try {
      validateWorld(doc, "world.yaml");
    } catch (error) {
      if (error instanceof WorldFileError) return error.message;
      throw error;
    }
    throw new Error("no WorldFileError");
  };
  it("names the field and the kind of value: a password, a client secret's value", () => {
    const tenants = [{ name: "contoso" }];
    const password = problemsOf({ tenants, users: [{ name: "u", tenant: "contoso", password: 735190284 }] });
    expect(password).toContain(
      "users[0].password: must be a text value, not a number (not shown: a secret field)",
    );
    expect(password).not.toContain("735190284");
    const secret = problemsOf({
      tenants,
      applications: [{ name: "a", tenant: "contoso", secrets: [{ value: 913846502 }] }],
    });
    expect(secret).toContain(
      "applications[0].secrets[0].value: must be a text value, not a number (not shown: a secret field)",
    );
    expect(secret).not.toContain("913846502");
    // Other fields keep their value in the message: it is what to fix.
    expect(problemsOf({ tenants: [{ name: 7 }] })).toContain(
      "tenants[0].name: must be a text value, not the number 7",
    );
  });
});

describe("YAML the parser reads but cannot resolve (found by test/reliability/world-fuzz.test.ts)", () => {
  it("an alias to no anchor is a WorldFileError, not the yaml package's ReferenceError", () => {
    expect(() => loadWorld("*!", "world.yaml")).toThrow(WorldFileError);
    const error = (() => {
      try {
        loadWorld("tenants: *missing", "world.yaml");
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(WorldFileError);
    expect((error as WorldFileError).problems).toEqual([
      "(top level): Unresolved alias (the anchor must be set before the alias): missing (YAML/JSON syntax)",
    ]);
  });

  it("an unknown tag (!!js/function) is a WorldFileError naming its place, never a printed warning", () => {
    const warn = vi.spyOn(process, "emitWarning");
    const error = (() => {
      try {
        loadWorld("tenants:\n  - name: !!js/function 'function () {}'\n", "world.yaml");
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    })();
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
    expect(error).toBeInstanceOf(WorldFileError);
    expect((error as WorldFileError).problems).toEqual([
      "line 2, column 11: Unresolved tag: tag:yaml.org,2002:js/function (YAML/JSON syntax)",
    ]);
  });
});
