import YAML, { YAMLError } from "yaml";
import type { z } from "zod";
import { projectEntryName } from "./projects.js";
import { type WorldDocument, worldSchema } from "./schema.js";
import { WorldFileError } from "./world-file-error.js";

type Issue = z.core.$ZodIssue;
type PathKey = PropertyKey;

/** `accounts[0].deployments[1].rpm`; the top level is `(top level)`. */
function formatPath(path: readonly PathKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out === "" ? "(top level)" : out;
}

interface SchemaNode {
  _zod: { def: Record<string, unknown> & { type: string } };
}

/** The schema that validates the value at `path`, looking through optional/default/nullable wrappers. */
function schemaAt(root: SchemaNode, path: readonly PathKey[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = root;
  const unwrap = (n: SchemaNode): SchemaNode => {
    let current = n;
    for (;;) {
      const def = current._zod.def;
      if (["optional", "default", "nullable", "prefault", "readonly", "nonoptional"].includes(def.type)) {
        current = def.innerType as SchemaNode;
      } else return current;
    }
  };
  for (const key of path) {
    if (node === undefined) return undefined;
    const def: SchemaNode["_zod"]["def"] = unwrap(node)._zod.def;
    if (def.type === "object") node = (def.shape as Record<string, SchemaNode>)[String(key)];
    else if (def.type === "array") node = def.element as SchemaNode;
    else if (def.type === "tuple") node = (def.items as SchemaNode[])[Number(key)];
    else if (def.type === "record") node = def.valueType as SchemaNode;
    else return undefined;
  }
  return node === undefined ? undefined : unwrap(node);
}

function isIntegerSchema(node: SchemaNode | undefined): boolean {
  // A union (a fault's status: a number or a keyword) is an integer field when its number option is.
  const number =
    node?._zod.def.type === "union"
      ? (node._zod.def.options as SchemaNode[]).find((option) => option._zod.def.type === "number")
      : node;
  const checks = (number?._zod.def.checks ?? []) as { _zod: { def: { format?: string } } }[];
  return checks.some((c) => c._zod.def.format === "safeint" || c._zod.def.format === "int32");
}

function valueAt(input: unknown, path: readonly PathKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** Fields whose value is a secret (passwords, client secrets' values, keys, tokens, PEM keys). */
const SECRET_FIELD = /passw|secret|^value$|key|token|assertion|pem$/i;

/** Whether the field at `path` holds a secret, so a problem names its kind and never its value. */
function isSecretField(path: readonly PathKey[]): boolean {
  const field = [...path].reverse().find((key) => typeof key === "string");
  return typeof field === "string" && SECRET_FIELD.test(field);
}

function describeValue(value: unknown, secret = false): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (secret)
    return typeof value === "string"
      ? "a text value (not shown: a secret field)"
      : `a ${typeof value} (not shown: a secret field)`;
  if (typeof value === "string") return `the text ${JSON.stringify(value)}`;
  return `${typeof value === "number" ? "the number" : "the value"} ${String(value)}`;
}

const EXPECTED: Record<string, string> = {
  string: "a text value",
  number: "a number",
  int: "an integer",
  boolean: "true or false",
  array: "a list",
  object: "a mapping of fields",
  record: "a mapping of fields",
  tuple: "a list",
};

function describeIssue(
  issue: Issue,
  input: unknown,
  root: SchemaNode,
  basePath: readonly PathKey[] = [],
): string {
  const path = [...basePath, ...issue.path];
  const secret = isSecretField(path);
  const describe = (v: unknown) => describeValue(v, secret);
  const value = valueAt(input, path);
  switch (issue.code) {
    case "invalid_type": {
      if (value === undefined) return "is required";
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      if (issue.expected === "tuple" || issue.expected === "array")
        return `must be ${expected}, not ${describe(value)}`;
      return `must be ${expected}, not ${describe(value)}`;
    }
    case "too_small": {
      const minimum = Number(issue.minimum);
      if (issue.origin === "string")
        return minimum <= 1 ? "must not be empty" : `must have at least ${minimum} characters`;
      if (issue.origin === "array") return `must list at least ${minimum} item${minimum === 1 ? "" : "s"}`;
      const integer = isIntegerSchema(schemaAt(root, path));
      if (minimum === 0 && !issue.inclusive)
        return integer ? "must be a positive integer" : "must be a positive number";
      return `must be ${integer ? "an integer" : "a number"} ${issue.inclusive ? ">=" : ">"} ${minimum}`;
    }
    case "too_big": {
      const maximum = Number(issue.maximum);
      if (issue.origin === "string") return `must have at most ${maximum} characters`;
      if (issue.origin === "array") return `must list at most ${maximum} items`;
      return `must be ${issue.inclusive ? "<=" : "<"} ${maximum}`;
    }
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}, not ${describe(value)}`;
    case "invalid_format":
      if (issue.format === "datetime") {
        return `must be an ISO-8601 date and time with an offset, e.g. "2025-01-31T09:00:00Z", not ${describe(value)}`;
      }
      return issue.message.startsWith("must") ? issue.message : `has an invalid format (${issue.format})`;
    case "invalid_union": {
      // A branch whose type matched but a constraint failed explains the problem best.
      for (const branch of issue.errors) {
        const first = branch[0];
        if (first !== undefined && first.code !== "invalid_type" && first.code !== "invalid_value") {
          return describeIssue(first, input, root, path);
        }
      }
      const alternatives = issue.errors.flatMap((branch) =>
        branch.flatMap((b) =>
          b.code === "invalid_type"
            ? [EXPECTED[b.expected] ?? b.expected]
            : b.code === "invalid_value"
              ? b.values.map((v) => JSON.stringify(v))
              : [],
        ),
      );
      return `must be ${alternatives.join(" or ")}, not ${describe(value)}`;
    }
    default:
      return issue.message;
  }
}

/** Where a path sits in the document (key and item positions), so problems read top to bottom. */
function documentPosition(input: unknown, path: readonly PathKey[]): number[] {
  const position: number[] = [];
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== "object") break;
    position.push(Array.isArray(current) ? Number(key) : Object.keys(current).indexOf(String(key)));
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return position;
}

function comparePositions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}

/**
 * A union (`projects: [{ name }]` or `[name]`) reports every branch's issues; when exactly one
 * branch has the value's type, its issues (at their full paths) explain the problem, e.g.
 * `accounts[0].projects[0].nmae: is not a known field`.
 */
function expandUnion(issue: Issue): Issue[] {
  if (issue.code !== "invalid_union") return [issue];
  const typed = issue.errors.filter(
    (branch) =>
      branch.length > 0 &&
      !branch.some((b) => b.path.length === 0 && (b.code === "invalid_type" || b.code === "invalid_value")),
  );
  const [branch] = typed;
  if (typed.length !== 1 || branch === undefined) return [issue];
  return branch.flatMap((b) => expandUnion({ ...b, path: [...issue.path, ...b.path] } as Issue));
}

function schemaProblems(issues: readonly Issue[], input: unknown): string[] {
  const root = worldSchema as unknown as SchemaNode;
  const problems: { position: number[]; text: string }[] = [];
  for (const issue of issues.flatMap(expandUnion)) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        problems.push({
          position: documentPosition(input, path),
          text: `${formatPath(path)}: is not a known field; remove it or check its spelling`,
        });
      }
    } else {
      problems.push({
        position: documentPosition(input, issue.path),
        text: `${formatPath(issue.path)}: ${describeIssue(issue, input, root)}`,
      });
    }
  }
  return problems.sort((a, b) => comparePositions(a.position, b.position)).map((p) => p.text);
}

function duplicateNames(list: readonly { name: string }[], field: string, problems: string[]): void {
  const seen = new Map<string, number>();
  list.forEach((item, index) => {
    const first = seen.get(item.name);
    if (first === undefined) seen.set(item.name, index);
    else
      problems.push(
        `${field}[${index}].name: "${item.name}" is already used by ${field}[${first}]; names must be unique`,
      );
  });
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reference and uniqueness checks the schema cannot express. */
function referenceProblems(doc: WorldDocument): string[] {
  const problems: string[] = [];
  const tenants = new Set(doc.tenants.map((t) => t.name));
  const groups = new Set(doc.groups.map((g) => g.name));
  const users = new Set(doc.users.map((u) => u.name));
  const applications = new Set(doc.applications.map((a) => a.name));
  const identities = new Map(doc.managedIdentities.map((m) => [m.name, m]));
  const subscriptions = new Map(doc.subscriptions.map((s) => [s.name, s]));
  const accounts = new Map(doc.accounts.map((a) => [a.name, a]));
  const hosts = new Set(doc.hosts.map((h) => h.name));

  duplicateNames(doc.tenants, "tenants", problems);
  duplicateNames(doc.users, "users", problems);
  duplicateNames(doc.groups, "groups", problems);
  duplicateNames(doc.applications, "applications", problems);
  duplicateNames(doc.managedIdentities, "managedIdentities", problems);
  duplicateNames(doc.hosts, "hosts", problems);
  duplicateNames(doc.subscriptions, "subscriptions", problems);
  duplicateNames(doc.accounts, "accounts", problems);
  doc.accounts.forEach((account, i) => {
    duplicateNames(account.deployments, `accounts[${i}].deployments`, problems);
  });

  // Role assignments name principals without saying their kind, so a name must mean one thing.
  const principalKinds = new Map<string, string[]>();
  const addPrincipal = (name: string, kind: string) =>
    principalKinds.set(name, [...(principalKinds.get(name) ?? []), kind]);
  for (const u of doc.users) addPrincipal(u.name, "a user");
  for (const g of doc.groups) addPrincipal(g.name, "a group");
  for (const a of doc.applications) addPrincipal(a.name, "an application");
  for (const m of doc.managedIdentities) addPrincipal(m.name, "a managed identity");
  for (const [name, kinds] of principalKinds) {
    if (new Set(kinds).size > 1) {
      problems.push(
        `principal name "${name}" is used by ${kinds.join(" and ")}; names must be unique across users, groups, applications and managed identities`,
      );
    }
  }

  const tenantRef = (value: string, path: string) => {
    if (!tenants.has(value)) problems.push(`${path}: tenant "${value}" is not declared under tenants`);
  };
  const groupRefs = (values: readonly string[], path: string) => {
    values.forEach((g, j) => {
      if (!groups.has(g)) problems.push(`${path}[${j}]: group "${g}" is not declared under groups`);
    });
  };

  doc.users.forEach((u, i) => {
    tenantRef(u.tenant, `users[${i}].tenant`);
    groupRefs(u.groups, `users[${i}].groups`);
    u.guestOf.forEach((t, j) => {
      tenantRef(t, `users[${i}].guestOf[${j}]`);
    });
  });
  doc.groups.forEach((g, i) => {
    tenantRef(g.tenant, `groups[${i}].tenant`);
  });
  doc.applications.forEach((a, i) => {
    tenantRef(a.tenant, `applications[${i}].tenant`);
    groupRefs(a.groups, `applications[${i}].groups`);
    a.alsoIn.forEach((t, j) => {
      tenantRef(t, `applications[${i}].alsoIn[${j}]`);
    });
    duplicateNames(a.certificates, `applications[${i}].certificates`, problems);
    duplicateNames(a.federatedCredentials, `applications[${i}].federatedCredentials`, problems);
  });
  doc.managedIdentities.forEach((m, i) => {
    tenantRef(m.tenant, `managedIdentities[${i}].tenant`);
    groupRefs(m.groups, `managedIdentities[${i}].groups`);
  });
  doc.hosts.forEach((h, i) => {
    let systemCount = 0;
    h.identities.forEach((name, j) => {
      const identity = identities.get(name);
      if (identity === undefined) {
        problems.push(
          `hosts[${i}].identities[${j}]: managed identity "${name}" is not declared under managedIdentities`,
        );
      } else if (identity.kind === "system") systemCount += 1;
    });
    if (systemCount > 1) {
      problems.push(
        `hosts[${i}].identities: a host has at most one system-assigned identity, found ${systemCount}`,
      );
    }
    if (h.user !== undefined && !users.has(h.user)) {
      problems.push(`hosts[${i}].user: user "${h.user}" is not declared under users`);
    }
  });
  for (const [field, signIn] of [
    ["azureCli", doc.azureCli],
    ["azureDeveloperCli", doc.azureDeveloperCli],
  ] as const) {
    if (
      signIn.principal !== undefined &&
      !users.has(signIn.principal) &&
      !applications.has(signIn.principal)
    ) {
      problems.push(
        `${field}.principal: "${signIn.principal}" is not a user or application declared in the world`,
      );
    }
    if (signIn.tenant !== undefined) tenantRef(signIn.tenant, `${field}.tenant`);
    if (signIn.subscription !== undefined && !subscriptions.has(signIn.subscription)) {
      problems.push(
        `${field}.subscription: subscription "${signIn.subscription}" is not declared under subscriptions`,
      );
    }
  }
  doc.subscriptions.forEach((s, i) => {
    tenantRef(s.tenant, `subscriptions[${i}].tenant`);
  });
  doc.accounts.forEach((a, i) => {
    if (!subscriptions.has(a.subscription)) {
      problems.push(
        `accounts[${i}].subscription: subscription "${a.subscription}" is not declared under subscriptions`,
      );
    }
    if (a.identity !== undefined && !identities.has(a.identity)) {
      problems.push(
        `accounts[${i}].identity: managed identity "${a.identity}" is not declared under managedIdentities`,
      );
    }
    problems.push(...projectProblems(a, `accounts[${i}]`));
  });
  doc.roleAssignments.forEach((r, i) => {
    const path = `roleAssignments[${i}]`;
    const known = principalKinds.has(r.principal);
    const byId =
      GUID.test(r.principal) &&
      [...doc.users, ...doc.groups, ...doc.applications, ...doc.managedIdentities].some(
        (p) => p.objectId?.toLowerCase() === r.principal.toLowerCase(),
      );
    if (!known && !byId) {
      problems.push(
        `${path}.principal: "${r.principal}" is not a user, group, application or managed identity declared in the world (by name or objectId)`,
      );
    }
    problems.push(...scopeProblems(r.scope, `${path}.scope`, subscriptions, accounts));
  });
  const defaults = doc.defaults;
  const defaultAccount = defaults.account === undefined ? undefined : accounts.get(defaults.account);
  if (defaults.account !== undefined && defaultAccount === undefined) {
    problems.push(`defaults.account: account "${defaults.account}" is not declared under accounts`);
  }
  // defaults.deployment may name a deployment that does not exist: that is how a world reproduces
  // DeploymentNotFound with the printed environment.
  if (defaults.application !== undefined && !applications.has(defaults.application)) {
    problems.push(
      `defaults.application: application "${defaults.application}" is not declared under applications`,
    );
  }
  if (defaults.host !== undefined && !hosts.has(defaults.host)) {
    problems.push(`defaults.host: host "${defaults.host}" is not declared under hosts`);
  }
  return problems;
}

type SubscriptionDoc = WorldDocument["subscriptions"][number];
type AccountDoc = WorldDocument["accounts"][number];

/** Characters that cannot sit in the one path segment (`/api/projects/<project>`) a project name fills. */
const NOT_IN_A_SEGMENT = /[/?#%\s]/;

/**
 * An account's projects: only an AIServices (Foundry) account has them, each name fits in one URL
 * path segment, and names are unique within the account (case-insensitively, as Azure compares
 * resource names).
 */
function projectProblems(account: AccountDoc, path: string): string[] {
  if (account.projects.length === 0) return [];
  if (account.kind !== "AIServices") {
    return [
      `${path}.projects: account "${account.name}" is of kind ${account.kind}; only an AIServices (Foundry) account has projects, so set kind: AIServices or remove projects`,
    ];
  }
  const problems: string[] = [];
  const seen = new Map<string, number>();
  account.projects.forEach((entry, j) => {
    const name = projectEntryName(entry);
    const field = `${path}.projects[${j}]${typeof entry === "string" ? "" : ".name"}`;
    if (NOT_IN_A_SEGMENT.test(name)) {
      problems.push(
        `${field}: "${name}" cannot be a project name; it is one segment of the project endpoint's path (/api/projects/<project>), so use letters, digits, "-", "_" or "."`,
      );
    }
    const first = seen.get(name.toLowerCase());
    if (first === undefined) seen.set(name.toLowerCase(), j);
    else
      problems.push(
        `${field}: "${name}" is already used by ${path}.projects[${first}]; project names must be unique in an account (case does not count)`,
      );
  });
  return problems;
}

