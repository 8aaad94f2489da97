import { createRequire } from "node:module";
import { Lang, parse, registerDynamicLanguage, type SgNode, type SgRoot } from "@ast-grep/napi";

/** The grammars migrate parses with: JavaScript, TypeScript and TSX are built into ast-grep. */
export type GrammarName = "python" | "csharp" | "java" | "javascript" | "typescript" | "tsx";

let registered = false;

/** Loads the prebuilt Python, C# and Java tree-sitter grammars once (no compiler, no network). */
function registerGrammars(): void {
  if (registered) return;
  const require = createRequire(import.meta.url);
  type Registration = {
    libraryPath: string;
    extensions: string[];
    languageSymbol?: string;
    expandoChar?: string;
  };
  const load = (name: string): Registration => {
    const r = require(name) as Registration;
    return {
      libraryPath: r.libraryPath,
      extensions: r.extensions,
      ...(r.languageSymbol === undefined ? {} : { languageSymbol: r.languageSymbol }),
      ...(r.expandoChar === undefined ? {} : { expandoChar: r.expandoChar }),
    };
  };
  registerDynamicLanguage({
    python: load("@ast-grep/lang-python"),
    csharp: load("@ast-grep/lang-csharp"),
    java: load("@ast-grep/lang-java"),
  });
  registered = true;
}

/**
 * Parses source text with the tree-sitter grammar for `grammar`. Tree-sitter always returns a
 * tree: a syntax error becomes an `ERROR` node (see {@link firstSyntaxError}) and the rest of the
 * file is still read.
 *
 * @example
 * const root = parseSource("python", "client = AzureOpenAI(api_key=key)\n").root();
 */
export function parseSource(grammar: GrammarName, text: string): SgRoot {
  if (grammar === "javascript") return parse(Lang.JavaScript, text);
  if (grammar === "typescript") return parse(Lang.TypeScript, text);
  if (grammar === "tsx") return parse(Lang.Tsx, text);
  registerGrammars();
  return parse(grammar, text);
}

/**
 * The 1-based line of the first syntax error in a tree, or `undefined` when it parsed cleanly.
 *
 * @example
 * firstSyntaxError(parseSource("python", "def (:\n").root()); // 1
 */
export function firstSyntaxError(root: SgNode): number | undefined {
  const error = root.find({ rule: { kind: "ERROR" } });
  const missing = firstMissing(root);
  const lines = [error?.range().start.line, missing?.range().start.line].filter((l) => l !== undefined);
  return lines.length === 0 ? undefined : Math.min(...lines) + 1;
}

/**
 * The first token tree-sitter inserted to recover from an error (a `MISSING` node: an anonymous
 * token of zero width, like the `)` of `def f(:`), which no rule can match.
 */
function firstMissing(node: SgNode): SgNode | undefined {
  for (const child of node.children()) {
    const { start, end } = child.range();
    if (child.isLeaf() && !child.isNamed() && start.index === end.index && String(child.kind()) !== "")
      return child;
    const inner = firstMissing(child);
    if (inner) return inner;
  }
  return undefined;
}

/** Interpolation node kinds across the grammars (Python f-strings, JS templates, C# `$"..."`). */
const INTERPOLATIONS: ReadonlySet<string> = new Set([
  "interpolation",
  "template_substitution",
  "interpolated_string_expression",
]);

/** Whether any node below `node` has one of `kinds` (a walk: kind names differ per grammar, so no rule). */
export function hasDescendantKind(node: SgNode, kinds: ReadonlySet<string>): boolean {
  for (const child of node.children()) {
    if (kinds.has(String(child.kind())) || hasDescendantKind(child, kinds)) return true;
  }
  return false;
}

/**
 * The value of a plain string literal node (quotes and prefixes removed), or `undefined` when the
 * node is not a string literal or interpolates (f-strings, template literals with `${}`).
 *
 * @example
 * stringLiteralValue(node); // "https://contoso.openai.azure.com"
 */
export function stringLiteralValue(node: SgNode | null | undefined): string | undefined {
  if (!node) return undefined;
  const kind = node.kind();
  if (
    kind !== "string" &&
    kind !== "string_literal" &&
    kind !== "verbatim_string_literal" &&
    kind !== "raw_string_literal" &&
    kind !== "template_string"
  ) {
    return undefined;
  }
  if (hasDescendantKind(node, INTERPOLATIONS)) return undefined;
  const found = /^[rRbBuU@]*("""|'''|"|'|`)([\s\S]*)\1$/.exec(node.text());
  return found?.[2];
}

/**
 * The last identifier of a callee or type (`AzureOpenAI` for `openai.AzureOpenAI`,
 * `AzureOpenAIClient` for `Azure.AI.OpenAI.AzureOpenAIClient`, generic arguments dropped).
 *
 * @example
 * simpleName("openai.AzureOpenAI"); // "AzureOpenAI"
 */
export function simpleName(text: string): string {
  const bare = text.replace(/<[\s\S]*>$/, "").trim();
  const parts = bare.split(".");
  return (parts.at(-1) ?? bare).trim();
}

/** A node's start as 1-based line and column. */
export function positionOf(node: SgNode): { line: number; column: number } {
  const { line, column } = node.range().start;
  return { line: line + 1, column: column + 1 };
}

/** A replacement of `[start, end)` (UTF-16 offsets into the file's text) by `text`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** The edit that replaces a node's text. */
export function replaceNode(node: SgNode, text: string): TextEdit {
  const { start, end } = node.range();
  return { start: start.index, end: end.index, text };
}

/**
 * Applies non-overlapping edits to a text, last first, so earlier offsets stay valid.
 *
 * @example
 * applyEdits("a b", [{ start: 2, end: 3, text: "c" }]); // "a c"
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let limit = Number.POSITIVE_INFINITY;
  for (const edit of sorted) {
    if (edit.end > limit) continue; // overlapping: keep the later one only
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
    limit = edit.start;
  }
  return out;
}

/**
 * The file's line ending (`\r\n` when it has any, else `\n`) and where the line holding `index`
 * ends (before its `\r\n` or `\n`), for inserting a line after it in the file's own style.
 *
 * @example
 * lineEndAfter("import a\r\nx", 3); // { end: 8, eol: "\r\n" }
 */
export function lineEndAfter(text: string, index: number): { end: number; eol: string } {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const newline = text.indexOf("\n", index);
  if (newline < 0) return { end: text.length, eol };
  return { end: newline > 0 && text[newline - 1] === "\r" ? newline - 1 : newline, eol };
}
