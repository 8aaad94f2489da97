import { chooseScope } from "./choose-scope.js";
import type { FindOptions } from "./find-python.js";
import { describeValue, type FileScan, type FindingDraft, keyLiteralDraft } from "./finding-draft.js";
import { isPlaceholder } from "./key-values.js";
import type { SyntaxNode } from "./parse-source.js";
import { firstSyntaxError, parseSource, positionOf, simpleName, stringLiteralValue } from "./parse-source.js";

/** Builders of Azure AI clients (azure-ai-openai, azure-ai-inference, azure-ai-projects). */
const AI_BUILDERS =
  /\b(?:OpenAIClientBuilder|ChatCompletionsClientBuilder|EmbeddingsClientBuilder|ImageEmbeddingsClientBuilder|AIProjectClientBuilder|AgentsClientBuilder)\b/;

function literalKey(value: SyntaxNode | null | undefined): SyntaxNode | undefined {
  const literal = stringLiteralValue(value);
  return value && literal !== undefined && !isPlaceholder(literal) ? value : undefined;
}

/**
 * Finds key-based Azure OpenAI / Azure AI auth in Java: `.credential(new AzureKeyCredential(key))`
 * (directly or through a variable) on an Azure AI client builder (`OpenAIClientBuilder`,
 * `ChatCompletionsClientBuilder`, ...), and literal keys. A key credential on any other builder
 * (`SearchClientBuilder`) is not reported.
 *
 * @example
 * const { findings } = findJava("class A { void f() { new OpenAIClientBuilder().credential(new AzureKeyCredential(k)); } }", {});
 */
export function findJava(text: string, options: FindOptions): FileScan {
  const root = parseSource("java", text).root();
  const syntaxErrorLine = firstSyntaxError(root);
  const findings: FindingDraft[] = [];
  const variables = new Map<string, SyntaxNode>();
  for (const declarator of root.findAll({ rule: { kind: "variable_declarator" } })) {
    const value = declarator.field("value");
    const name = declarator.field("name")?.text();
    if (name && value?.kind() === "object_creation_expression") variables.set(name, value);
  }
  const scope = chooseScope(undefined, options.endpoint);
  for (const call of root.findAll({ rule: { kind: "method_invocation" } })) {
    if (call.field("name")?.text() !== "credential") continue;
    if (!AI_BUILDERS.test(call.field("object")?.text() ?? "")) continue;
    const arg = call.field("arguments")?.namedChildren()[0];
    const credential = arg?.kind() === "identifier" ? variables.get(arg.text()) : arg;
    if (credential?.kind() !== "object_creation_expression") continue;
    if (simpleName(credential.field("type")?.text() ?? "") !== "AzureKeyCredential") continue;
    const keyValue = credential.field("arguments")?.namedChildren()[0];
    const library = /OpenAIClientBuilder/.test(call.field("object")?.text() ?? "")
      ? "azure-ai-openai"
      : "azure-ai-inference";
    findings.push({
      ...positionOf(credential),
      kind: "key-credential",
      library,
      message: `an Azure AI client builder is given new AzureKeyCredential(${describeValue(keyValue)})`,
      fix: "use .credential(new DefaultAzureCredentialBuilder().build()) (com.azure:azure-identity) instead of new AzureKeyCredential(...)",
      rewrite: false,
      scope,
    });
    const literal = literalKey(keyValue);
    if (literal) findings.push(keyLiteralDraft(literal, library, "DefaultAzureCredential replaces it"));
  }
  findings.sort((a, b) => a.line - b.line || a.column - b.column);
  return { findings, edits: [], ...(syntaxErrorLine === undefined ? {} : { syntaxErrorLine }) };
}
