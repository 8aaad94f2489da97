import { isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Node as YamlNode } from "yaml";
import type { FileScan, FindingDraft } from "./finding-draft.js";
import { isAzureAiKeyName, isPlaceholder, isReference } from "./key-values.js";

const REMOVE =
  "remove the key from the configuration once the app is keyless (keep the endpoint); migrate reports it and never deletes it";

function keyEnvDraft(
  line: number,
  column: number,
  name: string,
  value: string,
  library: string,
): FindingDraft {
  const where = isReference(value)
    ? `takes it from ${value.replace(/[^${}A-Za-z0-9_:-]/g, "")}`
    : "holds it (redacted)";
  return {
    line,
    column,
    kind: "key-env",
    library,
    message: `${name} is an Azure OpenAI / Azure AI key: the configuration ${where}`,
    fix: REMOVE,
    rewrite: false,
    holdsKey: !isReference(value),
  };
}

/**
 * Finds keys in a `.env` file: `NAME=value` lines (with `export`, quotes, comments) whose name is
 * an Azure OpenAI / Azure AI key and whose value is neither empty nor a placeholder. Lines are the
 * grammar of the format, so it is read line by line.
 *
 * @example
 * findDotenv("AZURE_OPENAI_API_KEY=0123456789abcdef0123456789abcdef\n").findings[0]?.kind; // "key-env"
 */
export function findDotenv(text: string): FileScan {
  const findings: FindingDraft[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const found = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(raw);
    if (!found) return;
    const [, lead = "", name = "", rest = ""] = found;
    const value = unquote(rest);
    if (!isAzureAiKeyName([name]) || isPlaceholder(value)) return;
    findings.push(keyEnvDraft(index + 1, lead.length + 1, name, value, "dotenv"));
  });
  return { findings, edits: [] };
}

function unquote(rest: string): string {
  const trimmed = rest.trim();
  const quoted = /^(["'])(.*?)\1/.exec(trimmed);
  if (quoted) return quoted[2] ?? "";
  return trimmed.replace(/\s+#.*$/, "");
}

/**
 * Replaces `//` and `/* *\/` comments outside strings with spaces (newlines kept), so JSON with
 * comments (appsettings.json allows them) parses and every offset stays where it was.
 *
 * @example
 * blankJsonComments('{ "a": 1 // one\n}'); // '{ "a": 1       \n}'
 */
export function blankJsonComments(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      const start = i;
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
      i++;
      out += text.slice(start, i);
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") {
        out += " ";
        i++;
      }
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      const stop = end < 0 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, " ");
      i = stop;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/**
 * Finds keys in `appsettings*.json`, `local.settings.json` and compose files: string values whose
 * name (with the sections above it: `AzureOpenAI:ApiKey`, `Values.AZURE_OPENAI_API_KEY`,
 * `services.app.environment.AZURE_OPENAI_API_KEY`) is an Azure OpenAI / Azure AI key, and compose's
 * `- NAME=value` list entries. JSON is read with the YAML parser (JSON is YAML), which keeps the
 * line of every value.
 *
 * @throws {SyntaxError} never: a file that does not parse is returned with `syntaxErrorLine`.
 * @example
 * findStructuredConfig('{ "AzureOpenAI": { "ApiKey": "0123456789abcdef0123456789abcdef" } }', "json");
 */
export function findStructuredConfig(text: string, format: "json" | "yaml"): FileScan {
  const lineCounter = new LineCounter();
  const source = format === "json" ? blankJsonComments(text) : text;
  const document = parseDocument(source, { lineCounter, keepSourceTokens: false, uniqueKeys: false });
  const firstError = document.errors[0];
  if (firstError) {
    return { findings: [], edits: [], syntaxErrorLine: firstError.linePos?.[0]?.line ?? 1 };
  }
  const findings: FindingDraft[] = [];
  const library = format === "json" ? "appsettings" : "compose";
  const at = (node: YamlNode) => {
    const pos = lineCounter.linePos(node.range?.[0] ?? 0);
    return { line: pos.line, column: pos.col };
  };
  visit(document, {
    Pair(_, pair, path) {
      if (!isScalar(pair.key) || !isScalar(pair.value) || typeof pair.value.value !== "string") return;
      const names = [...sectionNames(path), String(pair.key.value)];
      if (!isAzureAiKeyName(names) || isPlaceholder(pair.value.value)) return;
      const { line, column } = at(pair.key);
      findings.push(keyEnvDraft(line, column, names.join(":"), pair.value.value, library));
    },
    Scalar(_, scalar, path) {
      const parent = path.at(-1);
      const owner = path.at(-2);
      if (!isSeq(parent) || !isPair(owner) || !isScalar(owner.key) || owner.key.value !== "environment")
        return;
      if (typeof scalar.value !== "string") return;
      const found = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(scalar.value);
      if (!found || !isAzureAiKeyName([found[1] ?? ""]) || isPlaceholder(found[2] ?? "")) return;
      const { line, column } = at(scalar);
      findings.push(keyEnvDraft(line, column, found[1] ?? "", found[2] ?? "", library));
    },
  });
  findings.sort((a, b) => a.line - b.line || a.column - b.column);
  return { findings, edits: [] };
}

function sectionNames(path: readonly unknown[]): string[] {
  const names: string[] = [];
  for (const node of path) {
    if (isPair(node) && isScalar(node.key)) names.push(String(node.key.value));
  }
  return names;
}
