import type { FixLanguage } from "./fix-language.js";

/**
 * A run of lines of a catalog text that reads the same way: prose to wrap, or code (commands,
 * source lines, comments) to keep whole so a reader can copy it.
 *
 * @example
 * const block: TextBlock = { kind: "code", lines: ["az login"] };
 */
export interface TextBlock {
  kind: "prose" | "code";
  lines: string[];
}

/**
 * Splits a catalog text (why, confirm or fix) into prose paragraphs and runs of code lines. A blank
 * line ends a block; every prose line is a paragraph of its own.
 *
 * @example
 * splitTextBlocks("az account show\nAn error confirms it.");
 * // [{ kind: "code", lines: ["az account show"] }, { kind: "prose", lines: ["An error confirms it."] }]
 */
export function splitTextBlocks(text: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  let current: TextBlock | undefined;
  for (const line of text.split("\n")) {
    if (line.trim() === "") {
      current = undefined;
      continue;
    }
    const kind = isCodeLine(line, current?.kind === "code") ? "code" : "prose";
    if (current?.kind !== kind || kind === "prose") {
      current = { kind, lines: [] };
      blocks.push(current);
    }
    current.lines.push(line);
  }
  return blocks;
}

/** Words that start a shell command line: a reader runs these in a terminal. */
const SHELL_WORDS = new Set([
  "az",
  "azd",
  "curl",
  "export",
  "unset",
  "set",
  "setx",
  "sleep",
  "time",
  "command",
  "nslookup",
  "dig",
  "node",
  "npm",
  "npx",
  "keyless",
  "kubectl",
  "pwsh",
  "powershell",
  "sudo",
  "brew",
  "winget",
  "env",
  "printenv",
  "echo",
  "cat",
  "grep",
  "date",
  "openssl",
  "python",
  "python3",
  "pip",
  "dotnet",
  "go",
  "mvn",
]);

/** Words that start a source line in one of the fix languages. */
const SOURCE_WORDS = new Set([
  "const",
  "let",
  "var",
  "await",
  "import",
  "new",
  "try",
  "class",
  "defer",
  "using",
  "from",
]);

// `client = ...`, `cred, err := ...`, `_, err = ...`: an assignment, the way Python and Go start a line.
const ASSIGNMENT = /^[A-Za-z_$][\w$]*(?:\s*,\s*[A-Za-z_][\w]*)*\s*:?=\s/;
// `OpenAIClient client = ...`, `String apiKey = ...`: a typed declaration (Java, C#).
const DECLARATION = /^[A-Z][\w]*(?:<[^>]*>)?\s+[a-z][\w]*\s*=\s/;
// `useIdentityPlugin(plugin);`, `token_provider()`, `fmt.Println(err)`: a call on its own line.
const CALL = /^[A-Za-z_$][\w$.]*\(.*\);?$/;

/**
 * Whether a line of a catalog text is code (a command, a source line or a comment) rather than
 * prose. `afterCode` says the previous line was code, so an indented line continues it.
 *
 * @example
 * isCodeLine("az login", false); // true
 * isCodeLine("az ad app credential list --id <client-id> lists the app's secrets.", false); // false
 */
