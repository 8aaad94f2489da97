import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Language, TreeCursor, Parser as WasmParser } from "@vscode/tree-sitter-wasm";

/** The grammars migrate parses with, each a prebuilt tree-sitter WebAssembly module. */
export type GrammarName = "python" | "csharp" | "java" | "javascript" | "typescript" | "tsx";

/** The `.wasm` file of each grammar in `@vscode/tree-sitter-wasm`. */
const GRAMMAR_FILES: Readonly<Record<GrammarName, string>> = {
  python: "tree-sitter-python.wasm",
  csharp: "tree-sitter-c-sharp.wasm",
  java: "tree-sitter-java.wasm",
  javascript: "tree-sitter-javascript.wasm",
  typescript: "tree-sitter-typescript.wasm",
  tsx: "tree-sitter-tsx.wasm",
};

/** A position: 0-based line and column, and the UTF-16 offset into the file's text. */
export interface SourcePoint {
  line: number;
  column: number;
  index: number;
}

/** A rule for {@link SyntaxNode.find}: one node kind, or any of several. */
export type KindRule = { rule: { kind: string } } | { rule: { any: readonly { kind: string }[] } };

/**
 * One node of a parsed file: its kind, its text, its children and the grammar's field names.
 * The tree is copied out of WebAssembly memory when the file is parsed (and that memory freed), so
 * a node is plain data that stays valid for as long as it is referenced.
 */
export class SyntaxNode {
  readonly #source: string;
  readonly #kind: string;
  readonly #named: boolean;
  readonly #start: SourcePoint;
  readonly #end: SourcePoint;
  readonly #id: number;
  #parent: SyntaxNode | null = null;
  readonly #children: { node: SyntaxNode; field: string | null }[] = [];
  /** Whether tree-sitter inserted this token to recover from a syntax error. */
  readonly missing: boolean;

  constructor(source: string, cursor: TreeCursor, id: number) {
    this.#source = source;
    this.#kind = cursor.nodeType;
    this.#named = cursor.nodeIsNamed;
    this.missing = cursor.nodeIsMissing;
    this.#start = pointOf(cursor.startPosition, cursor.startIndex);
    this.#end = pointOf(cursor.endPosition, cursor.endIndex);
    this.#id = id;
  }

  /** @internal Adds a child while the tree is copied. */
  adopt(child: SyntaxNode, field: string | null): void {
    child.#parent = this;
    this.#children.push({ node: child, field });
  }

  /** The grammar's name for this node (`call`, `new_expression`, `ERROR`, `)`...). */
  kind(): string {
    return this.#kind;
  }

  /** The node's source text. */
  text(): string {
    return this.#source.slice(this.#start.index, this.#end.index);
  }

  /** A number unique to this node within its file. */
  id(): number {
    return this.#id;
  }

