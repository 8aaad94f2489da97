import { chooseScope, endpointWarning, isAzureAiEndpoint } from "./choose-scope.js";
import type { FindOptions } from "./find-python.js";
import { talksOnlyToSearch } from "./find-python.js";
import { describeValue, type FileScan, type FindingDraft, keyLiteralDraft } from "./finding-draft.js";
import { isPlaceholder, looksLikeAzureKey } from "./key-values.js";
import type { SyntaxNode } from "./parse-source.js";
import {
  firstSyntaxError,
  type GrammarName,
  lineEndAfter,
  parseSource,
  positionOf,
  replaceNode,
  simpleName,
  stringLiteralValue,
  type TextEdit,
} from "./parse-source.js";

const LANGCHAIN_CLIENTS: ReadonlySet<string> = new Set([
  "AzureChatOpenAI",
  "AzureOpenAIEmbeddings",
  "AzureOpenAI",
]);
const LANGCHAIN_KEYS: ReadonlySet<string> = new Set(["azureOpenAIApiKey", "apiKey", "openAIApiKey"]);
/** Clients of `@azure/openai` v1 and `@azure-rest/ai-inference` that take an `AzureKeyCredential`. */
const AI_CREDENTIAL_CLIENTS: ReadonlySet<string> = new Set([
  "OpenAIClient",
  "AzureOpenAIClient",
  "ModelClient",
  "createClient",
  "AIProjectClient",
  "AIProjectsClient",
  "AgentsClient",
]);
const IDENTITY_NAMES = ["DefaultAzureCredential", "getBearerTokenProvider"] as const;

/** The module each imported (or required) name comes from. */
function importedFrom(root: SyntaxNode): Map<string, string> {
  const names = new Map<string, string>();
  for (const statement of root.findAll({ rule: { kind: "import_statement" } })) {
    const source = stringLiteralValue(statement.field("source")) ?? "";
    for (const id of statement.findAll({ rule: { kind: "identifier" } })) names.set(id.text(), source);
  }
  for (const call of root.findAll({ rule: { kind: "call_expression" } })) {
    if (call.field("function")?.text() !== "require") continue;
    const source = stringLiteralValue(call.field("arguments")?.namedChildren()[0]) ?? "";
    const declarator = call.parent();
    if (declarator?.kind() !== "variable_declarator") continue;
    for (const id of declarator.field("name")?.findAll({
      rule: { any: [{ kind: "identifier" }, { kind: "shorthand_property_identifier_pattern" }] },
    }) ?? []) {
      names.set(id.text(), source);
    }
    const name = declarator.field("name");
    if (name?.kind() === "identifier") names.set(name.text(), source);
  }
  return names;
}

/** The properties of an object literal by name: `pair` nodes and shorthand `{ apiKey }`. */
function properties(
  object: SyntaxNode | null | undefined,
): Map<string, { node: SyntaxNode; value: SyntaxNode | null }> {
  const props = new Map<string, { node: SyntaxNode; value: SyntaxNode | null }>();
  if (object?.kind() !== "object") return props;
  for (const child of object.namedChildren()) {
    if (child.kind() === "pair") {
      const key = child.field("key");
      const name = key ? (stringLiteralValue(key) ?? key.text()) : undefined;
      if (name) props.set(name, { node: child, value: child.field("value") });
    } else if (child.kind() === "shorthand_property_identifier") {
      props.set(child.text(), { node: child, value: child });
    }
  }
  return props;
}

function isNothing(node: SyntaxNode | null | undefined): boolean {
  return node?.kind() === "undefined" || node?.kind() === "null" || node?.text() === "undefined";
}

function literalKey(value: SyntaxNode | null | undefined): SyntaxNode | undefined {
  const literal = stringLiteralValue(value);
  return value && literal !== undefined && !isPlaceholder(literal) ? value : undefined;
}

/**
 * Finds key-based Azure OpenAI / Azure AI auth in JavaScript and TypeScript: openai's
 * `new AzureOpenAI({ apiKey })` (rewritable), `new OpenAI({ apiKey, baseURL: <Azure> })`,
 * `@azure/openai` v1 `OpenAIClient` and `@azure-rest/ai-inference` with `AzureKeyCredential`,
 * LangChain's `azureOpenAIApiKey`, the AI SDK's `createAzure({ apiKey })`, an `api-key` header
 * (fetch, axios, `Headers.set`), and literal keys.
 *
 * @example
 * const { findings } = findJavaScript("const c = new AzureOpenAI({ apiKey: process.env.K });", "javascript", {});
 */
