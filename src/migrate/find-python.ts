import { chooseScope, endpointWarning, isAzureAiEndpoint } from "./choose-scope.js";
import { describeValue, type FileScan, type FindingDraft, keyLiteralDraft } from "./finding-draft.js";
import { isPlaceholder, looksLikeAzureKey } from "./key-values.js";
import type { SyntaxNode } from "./parse-source.js";
import {
  firstSyntaxError,
  lineEndAfter,
  parseSource,
  positionOf,
  replaceNode,
  simpleName,
  stringLiteralValue,
  type TextEdit,
} from "./parse-source.js";

/** Azure AI clients that take an `AzureKeyCredential` (azure-ai-inference, azure-ai-projects, ...). */
const AI_CREDENTIAL_CLIENTS: ReadonlySet<string> = new Set([
  "ChatCompletionsClient",
  "EmbeddingsClient",
  "ImageEmbeddingsClient",
  "AIProjectClient",
  "AgentsClient",
  "AzureOpenAIClient",
]);

const OPENAI_CLIENTS: ReadonlySet<string> = new Set(["AzureOpenAI", "AsyncAzureOpenAI"]);
const LANGCHAIN_CLIENTS: ReadonlySet<string> = new Set([
  "AzureChatOpenAI",
  "AzureOpenAIEmbeddings",
  "AzureOpenAI",
  "AzureAIChatCompletionsModel",
]);
const LANGCHAIN_KEY_ARGS: ReadonlySet<string> = new Set([
  "openai_api_key",
  "api_key",
  "azure_openai_api_key",
]);
const TOKEN_ARGS: ReadonlySet<string> = new Set(["azure_ad_token_provider", "azure_ad_token"]);
const IDENTITY_NAMES = ["DefaultAzureCredential", "get_bearer_token_provider"] as const;

/** Options the finders share. */
export interface FindOptions {
  /** The endpoint the user named, for the scope when the code shows none. */
  endpoint?: string;
}

/** `from X import A, B` at the top of the module: X for each imported name. */
function importedFrom(root: SyntaxNode): Map<string, string> {
  const names = new Map<string, string>();
  for (const statement of root.findAll({ rule: { kind: "import_from_statement" } })) {
    const module = statement.field("module_name")?.text() ?? "";
    for (const name of statement.fieldChildren("name")) {
      const imported = name.kind() === "aliased_import" ? name.field("alias")?.text() : name.text();
      if (imported) names.set(imported, module);
    }
  }
  return names;
}

function keywordArguments(call: SyntaxNode): Map<string, SyntaxNode> {
  const args = new Map<string, SyntaxNode>();
  for (const child of call.field("arguments")?.children() ?? []) {
    if (child.kind() !== "keyword_argument") continue;
    const name = child.field("name")?.text();
    if (name) args.set(name, child);
  }
  return args;
}

function isNone(node: SyntaxNode | null | undefined): boolean {
  return node?.kind() === "none";
}

/** A literal string the key slot holds, when it is a key and not a placeholder. */
function literalKey(value: SyntaxNode | null | undefined): SyntaxNode | undefined {
  const literal = stringLiteralValue(value);
  return value && literal !== undefined && !isPlaceholder(literal) ? value : undefined;
}

/**
 * Finds key-based Azure OpenAI / Azure AI auth in Python: openai v1 `AzureOpenAI(api_key=...)`
 * (rewritable), openai v1-API `OpenAI(base_url=<Azure>, api_key=...)`, legacy v0
 * `openai.api_type = "azure"` + `openai.api_key`, LangChain `AzureChatOpenAI(openai_api_key=...)`,
 * `AzureKeyCredential` given to azure-ai-inference / azure-ai-projects clients, an `api-key`
 * header in a dict (requests, httpx), and literal keys. Comments and strings are never read as code.
 *
 * @example
 * const { findings, edits } = findPython('client = AzureOpenAI(api_key=os.environ["K"])\n', {});
 */