export function isCodeLine(line: string, afterCode: boolean): boolean {
  const trimmed = line.trimStart();
  if (afterCode && (line !== trimmed || trimmed.startsWith("- "))) return true;
  if (isCommentLine(trimmed)) return true;
  if (trimmed === "{" || trimmed === "}" || trimmed === "};") return true;
  // "az ad app credential list ... shows the app's secrets." is a sentence that starts with a command.
  if (/[A-Za-z0-9)'"`]\.$/.test(trimmed)) return false;
  if (/^[A-Z_][A-Z0-9_]*=/.test(trimmed)) return true;
  if (/^[A-Z][a-z]+-[A-Z][A-Za-z]+(\s|$)/.test(trimmed)) return true;
  if (CALL.test(trimmed) || ASSIGNMENT.test(trimmed) || DECLARATION.test(trimmed)) return true;
  const firstWord = /^[^\s]+/.exec(trimmed)?.[0] ?? "";
  return SHELL_WORDS.has(firstWord) || SOURCE_WORDS.has(firstWord);
}

/**
 * Whether a line is a comment: `# ...` (shell, Python) or `// ...` (JavaScript, C#, Go, Java).
 *
 * @example
 * isCommentLine("# Sign in to the resource's tenant"); // true
 */
export function isCommentLine(line: string): boolean {
  const trimmed = line.trimStart();
  return trimmed.startsWith("# ") || trimmed.startsWith("// ") || trimmed === "#" || trimmed === "//";
}

/** Whether a code line is a shell command (or a YAML line) rather than source code. */
function isShellLine(line: string): boolean {
  const trimmed = line.trimStart();
  if (/^[A-Z_][A-Z0-9_]*=/.test(trimmed) || trimmed.startsWith("- ")) return true;
  const firstWord = /^[^\s]+/.exec(trimmed)?.[0] ?? "";
  return SHELL_WORDS.has(firstWord);
}

const FENCE_BY_LANGUAGE: Readonly<Record<Exclude<FixLanguage, "js">, string>> = {
  python: "python",
  csharp: "csharp",
  go: "go",
  java: "java",
};

/**
 * The markdown fence language of a code block: the fix language's when the block holds its source
 * lines, `yaml` for YAML, else `sh`. For JavaScript (and fixes shared by every language) a block is
 * `ts` when it holds JavaScript.
 *
 * @example
 * codeFenceLanguage(["client = AzureOpenAI()"], "python"); // "python"
 * codeFenceLanguage(["az login"], "python"); // "sh"
 */
export function codeFenceLanguage(codeLines: readonly string[], language: FixLanguage = "js"): string {
  if (language === "js") {
    const js = /^(\/\/|const |let |var |await |import |new |try |useIdentityPlugin\()/;
    if (codeLines.some((line) => js.test(line.trimStart()))) return "ts";
  } else {
    const source = codeLines.some((line) => {
      const trimmed = line.trimStart();
      return trimmed.startsWith("// ") || (!isCommentLine(trimmed) && !isShellLine(line));
    });
    if (source) return FENCE_BY_LANGUAGE[language];
  }
  if (codeLines.some((line) => /^- [a-z]+:/.test(line.trimStart()))) return "yaml";
  return "sh";
}

/**
 * The fix in one line, for a summary. The fix's first step is its first run of code lines (with
 * the comments that lead it): a single command or source line is the summary itself; several
 * (install, then sign in) are summed up by their leading comment; a fix written as prose is its
 * text joined into one line.
 *
 * @example
 * oneLineFix("# Sign in for local development\naz login --tenant 72f9");
 * // { kind: "code", text: "az login --tenant 72f9" }
 * oneLineFix("# Install azd, then sign in\ncurl -fsSL https://aka.ms/install-azd.sh | bash\nazd auth login");
 * // { kind: "prose", text: "Install azd, then sign in" }
 */
export function oneLineFix(fix: string): { kind: "code" | "prose"; text: string } {
  const blocks = splitTextBlocks(fix);
  const firstCode = blocks.find((block) => block.kind === "code");
  if (firstCode !== undefined) {
    const lead: string[] = [];
    const step: string[] = [];
    for (const line of firstCode.lines) {
      if (isCommentLine(line)) {
        if (step.length > 0) break;
        lead.push(line);
      } else step.push(line);
    }
    const summary =
      lead[0]
        ?.replace(/^\s*(#|\/\/)\s?/, "")
        .replace(/:$/, "")
        .trim() ?? "";
    if (step.length > 1 && summary !== "") return { kind: "prose", text: summary };
    if (step[0] !== undefined) return { kind: "code", text: step[0].trim() };
    if (summary !== "") return { kind: "prose", text: summary };
  }
  const prose = blocks.filter((block) => block.kind === "prose").flatMap((block) => block.lines);
  return { kind: "prose", text: prose.join(" ").trim() };
}
