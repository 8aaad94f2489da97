/**
 * The languages a code fix is written for, each with the Azure SDK stack it assumes. JavaScript is
 * the catalog's own `fix`; the others are `fixByLanguage` entries.
 *
 * @example
 * FIX_LANGUAGES.includes("python"); // true
 */
export const FIX_LANGUAGES = ["js", "python", "csharp", "go", "java"] as const;

/**
 * A language a fix can be rendered for: `js` (TypeScript / JavaScript), `python`, `csharp`, `go`, `java`.
 *
 * @example
 * const language: FixLanguage = "python";
 */
export type FixLanguage = (typeof FIX_LANGUAGES)[number];

/**
 * What a reader sees as the name of each language, with the libraries its fixes use.
 *
 * @example
 * FIX_LANGUAGE_LABELS.python; // "Python (azure-identity, openai)"
 */
export const FIX_LANGUAGE_LABELS: Readonly<Record<FixLanguage, string>> = {
  js: "JavaScript / TypeScript (@azure/identity, openai)",
  python: "Python (azure-identity, openai)",
  csharp: "C# (Azure.Identity, Azure.AI.OpenAI)",
  go: "Go (azidentity, openai-go)",
  java: "Java (azure-identity, azure-ai-openai)",
};

/**
 * The short name of each language, for headings where the libraries would be noise.
 *
 * @example
 * FIX_LANGUAGE_NAMES.csharp; // "C#"
 */
export const FIX_LANGUAGE_NAMES: Readonly<Record<FixLanguage, string>> = {
  js: "JavaScript",
  python: "Python",
  csharp: "C#",
  go: "Go",
  java: "Java",
};

// Each signal names the language by something only its SDKs or runtime print. Case matters: .NET's
// `Azure.Identity` is not Python's `azure.identity`, Go's `AzureCLICredential` is not `AzureCliCredential`.
const SIGNALS: ReadonlyArray<readonly [Exclude<FixLanguage, "js">, RegExp]> = [
  // Java: azure-core / azure-identity packages, JVM stack frames and uncaught-exception header.
  [
    "java",
    /\bcom\.azure\.|\bcom\.microsoft\.aad\.msal4j\b|\.java:\d+\)|Exception in thread "|aka\.ms\/azsdk\/java\//,
  ],
  // .NET: Azure.Core / Azure.Identity / System.ClientModel exception types, RequestFailedException's
  // "Status: 401 (PermissionDenied) ErrorCode: ..." layout.
  [
    "csharp",
    /\bAzure\.Identity\b|\bRequestFailedException\b|\bMicrosoft\.Identity\.Client\b|\bSystem\.ClientModel\b|\bClientResultException\b|\bAzure\.Core\.|Unhandled exception\. |\bStatus: \d{3} \([^)\n]{0,80}\)\s{1,8}ErrorCode: |aka\.ms\/azsdk\/net\//,
  ],
  // Go: azidentity / azcore, Go's credential names, azcore's RESPONSE block and Go stack frames.
  [
    "go",
    /\bazidentity\b|\bazcore\b|\bAzureCLICredential\b|\bAzureDeveloperCLICredential\b|DefaultAzureCredential: failed to acquire a token|-{20}\r?\nRESPONSE \d{3} |aka\.ms\/azsdk\/go\/|\bgoroutine \d+ \[|\.go:\d+/,
  ],
  // Python: a traceback, azure-identity / azure-core / openai module paths, openai-python's
  // "Error code: 401 - {'error': ...}" with the body as a Python dict.
  [
    "python",
    /Traceback \(most recent call last\)|File "[^"\n]+\.py", line \d+|\bazure\.identity\b|\bazure\.core\.exceptions\b|\bopenai\.[A-Z][A-Za-z]*Error\b|\bopenai\._|Error code: \d{3} - \{'|site-packages[\\/]|aka\.ms\/azsdk\/python\//,
  ],
];

/**
 * The language an error text came from, read from what only that language's SDKs print: a Python
 * traceback or `azure.identity` / `openai.<Class>Error` module names -> `python`;
 * `Azure.Identity` / `RequestFailedException` -> `csharp`; `azidentity` -> `go`; `com.azure` ->
 * `java`; anything else -> `js`. When signals of several languages appear, the earliest wins: an
 * error's own header comes before the text it quotes.
 *
 * @example
 * detectFixLanguage("Traceback (most recent call last):\nopenai.AuthenticationError: Error code: 401"); // "python"
 * detectFixLanguage('{"statusCode": 401}'); // "js"
 */
export function detectFixLanguage(text: string): FixLanguage {
  if (typeof text !== "string") return "js";
  let best: { language: FixLanguage; index: number } | undefined;
  for (const [language, signal] of SIGNALS) {
    const index = text.search(signal);
    if (index >= 0 && (best === undefined || index < best.index)) best = { language, index };
  }
  return best?.language ?? "js";
}

const ALIASES: Readonly<Record<string, FixLanguage>> = {
  js: "js",
  javascript: "js",
  ts: "js",
  typescript: "js",
  node: "js",
  python: "python",
  py: "python",
  csharp: "csharp",
  "c#": "csharp",
  cs: "csharp",
  dotnet: "csharp",
  ".net": "csharp",
  go: "go",
  golang: "go",
  java: "java",
};

/**
 * Reads a language name as a user types it (`python`, `py`, `c#`, `dotnet`, `golang`, `ts`...),
 * case-insensitively; `undefined` for anything else.
 *
 * @example
 * parseFixLanguage("C#"); // "csharp"
 * parseFixLanguage("rust"); // undefined
 */
export function parseFixLanguage(name: string): FixLanguage | undefined {
  if (typeof name !== "string") return undefined;
  const key = name.trim().toLowerCase();
  return Object.hasOwn(ALIASES, key) ? ALIASES[key] : undefined;
}