export function findPython(text: string, options: FindOptions): FileScan {
  const root = parseSource("python", text).root();
  const syntaxErrorLine = firstSyntaxError(root);
  const findings: FindingDraft[] = [];
  const edits: TextEdit[] = [];
  const imports = importedFrom(root);
  const reported = new Set<number>();
  const addLiteral = (node: SyntaxNode | undefined, library: string, instead: string) => {
    if (!node || reported.has(node.id())) return;
    reported.add(node.id());
    findings.push(keyLiteralDraft(node, library, instead));
  };

  for (const call of root.findAll({ rule: { kind: "call" } })) {
    const callee = call.field("function")?.text() ?? "";
    const name = simpleName(callee);
    const kwargs = keywordArguments(call);
    const endpointText =
      stringLiteralValue(kwargs.get("azure_endpoint")?.field("value")) ??
      stringLiteralValue(kwargs.get("base_url")?.field("value")) ??
      stringLiteralValue(kwargs.get("endpoint")?.field("value"));
    const scope = chooseScope(endpointText, options.endpoint);
    const module = imports.get(name) ?? (callee.includes(".") ? (callee.split(".")[0] ?? "") : "");
    const isLangchain = module.startsWith("langchain");

    if (OPENAI_CLIENTS.has(name) && !isLangchain) {
      const key = kwargs.get("api_key");
      const value = key?.field("value");
      if (!key || isNone(value)) continue;
      const hasToken = [...TOKEN_ARGS].some((t) => kwargs.has(t));
      const rewrite = !hasToken && syntaxErrorLine === undefined;
      const replacement = `azure_ad_token_provider=get_bearer_token_provider(DefaultAzureCredential(), ${JSON.stringify(scope)})`;
      findings.push({
        ...positionOf(key),
        kind: "client-api-key",
        library: "openai",
        message: `${name}(...) is given api_key=${describeValue(value)}`,
        fix: `replace api_key with azure_ad_token_provider=token_provider, token_provider = get_bearer_token_provider(DefaultAzureCredential(), ${JSON.stringify(scope)})${endpointWarning(endpointText ?? options.endpoint)}`,
        rewrite,
        scope,
      });
      if (rewrite) edits.push(replaceNode(key, replacement));
      addLiteral(literalKey(value), "openai", "the token provider replaces it");
      continue;
    }
    if ((name === "OpenAI" || name === "AsyncOpenAI") && !isLangchain) {
      const key = kwargs.get("api_key");
      const baseUrl = stringLiteralValue(kwargs.get("base_url")?.field("value"));
      if (!key || isNone(key.field("value")) || !isAzureAiEndpoint(baseUrl)) continue;
      findings.push({
        ...positionOf(key),
        kind: "client-api-key",
        library: "openai-v1-api",
        message: `${name}(base_url=<Azure endpoint>, ...) is given api_key=${describeValue(key.field("value"))}`,
        fix: `pass api_key=get_bearer_token_provider(DefaultAzureCredential(), ${JSON.stringify(scope)}) (openai>=1.106 takes a token provider as api_key)`,
        rewrite: false,
        scope,
      });
      addLiteral(literalKey(key.field("value")), "openai", "the token provider replaces it");
      continue;
    }
    if (LANGCHAIN_CLIENTS.has(name) && (isLangchain || name !== "AzureOpenAI")) {
      const key = [...LANGCHAIN_KEY_ARGS].map((k) => kwargs.get(k)).find((k) => k !== undefined);
      const value = key?.field("value");
      if (!key || isNone(value)) continue;
      findings.push({
        ...positionOf(key),
        kind: "client-api-key",
        library: "langchain",
        message: `LangChain ${name}(...) is given ${key.field("name")?.text()}=${describeValue(value)}`,
        fix: `replace ${key.field("name")?.text()} with azure_ad_token_provider=token_provider, token_provider = get_bearer_token_provider(DefaultAzureCredential(), ${JSON.stringify(scope)})`,
        rewrite: false,
        scope,
      });
      addLiteral(literalKey(value), "langchain", "the token provider replaces it");
      continue;
    }
    if (name === "AzureKeyCredential" && isGivenToAiClient(call, root)) {
      const keyArg = call.field("arguments")?.namedChildren()[0];
      const library =
        imports.get("ChatCompletionsClient") === undefined && !text.includes("azure.ai.inference")
          ? "azure-ai-projects"
          : "azure-ai-inference";
      findings.push({
        ...positionOf(call),
        kind: "key-credential",
        library: "azure-ai-inference",
        message: `AzureKeyCredential(${describeValue(keyArg)}) is given to an Azure AI client`,
        fix: `pass credential=DefaultAzureCredential() (from azure.identity) instead of AzureKeyCredential, with credential_scopes=[${JSON.stringify(scope)}] where the client takes it`,
        rewrite: false,
        scope,
      });
      void library;
      addLiteral(literalKey(keyArg), "azure-ai-inference", "DefaultAzureCredential replaces it");
    }
  }

  // Legacy openai<1: module-level `openai.api_type = "azure"` and `openai.api_key = ...`.
  const assignments = root.findAll({ rule: { kind: "assignment" } });
  const legacyAzure = assignments.some(
    (a) =>
      a.field("left")?.text() === "openai.api_type" &&
      stringLiteralValue(a.field("right"))?.toLowerCase() === "azure",
  );
  if (legacyAzure) {
    for (const a of assignments) {
      if (a.field("left")?.text() !== "openai.api_key") continue;
      const value = a.field("right");
      findings.push({
        ...positionOf(a),
        kind: "client-api-key",
        library: "openai-v0",
        message: `openai<1 is configured for Azure with openai.api_key = ${describeValue(value)}`,
        fix: `move to openai>=1 and AzureOpenAI with azure_ad_token_provider=token_provider, token_provider = get_bearer_token_provider(DefaultAzureCredential(), ${JSON.stringify(chooseScope(undefined, options.endpoint))})`,
        rewrite: false,
        scope: chooseScope(undefined, options.endpoint),
      });
      addLiteral(literalKey(value), "openai-v0", "the token provider replaces it");
    }
  }

  // An `api-key` header in a dict literal (requests, httpx, aiohttp), unless the file talks only to Azure AI Search.
  if (!talksOnlyToSearch(text)) {
    const library =
      imports.has("httpx") || /^\s*import\s+httpx/m.test(text)
        ? "httpx"
        : /^\s*import\s+requests|from\s+requests\s/m.test(text)
          ? "requests"
          : "http";
    for (const pair of root.findAll({ rule: { kind: "pair" } })) {
      if (stringLiteralValue(pair.field("key"))?.toLowerCase() !== "api-key") continue;
      const value = pair.field("value");
      findings.push({
        ...positionOf(pair),
        kind: "api-key-header",
        library,
        message: `an HTTP request sends the api-key header (${describeValue(value)})`,
        fix: `send "Authorization": f"Bearer {token_provider()}" with token_provider = get_bearer_token_provider(DefaultAzureCredential(), ${JSON.stringify(chooseScope(undefined, options.endpoint))})`,
        rewrite: false,
        scope: chooseScope(undefined, options.endpoint),
      });
      addLiteral(literalKey(value), library, "the bearer token replaces it");
    }
  }

  // A key-shaped string assigned to a key-named variable (API_KEY = "0123...").
  for (const a of assignments) {
    const left = a.field("left");
    const right = a.field("right");
    const value = stringLiteralValue(right);
    if (!left || !right || value === undefined) continue;
    if (/key/i.test(left.text()) && looksLikeAzureKey(value))
      addLiteral(right, "python", "read nothing: the token provider replaces it");
  }

  if (edits.length > 0) {
    const importEdit = pythonImportEdit(root, text);
    if (importEdit) edits.push(importEdit);
  }
  findings.sort((a, b) => a.line - b.line || a.column - b.column);
  return { findings, edits, ...(syntaxErrorLine === undefined ? {} : { syntaxErrorLine }) };
}

