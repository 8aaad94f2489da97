import { redactText } from "../knowledge/redact-text.js";
import { looksLikeAzureKey } from "./key-values.js";
import type { FindingKind } from "./migrate-types.js";
import type { SyntaxNode } from "./parse-source.js";
import { positionOf, stringLiteralValue, type TextEdit } from "./parse-source.js";

/**
 * A finding as a language finder reports it, before migrate adds the file, the language and
 * whether it was rewritten.
 *
 * @example
 * const draft: FindingDraft = { line: 3, column: 10, kind: "client-api-key", library: "openai", message: "...", fix: "...", rewrite: true };
 */
export interface FindingDraft {
  line: number;
  column: number;
  kind: FindingKind;
  library: string;
  message: string;
  fix: string;
  rewrite: boolean;
  scope?: string;
  /** The file itself holds the key (a literal, a configuration value): rotate it. Not part of the public finding. */
  holdsKey?: boolean;
}

/**
 * What a finder returns for one file: its findings, the edits `--write` would apply (already
 * including the imports they need) and the line of the first syntax error, if any.
 *
 * @example
 * const scan: FileScan = { findings: [], edits: [] };
 */
export interface FileScan {
  findings: FindingDraft[];
  edits: TextEdit[];
  syntaxErrorLine?: number;
}

/**
 * The way a finding quotes a value: a string literal is `"[redacted]"` (it may be a key), anything
 * else (an environment read, a variable) is shown with secrets masked and shortened to 60
 * characters.
 *
 * @example
 * describeValue(node); // 'os.environ["AZURE_OPENAI_API_KEY"]'
 */
export function describeValue(node: SyntaxNode | null | undefined): string {
  if (!node) return "a key";
  if (stringLiteralValue(node) !== undefined || /^[rbuf@$]*["'`]/i.test(node.text())) return '"[redacted]"';
  const text = redactText(node.text().replace(/\s+/g, " "));
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * A `key-literal` finding for a string node that holds a key: any non-placeholder string given
 * where a key goes, or a string with the shape of an Azure key anywhere.
 *
 * @example
 * const draft = keyLiteralDraft(node, "openai", "os.environ[\"AZURE_OPENAI_API_KEY\"]");
 */
export function keyLiteralDraft(node: SyntaxNode, library: string, instead: string): FindingDraft {
  const value = stringLiteralValue(node) ?? "";
  const shape = looksLikeAzureKey(value) ? "an Azure AI key (redacted)" : "a literal key (redacted)";
  return {
    ...positionOf(node),
    kind: "key-literal",
    library,
    message: `${shape} is written in the code`,
    fix: `delete the key from the code (${instead}) and rotate it: it is in the file's history`,
    rewrite: false,
    holdsKey: true,
  };
}