function scopeProblems(
  scope: string,
  path: string,
  subscriptions: ReadonlyMap<string, SubscriptionDoc>,
  accounts: ReadonlyMap<string, AccountDoc>,
): string[] {
  if (scope.startsWith("/")) return [];
  const colon = scope.indexOf(":");
  const kind = colon < 0 ? "" : scope.slice(0, colon);
  const rest = colon < 0 ? "" : scope.slice(colon + 1);
  const [first = "", second = ""] = rest.split("/");
  switch (kind) {
    case "subscription":
      return subscriptions.has(rest)
        ? []
        : [`${path}: subscription "${rest}" is not declared under subscriptions`];
    case "resourceGroup":
      if (second === "" || rest.split("/").length !== 2) {
        return [`${path}: "${scope}" must be resourceGroup:<subscription>/<resource group>`];
      }
      return subscriptions.has(first)
        ? []
        : [`${path}: subscription "${first}" is not declared under subscriptions`];
    case "account":
      return accounts.has(rest) ? [] : [`${path}: account "${rest}" is not declared under accounts`];
    case "project": {
      const account = accounts.get(first);
      if (account === undefined) return [`${path}: account "${first}" is not declared under accounts`];
      return account.projects.some((p) => projectEntryName(p).toLowerCase() === second.toLowerCase())
        ? []
        : [`${path}: project "${second}" is not declared in accounts "${first}" projects`];
    }
    default:
      return [
        `${path}: "${scope}" is not a scope; use subscription:<sub>, resourceGroup:<sub>/<rg>, account:<name>, project:<account>/<project> or a full ARM id starting with "/"`,
      ];
  }
}

