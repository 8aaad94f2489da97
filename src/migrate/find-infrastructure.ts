import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type YAMLMap,
  type Node as YamlNode,
} from "yaml";
import { blankJsonComments } from "./find-configuration.js";
import type { FileScan, FindingDraft } from "./finding-draft.js";

const ACCOUNT_TYPE = "Microsoft.CognitiveServices/accounts";

const DISABLE_BICEP = "once every client is keyless, disableLocalAuth: true in the account's properties";
const LIST_KEYS_FIX =
  "pass the endpoint instead of a key and grant the app's identity a data-plane role (Cognitive Services OpenAI User) on the account";

/** Blanks `//` and `/* *\/` comments (and `#` for Terraform) outside strings, keeping offsets and newlines. */
function blankComments(text: string, hash: boolean): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? "";
    if (c === "'" || c === '"') {
      const start = i;
      i++;
      while (i < text.length && text[i] !== c && text[i] !== "\n") i += text[i] === "\\" ? 2 : 1;
      i++;
      out += text.slice(start, i);
    } else if ((c === "/" && text[i + 1] === "/") || (hash && c === "#")) {
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

function lineAt(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index);
  const line = before.split("\n").length;
  return { line, column: index - before.lastIndexOf("\n") };
}

/** The `{ ... }` block that opens at or after `from`: [open, close] offsets (braces in strings skipped). */
function blockAt(text: string, from: number): [number, number] | undefined {
  const open = text.indexOf("{", from);
  if (open < 0) return undefined;
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return [open, i];
  }
  return undefined;
}

/**
 * Finds key-based auth in Bicep: `listKeys()` on (or naming) a Cognitive Services account, and
 * `Microsoft.CognitiveServices/accounts` resources whose `disableLocalAuth` is `false` or unset
 * (Azure's default keeps keys on). Comments are not read.
 *
 * @example
 * findBicep("resource ai 'Microsoft.CognitiveServices/accounts@2024-10-01' = {\n  name: 'x'\n}\n").findings[0]?.kind; // "local-auth-enabled"
 */
export function findBicep(text: string): FileScan {
  const code = blankComments(text, false);
  const findings: FindingDraft[] = [];
  const symbols: string[] = [];
  const resource =
    /\bresource\s+([A-Za-z_][A-Za-z0-9_]*)\s+'Microsoft\.CognitiveServices\/accounts@[^']*'\s*(existing\s*)?=/g;
  for (let found = resource.exec(code); found !== null; found = resource.exec(code)) {
    symbols.push(found[1] ?? "");
    if (found[2]) continue; // an `existing` account is declared elsewhere
    const block = blockAt(code, found.index + found[0].length);
    if (!block) continue;
    const body = code.slice(block[0], block[1]);
    const setting = /\bdisableLocalAuth\s*:\s*(true|false)\b/.exec(body);
    if (setting?.[1] === "true") continue;
    if (setting === null && /\bdisableLocalAuth\s*:/.test(body)) continue; // a parameter decides
    const at = setting ? block[0] + setting.index : found.index;
    findings.push({
      ...lineAt(text, at),
      kind: "local-auth-enabled",
      library: "bicep",
      message: setting
        ? `account ${found[1]} sets disableLocalAuth: false, so its keys keep working`
        : `account ${found[1]} does not set disableLocalAuth, so its keys keep working (the default)`,
      fix: DISABLE_BICEP,
      rewrite: false,
    });
  }
  const listKeys = /\blistKeys\s*\(/g;
  for (let found = listKeys.exec(code); found !== null; found = listKeys.exec(code)) {
    const lineStart = code.lastIndexOf("\n", found.index) + 1;
    const lineEnd = code.indexOf("\n", found.index);
    const line = code.slice(lineStart, lineEnd < 0 ? code.length : lineEnd);
    const onAccount =
      symbols.some((s) => new RegExp(`\\b${s}\\s*\\.\\s*listKeys\\s*\\(`).test(line)) ||
      /CognitiveServices/.test(line);
    if (!onAccount) continue;
    findings.push({
      ...lineAt(text, found.index),
      kind: "iac-list-keys",
      library: "bicep",
      message: "listKeys() reads the account's keys into the deployment",
      fix: LIST_KEYS_FIX,
      rewrite: false,
    });
  }
  findings.sort((a, b) => a.line - b.line || a.column - b.column);
  return { findings, edits: [] };
}

/**
 * Finds key-based auth in Terraform: `azurerm_cognitive_account` and `azurerm_ai_services`
 * resources with `local_auth_enabled = true` or unset (the provider's default is true), and
 * references to their `primary_access_key` / `secondary_access_key`.
 *
 * @example
 * findTerraform('resource "azurerm_cognitive_account" "ai" {\n  local_auth_enabled = true\n}\n').findings[0]?.line; // 2
 */