  /** Where the node starts and ends. */
  range(): { start: SourcePoint; end: SourcePoint } {
    return { start: this.#start, end: this.#end };
  }

  /** Whether the grammar names this node (identifiers, calls) rather than a bare token (`(`, `=`). */
  isNamed(): boolean {
    return this.#named;
  }

  /** Whether the node has no children. */
  isLeaf(): boolean {
    return this.#children.length === 0;
  }

  parent(): SyntaxNode | null {
    return this.#parent;
  }

  /** Every child, bare tokens included. */
  children(): SyntaxNode[] {
    return this.#children.map((c) => c.node);
  }

  /** The named children (comments included: they are named nodes). */
  namedChildren(): SyntaxNode[] {
    return this.#children.filter((c) => c.node.#named).map((c) => c.node);
  }

  child(index: number): SyntaxNode | null {
    return this.#children[index]?.node ?? null;
  }

  /** The first child in the grammar's field `name` (`function`, `arguments`, `value`...). */
  field(name: string): SyntaxNode | null {
    return this.#children.find((c) => c.field === name)?.node ?? null;
  }

  /** Every child in the grammar's field `name`. */
  fieldChildren(name: string): SyntaxNode[] {
    return this.#children.filter((c) => c.field === name).map((c) => c.node);
  }

  /** The first node, this one or below it in document order, that matches `rule`. */
  find(rule: KindRule): SyntaxNode | null {
    const kinds = kindsOf(rule);
    for (const node of this.walk()) if (kinds.has(node.#kind)) return node;
    return null;
  }

  /** Every node, this one and those below it in document order, that matches `rule`. */
  findAll(rule: KindRule): SyntaxNode[] {
    const kinds = kindsOf(rule);
    return [...this.walk()].filter((node) => kinds.has(node.#kind));
  }

  /** This node and every node below it, in document order (iterative: deep trees do not overflow). */
  *walk(): Generator<SyntaxNode> {
    const stack: SyntaxNode[] = [this];
    for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
      yield node;
      stack.push(...node.children().reverse());
    }
  }
}

function kindsOf(rule: KindRule): ReadonlySet<string> {
  return new Set("kind" in rule.rule ? [rule.rule.kind] : rule.rule.any.map((r) => r.kind));
}

function pointOf(position: { row: number; column: number }, index: number): SourcePoint {
  return { line: position.row, column: position.column, index };
}

/** A parsed file. */
export interface ParsedSource {
  root(): SyntaxNode;
}

type TreeSitter = typeof import("@vscode/tree-sitter-wasm");

let grammars: Promise<ReadonlyMap<GrammarName, WasmParser>> | undefined;
let loaded: ReadonlyMap<GrammarName, WasmParser> | undefined;

/**
 * Loads the tree-sitter runtime and the six grammars (prebuilt WebAssembly: no compiler, no
 * install script, no network) once per process. {@link parseSource} needs it to have settled.
 *
 * @example
 * await loadGrammars();
 * const root = parseSource("python", "client = AzureOpenAI(api_key=key)\n").root();
 */
export function loadGrammars(): Promise<void> {
  grammars ??= (async () => {
    const require = createRequire(import.meta.url);
    const entry = require.resolve("@vscode/tree-sitter-wasm");
    const { Parser, Language: Languages } = require("@vscode/tree-sitter-wasm") as TreeSitter;
    await Parser.init({ locateFile: (file: string) => join(dirname(entry), file) });
    const parsers = new Map<GrammarName, WasmParser>();
    for (const [name, file] of Object.entries(GRAMMAR_FILES) as [GrammarName, string][]) {
      const language: Language = await Languages.load(join(dirname(entry), file));
      parsers.set(name, new Parser().setLanguage(language));
    }
    loaded = parsers;
    return parsers;
  })();
  return grammars.then(() => undefined);
}

/**
 * Parses source text with the tree-sitter grammar for `grammar`. Tree-sitter always returns a
 * tree: a syntax error becomes an `ERROR` or a `MISSING` node (see {@link firstSyntaxError}) and
 * the rest of the file is still read.
 *
 * @throws {Error} when {@link loadGrammars} has not settled (a programming error).
 * @example
 * await loadGrammars();
 * const root = parseSource("python", "client = AzureOpenAI(api_key=key)\n").root();
 */
export function parseSource(grammar: GrammarName, text: string): ParsedSource {
  const parser = loaded?.get(grammar);
  if (!parser) throw new Error("parseSource: await loadGrammars() before parsing");
  const tree = parser.parse(text);
  if (!tree) throw new Error(`parseSource: the ${grammar} parser returned no tree`);
  try {
    const root = copyTree(text, tree.walk());
    return { root: () => root };
  } finally {
    tree.delete();
  }
}

/** Copies the tree under a cursor into {@link SyntaxNode}s, iteratively (deep trees do not overflow). */
function copyTree(text: string, cursor: TreeCursor): SyntaxNode {
  let id = 0;
  try {
    const root = new SyntaxNode(text, cursor, id++);
    const path: SyntaxNode[] = [root];
    const enter = () => {
      const node = new SyntaxNode(text, cursor, id++);
      path.at(-1)?.adopt(node, cursor.currentFieldName);
      path.push(node);
    };
    for (;;) {
      if (cursor.gotoFirstChild()) {
        enter();
        continue;
      }
      for (;;) {
        path.pop(); // this node and everything below it are copied
        if (path.length === 0) return root;
        if (cursor.gotoNextSibling()) {
          enter();
          break;
        }
        cursor.gotoParent();
      }
    }
  } finally {
    cursor.delete();
  }
}

/**
 * The 1-based line of the first syntax error in a tree, or `undefined` when it parsed cleanly:
 * an `ERROR` node, or a token tree-sitter inserted to recover (a `MISSING` node, like the `)` of
 * `def f(:`).
 *
 * @example
 * firstSyntaxError(parseSource("python", "def (:\n").root()); // 1
 */
export function firstSyntaxError(root: SyntaxNode): number | undefined {
  for (const node of root.walk()) {
    if (node.kind() === "ERROR" || node.missing) return node.range().start.line + 1;
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
export function hasDescendantKind(node: SyntaxNode, kinds: ReadonlySet<string>): boolean {
  for (const below of node.walk()) {
    if (below !== node && kinds.has(String(below.kind()))) return true;
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
export function stringLiteralValue(node: SyntaxNode | null | undefined): string | undefined {
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
export function positionOf(node: SyntaxNode): { line: number; column: number } {
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
export function replaceNode(node: SyntaxNode, text: string): TextEdit {
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