/** `AzureKeyCredential(...)` passed to an Azure AI client, directly or through a variable. */
function isGivenToAiClient(credential: SyntaxNode, root: SyntaxNode): boolean {
  const holder =
    credential.parent()?.kind() === "keyword_argument" ? credential.parent()?.parent() : credential.parent();
  const direct = holder?.kind() === "argument_list" ? holder.parent() : undefined;
  if (direct?.kind() === "call")
    return AI_CREDENTIAL_CLIENTS.has(simpleName(direct.field("function")?.text() ?? ""));
  const assignment = credential.parent();
  if (assignment?.kind() !== "assignment" || assignment.field("left")?.kind() !== "identifier") return false;
  const variable = assignment.field("left")?.text();
  return root.findAll({ rule: { kind: "call" } }).some((call) => {
    if (!AI_CREDENTIAL_CLIENTS.has(simpleName(call.field("function")?.text() ?? ""))) return false;
    return (call.field("arguments")?.namedChildren() ?? []).some(
      (arg) =>
        arg.text() === variable ||
        (arg.kind() === "keyword_argument" && arg.field("value")?.text() === variable),
    );
  });
}

/** The file names Azure AI Search (or another non-AI service) and no Azure AI host. */
export function talksOnlyToSearch(text: string): boolean {
  const other =
    /\.search\.windows\.net|\.search\.azure\.(?:us|cn)|atlas\.microsoft\.com|SearchClient|search_client/i.test(
      text,
    );
  const ai =
    /openai\.azure\.|cognitiveservices\.azure\.|services\.ai\.azure\.com|api\.cognitive\.microsoft\.com|\/openai\/deployments|AZURE_OPENAI|azure_openai/i.test(
      text,
    );
  return other && !ai;
}