export function findTerraform(text: string): FileScan {
  const code = blankComments(text, true);
  const findings: FindingDraft[] = [];
  const resource = /\bresource\s+"(azurerm_cognitive_account|azurerm_ai_services)"\s+"([^"]+)"\s*/g;
  const names: string[] = [];
  for (let found = resource.exec(code); found !== null; found = resource.exec(code)) {
    names.push(`${found[1]}.${found[2]}`);
    const block = blockAt(code, found.index + found[0].length);
    if (!block) continue;
    const body = code.slice(block[0], block[1]);
    const setting = /\blocal_auth_enabled\s*=\s*(true|false)\b/.exec(body);
    if (setting?.[1] === "false") continue;
    if (setting === null && /\blocal_auth_enabled\s*=/.test(body)) continue; // a variable decides
    const at = setting ? block[0] + setting.index : found.index;
    findings.push({
      ...lineAt(text, at),
      kind: "local-auth-enabled",
      library: "terraform",
      message: setting
        ? `${found[1]}.${found[2]} sets local_auth_enabled = true, so its keys keep working`
        : `${found[1]}.${found[2]} does not set local_auth_enabled, so its keys keep working (the default is true)`,
      fix: "once every client is keyless, local_auth_enabled = false",
      rewrite: false,
    });
  }
  const access =
    /\b(azurerm_cognitive_account|azurerm_ai_services)\.([A-Za-z0-9_-]+)\.(primary_access_key|secondary_access_key)\b/g;
  for (let found = access.exec(code); found !== null; found = access.exec(code)) {
    findings.push({
      ...lineAt(text, found.index),
      kind: "iac-list-keys",
      library: "terraform",
      message: `${found[0]} reads the account's key`,
      fix: LIST_KEYS_FIX,
      rewrite: false,
    });
  }
  void names;
  findings.sort((a, b) => a.line - b.line || a.column - b.column);
  return { findings, edits: [] };
}

/**
 * Finds key-based auth in an ARM template: `Microsoft.CognitiveServices/accounts` resources
 * (nested ones too) whose `properties.disableLocalAuth` is `false` or absent, and `listKeys(`
 * expressions on a Cognitive Services account.
 *
 * @example
 * findArmTemplate('{"$schema": "...deploymentTemplate.json#", "resources": []}').findings; // []
 */
export function findArmTemplate(text: string): FileScan {
  const lineCounter = new LineCounter();
  const document = parseDocument(blankJsonComments(text), { lineCounter, uniqueKeys: false });
  const firstError = document.errors[0];
  if (firstError) return { findings: [], edits: [], syntaxErrorLine: firstError.linePos?.[0]?.line ?? 1 };
  const findings: FindingDraft[] = [];
  const at = (node: YamlNode | null | undefined) => {
    const pos = lineCounter.linePos(node?.range?.[0] ?? 0);
    return { line: pos.line, column: pos.col };
  };
  const visitNode = (node: unknown): void => {
    if (isSeq(node)) {
      for (const item of node.items) visitNode(item);
      return;
    }
    if (isMap(node)) {
      checkResource(node);
      for (const pair of node.items) visitNode(pair.value);
      return;
    }
    if (
      isScalar(node) &&
      typeof node.value === "string" &&
      /\blistKeys\s*\(/.test(node.value) &&
      /CognitiveServices/i.test(node.value)
    ) {
      findings.push({
        ...at(node),
        kind: "iac-list-keys",
        library: "arm",
        message: "listKeys() reads the account's keys into the deployment",
        fix: LIST_KEYS_FIX,
        rewrite: false,
      });
    }
  };
  const checkResource = (map: YAMLMap): void => {
    const type = map.get("type");
    if (typeof type !== "string" || type.toLowerCase() !== ACCOUNT_TYPE.toLowerCase()) return;
    const properties = map.get("properties", true);
    const setting = isMap(properties) ? properties.get("disableLocalAuth", true) : undefined;
    const value = isScalar(setting) ? setting.value : undefined;
    if (value === true || (setting !== undefined && value !== false)) return;
    const typeNode = map.items.find((p) => isScalar(p.key) && p.key.value === "type")?.key as
      | YamlNode
      | undefined;
    findings.push({
      ...at(isScalar(setting) ? setting : typeNode),
      kind: "local-auth-enabled",
      library: "arm",
      message:
        value === false
          ? "a Cognitive Services account sets disableLocalAuth: false, so its keys keep working"
          : "a Cognitive Services account does not set disableLocalAuth, so its keys keep working (the default)",
      fix: 'once every client is keyless, "disableLocalAuth": true in the account\'s properties',
      rewrite: false,
    });
  };
  visitNode(document.contents);
  findings.sort((a, b) => a.line - b.line || a.column - b.column);
  return { findings, edits: [] };
}