export function findJavaScript(text: string, grammar: GrammarName, options: FindOptions): FileScan {
  const root = parseSource(grammar, text).root();
  const syntaxErrorLine = firstSyntaxError(root);
  const findings: FindingDraft[] = [];
  const edits: TextEdit[] = [];
  const imports = importedFrom(root);
  const { quote } = moduleStyle(root);
  const reported = new Set<number>();
  const addLiteral = (node: SyntaxNode | undefined, library: string, instead: string) => {
    if (!node || reported.has(node.id())) return;
    reported.add(node.id());
    findings.push(keyLiteralDraft(node, library, instead));
  };

  for (const expression of root.findAll({
    rule: { any: [{ kind: "new_expression" }, { kind: "call_expression" }] },
  })) {
    const isNew = expression.kind() === "new_expression";
    const callee = (isNew ? expression.field("constructor") : expression.field("function"))?.text() ?? "";
    const name = simpleName(callee);
    const args = expression.field("arguments")?.namedChildren() ?? [];
    const props = properties(args[0]);
    const module = imports.get(name) ?? imports.get(callee.split(".")[0] ?? "") ?? "";
    const endpointText =
      stringLiteralValue(props.get("endpoint")?.value) ?? stringLiteralValue(props.get("baseURL")?.value);
    const scope = chooseScope(endpointText, options.endpoint);
    const q = quoteLike(scope, quote);

    if (isNew && name === "AzureOpenAI" && !module.startsWith("@langchain") && props.has("apiKey")) {
      const key = props.get("apiKey");
      if (!key || isNothing(key.value)) continue;
      const rewrite =
        module === "openai" && !props.has("azureADTokenProvider") && syntaxErrorLine === undefined;
      const replacement = `azureADTokenProvider: getBearerTokenProvider(new DefaultAzureCredential(), ${q})`;
      findings.push({
        ...positionOf(key.node),
        kind: "client-api-key",
        library: "openai",
        message: `new AzureOpenAI({ ... }) is given apiKey: ${describeValue(key.value)}`,
        fix: `pass ${replacement} instead of apiKey, and no AZURE_OPENAI_API_KEY in the environment (AzureOpenAI reads it and refuses it beside a token provider)${endpointWarning(endpointText ?? options.endpoint)}`,
        rewrite,
        scope,
      });
      if (rewrite) edits.push(replaceNode(key.node, replacement));
      addLiteral(literalKey(key.value), "openai", "the token provider replaces it");
      continue;
    }
    if (
      isNew &&
      name === "OpenAI" &&
      props.has("apiKey") &&
      isAzureAiEndpoint(stringLiteralValue(props.get("baseURL")?.value))
    ) {
      const key = props.get("apiKey");
      if (!key || isNothing(key.value)) continue;
      findings.push({
        ...positionOf(key.node),
        kind: "client-api-key",
        library: "openai-v1-api",
        message: `new OpenAI({ baseURL: <Azure endpoint>, ... }) is given apiKey: ${describeValue(key.value)}`,
        fix: `pass apiKey: getBearerTokenProvider(new DefaultAzureCredential(), ${q}) (openai>=5 takes a function that returns the token)`,
        rewrite: false,
        scope,
      });
      addLiteral(literalKey(key.value), "openai", "the token provider replaces it");
      continue;
    }
    if (isNew && LANGCHAIN_CLIENTS.has(name) && (module.startsWith("@langchain") || name !== "AzureOpenAI")) {
      const keyName = [...LANGCHAIN_KEYS].find((k) => props.has(k));
      const key = keyName === undefined ? undefined : props.get(keyName);
      if (!key || isNothing(key.value)) continue;
      findings.push({
        ...positionOf(key.node),
        kind: "client-api-key",
        library: "langchain",
        message: `LangChain new ${name}({ ... }) is given ${keyName}: ${describeValue(key.value)}`,
        fix: `pass azureADTokenProvider: getBearerTokenProvider(new DefaultAzureCredential(), ${q}) instead of ${keyName}`,
        rewrite: false,
        scope,
      });
      addLiteral(literalKey(key.value), "langchain", "the token provider replaces it");
      continue;
    }
    if (!isNew && name === "createAzure" && props.has("apiKey")) {
      const key = props.get("apiKey");
      if (!key || isNothing(key.value)) continue;
      findings.push({
        ...positionOf(key.node),
        kind: "client-api-key",
        library: "ai-sdk",
        message: `the AI SDK's createAzure({ ... }) is given apiKey: ${describeValue(key.value)}`,
        fix: `give createAzure a fetch that sends "authorization: Bearer <token>" from getBearerTokenProvider(new DefaultAzureCredential(), ${q}) and drops the api-key header`,
        rewrite: false,
        scope,
      });
      addLiteral(literalKey(key.value), "ai-sdk", "the bearer token replaces it");
      continue;
    }
    if (isNew && name === "AzureKeyCredential" && isGivenToAiClient(expression, root)) {
      const keyArg = args[0];
      const library = text.includes("@azure-rest/ai-inference")
        ? "@azure-rest/ai-inference"
        : "@azure/openai";
      findings.push({
        ...positionOf(expression),
        kind: "key-credential",
        library,
        message: `new AzureKeyCredential(${describeValue(keyArg)}) is given to an Azure AI client`,
        fix:
          library === "@azure/openai"
            ? `@azure/openai v1 is retired: new AzureOpenAI({ azureADTokenProvider: getBearerTokenProvider(new DefaultAzureCredential(), ${q}) }) from openai`
            : `use new DefaultAzureCredential() instead of AzureKeyCredential, with { credentials: { scopes: [${q}] } }`,
        rewrite: false,
        scope,
      });
      addLiteral(literalKey(keyArg), library, "DefaultAzureCredential replaces it");
      continue;
    }
    if (
      !isNew &&
      /^(?:set|append)$/.test(name) &&
      callee.includes(".") &&
      stringLiteralValue(args[0])?.toLowerCase() === "api-key" &&
      !talksOnlyToSearch(text)
    ) {
      findings.push(headerDraft(expression, args[1], text, options));
      addLiteral(literalKey(args[1]), "fetch", "the bearer token replaces it");
    }
  }

  if (!talksOnlyToSearch(text)) {
    for (const pair of root.findAll({ rule: { kind: "pair" } })) {
      const key = pair.field("key");
      if ((key ? (stringLiteralValue(key) ?? key.text()) : "").toLowerCase() !== "api-key") continue;
      findings.push(headerDraft(pair, pair.field("value"), text, options));
      addLiteral(literalKey(pair.field("value")), "fetch", "the bearer token replaces it");
    }
  }

  for (const declarator of root.findAll({ rule: { kind: "variable_declarator" } })) {
    const value = declarator.field("value");
    const literal = stringLiteralValue(value);
    if (
      value &&
      literal !== undefined &&
      /key/i.test(declarator.field("name")?.text() ?? "") &&
      looksLikeAzureKey(literal)
    ) {
      addLiteral(value, "javascript", "the token provider replaces it");
    }
  }

  if (edits.length > 0) {
    const importEdit = javascriptImportEdit(root, text);
    if (importEdit) edits.push(importEdit);
  }
  findings.sort((a, b) => a.line - b.line || a.column - b.column);
  return { findings, edits, ...(syntaxErrorLine === undefined ? {} : { syntaxErrorLine }) };
}

