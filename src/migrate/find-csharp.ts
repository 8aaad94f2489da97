import { chooseScope, endpointWarning } from "./choose-scope.js";
import type { FindOptions } from "./find-python.js";
import { describeValue, type FileScan, type FindingDraft, keyLiteralDraft } from "./finding-draft.js";
import { isPlaceholder } from "./key-values.js";
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

const KEY_CREDENTIALS: ReadonlySet<string> = new Set(["AzureKeyCredential", "ApiKeyCredential"]);
/** Azure AI clients that take a key credential (Azure.AI.OpenAI, Azure.AI.Inference, Azure.AI.Projects). */
const AI_CLIENTS: ReadonlyMap<string, string> = new Map([
  ["AzureOpenAIClient", "Azure.AI.OpenAI"],
  ["OpenAIClient", "Azure.AI.OpenAI"],
  ["ChatCompletionsClient", "Azure.AI.Inference"],
  ["EmbeddingsClient", "Azure.AI.Inference"],
  ["ImageEmbeddingsClient", "Azure.AI.Inference"],
  ["AIProjectClient", "Azure.AI.Projects"],
  ["PersistentAgentsClient", "Azure.AI.Agents.Persistent"],
]);
/** Semantic Kernel's Azure OpenAI connectors: `(deploymentName, endpoint, apiKey, ...)` or a TokenCredential third. */
const SEMANTIC_KERNEL =
  /^AddAzureOpenAI(?:ChatCompletion|TextEmbeddingGeneration|EmbeddingGenerator|TextToImage|AudioToText|TextToAudio|ChatClient)$/;

/** An argument's expression (after `name:` when named). */
function argumentValue(argument: SyntaxNode): SyntaxNode | undefined {
  return argument.namedChildren().at(-1);
}

function literalKey(value: SyntaxNode | null | undefined): SyntaxNode | undefined {
  const literal = stringLiteralValue(value);
  return value && literal !== undefined && !isPlaceholder(literal) ? value : undefined;
}

/**
 * Finds key-based Azure OpenAI / Azure AI auth in C#: `new AzureOpenAIClient(endpoint, new
 * AzureKeyCredential(key))` (rewritable to `new DefaultAzureCredential()`), `ApiKeyCredential`,
 * the Azure.AI.Inference and Projects clients with a key credential, Semantic Kernel's
 * `AddAzureOpenAIChatCompletion(deployment, endpoint, apiKey)`, and literal keys. A key credential
 * for any other service (Azure AI Search, Maps) is not reported.
 *
 * @example
 * const { findings } = findCSharp("var c = new AzureOpenAIClient(new Uri(e), new AzureKeyCredential(k));", {});
 */