/**
 * Validates a world given as an object (already parsed): the schema first, then every reference
 * between entities and every name that must be unique. Returns the document with schema defaults
 * applied.
 *
 * @throws {WorldFileError} with one line per problem, e.g.
 *   `accounts[0].deployments[1].rpm: must be a positive integer`.
 * @example
 * const doc = validateWorld({ tenants: [{ name: "contoso" }] }, "inline world");
 */
export function validateWorld(input: unknown, sourceName: string): WorldDocument {
  const parsed = worldSchema.safeParse(input);
  if (!parsed.success) throw new WorldFileError(sourceName, schemaProblems(parsed.error.issues, input));
  const problems = referenceProblems(parsed.data);
  if (problems.length > 0) throw new WorldFileError(sourceName, problems);
  return parsed.data;
}

/**
 * Parses a world file (YAML or JSON: YAML is a superset) and validates it with
 * {@link validateWorld}.
 *
 * @throws {WorldFileError} for a syntax error (naming line and column) or an invalid world.
 * @example
 * const doc = loadWorld(await readFile("world.yaml", "utf8"), "world.yaml");
 */
export function loadWorld(text: string, sourceName: string): WorldDocument {
  let input: unknown;
  try {
    const document = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    // A warning (an unknown tag such as `!!js/function`, which yaml would print and then read as a
    // string) is as much a mistake in a world file as an error.
    const problem = document.errors[0] ?? document.warnings[0];
    if (problem !== undefined) throw problem;
    input = document.toJS();
  } catch (error) {
    if (error instanceof YAMLError) {
      const position = error.linePos?.[0];
      const where = position === undefined ? "" : `line ${position.line}, column ${position.col}: `;
      const reason = error.message.split(/ at line \d+, column \d+/)[0] ?? error.message;
      throw new WorldFileError(sourceName, [`${where}${reason} (YAML/JSON syntax)`], { cause: error });
    }
    // The yaml package also throws plain errors for documents it parsed but cannot resolve (an
    // alias to no anchor: ReferenceError "Unresolved alias"; an alias bomb: "Excessive alias count").
    const reason = error instanceof Error ? error.message.split("\n", 1)[0] : String(error);
    throw new WorldFileError(sourceName, [`(top level): ${reason} (YAML/JSON syntax)`], { cause: error });
  }
  if (input === null || input === undefined) {
    throw new WorldFileError(sourceName, ["(top level): the file is empty; declare at least tenants"]);
  }
  return validateWorld(input, sourceName);
}