/**
 * The file's own style for a new import: the quote of its first module specifier (`import` or
 * `require`) and whether its imports end with a semicolon (yes when it has none to copy).
 */
function moduleStyle(root: SyntaxNode): { quote: string; semi: string } {
  const statements = root
    .children()
    .filter(
      (n) =>
        n.kind() === "import_statement" ||
        (/declaration$/.test(String(n.kind())) && /\brequire\s*\(/.test(n.text())),
    );
  const first = statements[0];
  const specifier =
    first?.kind() === "import_statement" ? first.field("source") : first?.find({ rule: { kind: "string" } });
  const quote = specifier?.text().startsWith("'") ? "'" : '"';
  const semi = statements.length === 0 || statements.some((n) => n.text().trimEnd().endsWith(";")) ? ";" : "";
  return { quote, semi };
}

/** A string literal in the file's own quotes (a scope has no quote or backslash in it). */
function quoteLike(value: string, quote: string): string {
  return `${quote}${value}${quote}`;
}

function headerDraft(
  node: SyntaxNode,
  value: SyntaxNode | null | undefined,
  text: string,
  options: FindOptions,
): FindingDraft {
  const library = /["']axios["']/.test(text) ? "axios" : "fetch";
  return {
    ...positionOf(node),
    kind: "api-key-header",
    library,
    message: `an HTTP request sends the api-key header (${describeValue(value)})`,
    fix: `send authorization: \`Bearer \${await getToken()}\` with getToken = getBearerTokenProvider(new DefaultAzureCredential(), ${JSON.stringify(chooseScope(undefined, options.endpoint))})`,
    rewrite: false,
    scope: chooseScope(undefined, options.endpoint),
  };
}

function isAiClientCall(node: SyntaxNode): boolean {
  const callee =
    node.kind() === "new_expression"
      ? node.field("constructor")
      : node.kind() === "call_expression"
        ? node.field("function")
        : null;
  return callee !== null && AI_CREDENTIAL_CLIENTS.has(simpleName(callee.text()));
}

/** `new AzureKeyCredential(...)` passed to an Azure AI client, directly or through a variable. */
function isGivenToAiClient(credential: SyntaxNode, root: SyntaxNode): boolean {
  const args = credential.parent();
  if (args?.kind() === "arguments") return isAiClientCall(args.parent() ?? credential);
  const declarator = credential.parent();
  if (declarator?.kind() !== "variable_declarator") return false;
  const variable = declarator.field("name")?.text();
  return root
    .findAll({ rule: { any: [{ kind: "new_expression" }, { kind: "call_expression" }] } })
    .some(
      (call) =>
        isAiClientCall(call) &&
        (call.field("arguments")?.namedChildren() ?? []).some((a) => a.text() === variable),
    );
}

/**
 * The edit that makes `DefaultAzureCredential` and `getBearerTokenProvider` available: names added
 * to an existing `import { ... } from "@azure/identity"`, else a new `import` after the last one
 * (or a `require` after the last `require` in CommonJS), in the file's own quote and semicolon style.
 */
function javascriptImportEdit(root: SyntaxNode, text: string): TextEdit | undefined {
  const top = root.children();
  const imports = top.filter((n) => n.kind() === "import_statement");
  const identity = imports.find((n) => stringLiteralValue(n.field("source")) === "@azure/identity");
  const have = new Set(
    identity?.findAll({ rule: { kind: "import_specifier" } }).map((s) => s.field("name")?.text() ?? "") ?? [],
  );
  const missing = IDENTITY_NAMES.filter((n) => !have.has(n));
  if (missing.length === 0) return undefined;
  const named = identity?.find({ rule: { kind: "named_imports" } });
  if (named) {
    const last = named.findAll({ rule: { kind: "import_specifier" } }).at(-1);
    if (last) {
      const end = last.range().end.index;
      return { start: end, end, text: `, ${missing.join(", ")}` };
    }
  }
  const requires = top.filter(
    (n) => /declaration$/.test(String(n.kind())) && /\brequire\s*\(/.test(n.text()),
  );
  const useRequire = imports.length === 0 && requires.length > 0;
  const { quote, semi } = moduleStyle(root);
  const line = useRequire
    ? `const { ${missing.join(", ")} } = require(${quote}@azure/identity${quote})${semi}`
    : `import { ${missing.join(", ")} } from ${quote}@azure/identity${quote}${semi}`;
  const after = useRequire ? requires.at(-1) : imports.at(-1);
  if (after) {
    const { end, eol } = lineEndAfter(text, after.range().end.index);
    return { start: end, end, text: `${eol}${line}` };
  }
  // No imports at all: after a shebang and the leading comments.
  let at = 0;
  for (const node of top) {
    if (node.kind() !== "comment" && node.kind() !== "hash_bang_line") break;
    at = node.range().end.index;
  }
  const eol = lineEndAfter(text, 0).eol;
  if (at === 0) return { start: 0, end: 0, text: `${line}${eol}` };
  const newline = text.indexOf("\n", at);
  const pos = newline < 0 ? text.length : newline + 1;
  return { start: pos, end: pos, text: `${line}${eol}` };
}