export function findCSharp(text: string, options: FindOptions): FileScan {
  const root = parseSource("csharp", text).root();
  const syntaxErrorLine = firstSyntaxError(root);
  const findings: FindingDraft[] = [];
  const edits: TextEdit[] = [];
  const reported = new Set<number>();
  const addLiteral = (node: SyntaxNode | undefined, library: string, instead: string) => {
    if (!node || reported.has(node.id())) return;
    reported.add(node.id());
    findings.push(keyLiteralDraft(node, library, instead));
  };
  const creations = root.findAll({ rule: { kind: "object_creation_expression" } });
  const variables = new Map<string, SyntaxNode>();
  for (const declarator of root.findAll({ rule: { kind: "variable_declarator" } })) {
    const value = declarator.namedChildren().find((c) => c.kind() === "object_creation_expression");
    const name = declarator.namedChildren()[0];
    if (value && name?.kind() === "identifier") variables.set(name.text(), value);
  }

  for (const creation of creations) {
    const client = simpleName(creation.field("type")?.text() ?? "");
    const library = AI_CLIENTS.get(client);
    if (library === undefined) continue;
    const args =
      creation
        .field("arguments")
        ?.namedChildren()
        .filter((a) => a.kind() === "argument") ?? [];
    const endpointText = endpointLiteral(args[0]);
    const scope = chooseScope(endpointText, options.endpoint);
    for (const argument of args) {
      const value = argumentValue(argument);
      if (!value) continue;
      let credential: SyntaxNode | undefined;
      let direct = false;
      if (
        value.kind() === "object_creation_expression" &&
        KEY_CREDENTIALS.has(simpleName(value.field("type")?.text() ?? ""))
      ) {
        credential = value;
        direct = true;
      } else if (value.kind() === "identifier") {
        const held = variables.get(value.text());
        if (held && KEY_CREDENTIALS.has(simpleName(held.field("type")?.text() ?? ""))) credential = held;
      }
      if (!credential) continue;
      const type = simpleName(credential.field("type")?.text() ?? "");
      const keyArg = credential
        .field("arguments")
        ?.namedChildren()
        .find((a) => a.kind() === "argument");
      const keyValue = keyArg ? argumentValue(keyArg) : undefined;
      const sovereign = !scope.startsWith("https://cognitiveservices.azure.com/");
      const rewrite = direct && client === "AzureOpenAIClient" && !sovereign && syntaxErrorLine === undefined;
      findings.push({
        ...positionOf(credential),
        kind: "key-credential",
        library,
        message: `new ${client}(...) is given new ${type}(${describeValue(keyValue)})`,
        fix: `use new DefaultAzureCredential() (using Azure.Identity;) instead of new ${type}(...)${sovereign ? `; on this cloud set AzureOpenAIClientOptions.Audience to ${JSON.stringify(scope.replace(/\/\.default$/, ""))}` : ""}${endpointWarning(endpointText ?? options.endpoint)}`,
        rewrite,
        scope,
      });
      if (rewrite) edits.push(replaceNode(credential, "new DefaultAzureCredential()"));
      addLiteral(literalKey(keyValue), library, "DefaultAzureCredential replaces it");
    }
  }

  for (const invocation of root.findAll({ rule: { kind: "invocation_expression" } })) {
    const fn = invocation.field("function");
    const method = fn?.kind() === "member_access_expression" ? fn.field("name")?.text() : fn?.text();
    if (!method || !SEMANTIC_KERNEL.test(simpleName(method))) continue;
    const args =
      invocation
        .field("arguments")
        ?.namedChildren()
        .filter((a) => a.kind() === "argument") ?? [];
    const named = args.find((a) => a.field("name")?.text() === "apiKey");
    const positional = args.filter((a) => !a.field("name"));
    const third = named ?? (args.some((a) => a.field("name")) ? undefined : positional[2]);
    const value = third ? argumentValue(third) : undefined;
    if (!third || !value || /credential/i.test(value.text()) || value.kind() === "object_creation_expression")
      continue;
    const scope = chooseScope(endpointLiteral(positional[1]), options.endpoint);
    findings.push({
      ...positionOf(third),
      kind: "client-api-key",
      library: "semantic-kernel",
      message: `Semantic Kernel ${simpleName(method)}(...) is given apiKey ${describeValue(value)}`,
      fix: `pass new DefaultAzureCredential() (using Azure.Identity;) as the credentials argument instead of apiKey`,
      rewrite: false,
      scope,
    });
    addLiteral(literalKey(value), "semantic-kernel", "DefaultAzureCredential replaces it");
  }

  if (edits.length > 0) {
    const importEdit = usingEdit(root, text);
    if (importEdit) edits.push(importEdit);
  }
  findings.sort((a, b) => a.line - b.line || a.column - b.column);
  return { findings, edits, ...(syntaxErrorLine === undefined ? {} : { syntaxErrorLine }) };
}

/** The endpoint string in `new Uri("https://...")` or a bare string argument. */
function endpointLiteral(argument: SyntaxNode | undefined): string | undefined {
  const value = argument ? argumentValue(argument) : undefined;
  if (!value) return undefined;
  const direct = stringLiteralValue(value);
  if (direct !== undefined) return direct;
  const inner =
    value.kind() === "object_creation_expression" ? value.field("arguments")?.namedChildren()[0] : undefined;
  return inner ? stringLiteralValue(argumentValue(inner)) : undefined;
}

/** `using Azure.Identity;` after the last top-level `using` directive, unless it is there. */
function usingEdit(root: SyntaxNode, text: string): TextEdit | undefined {
  const usings = root.children().filter((n) => n.kind() === "using_directive");
  if (usings.some((u) => /^using\s+Azure\.Identity\s*;/.test(u.text()))) return undefined;
  const last = usings.at(-1);
  if (!last) return { start: 0, end: 0, text: `using Azure.Identity;${lineEndAfter(text, 0).eol}` };
  const { end, eol } = lineEndAfter(text, last.range().end.index);
  return { start: end, end, text: `${eol}using Azure.Identity;` };
}