/**
 * The edit that makes `DefaultAzureCredential` and `get_bearer_token_provider` importable: names
 * added to an existing `from azure.identity import ...`, or a new import line after the module's
 * last top-level import (after a leading docstring and comments when there is none).
 */
function pythonImportEdit(root: SyntaxNode, text: string): TextEdit | undefined {
  const top = root.children();
  const existing = top.filter(
    (n) => n.kind() === "import_from_statement" && n.field("module_name")?.text() === "azure.identity",
  );
  const have = new Set(existing.flatMap((s) => s.fieldChildren("name").map((n) => n.text())));
  const missing = IDENTITY_NAMES.filter((n) => !have.has(n));
  if (missing.length === 0) return undefined;
  const target = existing.find((s) => !s.text().includes("(") && !s.text().includes("*"));
  if (target) {
    const last = target.fieldChildren("name").at(-1);
    if (last) {
      const end = last.range().end.index;
      return { start: end, end, text: `, ${missing.join(", ")}` };
    }
  }
  const line = `from azure.identity import ${missing.join(", ")}`;
  const lastImport = top
    .filter((n) =>
      /^(?:import_statement|import_from_statement|future_import_statement)$/.test(String(n.kind())),
    )
    .at(-1);
  if (lastImport) {
    // After the end of its line, so a trailing comment stays with the import it is about.
    const { end, eol } = lineEndAfter(text, lastImport.range().end.index);
    return { start: end, end, text: `${eol}${line}` };
  }
  let at = 0;
  for (const node of top) {
    const isDocstring =
      node.kind() === "expression_statement" &&
      node.child(0)?.kind() === "string" &&
      node.namedChildren().length === 1;
    if (node.kind() === "comment" || (isDocstring && at === 0)) {
      at = node.range().end.index;
      continue;
    }
    break;
  }
  const eol = lineEndAfter(text, 0).eol;
  if (at === 0) return { start: 0, end: 0, text: `${line}${eol}` };
  const newline = text.indexOf("\n", at);
  const pos = newline < 0 ? text.length : newline + 1;
  return { start: pos, end: pos, text: `${line}${eol}` };
}
