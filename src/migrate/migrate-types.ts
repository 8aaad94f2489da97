/**
 * What a finding is about, one of the seven kinds `keyless migrate` reports.
 *
 * - `client-api-key`: a client built with a key option or argument (`AzureOpenAI(api_key=...)`,
 *   `new AzureOpenAI({ apiKey })`, LangChain's `azureOpenAIApiKey`, Semantic Kernel's `apiKey`).
 * - `key-credential`: an `AzureKeyCredential` (or `ApiKeyCredential`) handed to an Azure AI client.
 * - `api-key-header`: an HTTP call that sends the `api-key` header itself.
 * - `key-literal`: a key written in the file (a 32-hex or 84-character key, or any non-placeholder string given as the key).
 * - `key-env`: a key in configuration (`.env`, `appsettings*.json`, `local.settings.json`, compose files).
 * - `iac-list-keys`: infrastructure that reads the account's keys (`listKeys()`, `primary_access_key`).
 * - `local-auth-enabled`: an account whose local (key) auth stays on (`disableLocalAuth` false or unset, `local_auth_enabled`).
 *
 * @example
 * const kind: FindingKind = "client-api-key";
 */
export type FindingKind =
  | "client-api-key"
  | "key-credential"
  | "api-key-header"
  | "key-literal"
  | "key-env"
  | "iac-list-keys"
  | "local-auth-enabled";

/**
 * The language (or file format) a finding is in.
 *
 * @example
 * const language: MigrateLanguage = "python";
 */
export type MigrateLanguage =
  | "python"
  | "javascript"
  | "typescript"
  | "csharp"
  | "java"
  | "dotenv"
  | "json"
  | "yaml"
  | "bicep"
  | "arm"
  | "terraform";

/**
 * One place that uses key-based auth, with what to do instead.
 *
 * @example
 * const finding: MigrateFinding = { file: "app.py", line: 4, column: 10, language: "python", kind: "client-api-key", library: "openai", rewrite: true, rewritten: false, message: "AzureOpenAI(...) is given api_key=os.environ[\"AZURE_OPENAI_API_KEY\"]", fix: "azure_ad_token_provider=get_bearer_token_provider(DefaultAzureCredential(), \"https://cognitiveservices.azure.com/.default\") instead of api_key" };
 */
export interface MigrateFinding {
  /** Relative to the scanned path, with `/` separators (the file's own name when a file was scanned). */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
  language: MigrateLanguage;
  kind: FindingKind;
  /** The library or format the code uses: `openai`, `langchain`, `azure-ai-inference`, `semantic-kernel`, `bicep`, ... */
  library: string;
  /** What was found. Keys never appear: literal values read `"[redacted]"`. */
  message: string;
  /** What to do instead, in the file's language. */
  fix: string;
  /** `--write` can change this one safely. */
  rewrite: boolean;
  /** `--write` changed it in this run. */
  rewritten: boolean;
  /** The scope the rewrite uses (or would use), when the finding is about a client. */
  scope?: string;
}

/**
 * A file that was not scanned (or scanned only in part), and why.
 *
 * @example
 * const note: MigrateNote = { file: "big.py", message: "not scanned: 2.1 MB, over the 1 MB bound" };
 */
export interface MigrateNote {
  file: string;
  message: string;
}

/**
 * One role assignment the plan asks for.
 *
 * @example
 * const grant: PlannedRoleAssignment = { assignee: "<principal-object-id>", role: "Cognitive Services OpenAI User", scope: "/subscriptions/<subscription-id>/...", command: "az role assignment create ...", placeholders: true };
 */
export interface PlannedRoleAssignment {
  assignee: string;
  role: string;
  scope: string;
  command: string;
  /** The assignee or the scope is a `<placeholder>` to fill in. */
  placeholders: boolean;
}

/**
 * One step of the plan that finishes the migration.
 *
 * @example
 * const step: PlanStep = { id: "packages", title: "Add the packages", lines: ["pip install azure-identity"] };
 */
export interface PlanStep {
  id: "packages" | "configuration" | "role-assignments" | "rotate-keys" | "disable-local-auth";
  title: string;
  /** Commands and code, one per line, in the order to apply them; `#` lines explain. */
  lines: string[];
}

/**
 * The steps after the code change: packages, configuration, roles, key rotation, `disableLocalAuth`.
 *
 * @example
 * const plan: MigratePlan = { steps: [], roleAssignments: [] };
 */
export interface MigratePlan {
  steps: PlanStep[];
  roleAssignments: PlannedRoleAssignment[];
}

/**
 * What {@link MigrateOptions} takes.
 *
 * @example
 * const options: MigrateOptions = { path: "./my-app", write: true, endpoint: "https://contoso.openai.azure.com" };
 */
export interface MigrateOptions {
  /** A directory or one file. */
  path: string;
  /** Rewrite the forms marked `rewrite: true` in place. */
  write?: boolean;
  /** The endpoint the app calls, for the scope when the code does not show it, and for the plan. */
  endpoint?: string;
  /** Object ids of the identities that run the app (one role assignment each); placeholders when absent. */
  assignees?: readonly string[];
  /** The account's ARM resource id, for the role assignments and `az resource update`. */
  resourceId?: string;
  /** Files larger than this are not scanned (default 1 MiB). */
  maxFileBytes?: number;
  /**
   * Read the account and the identity signed in here from ARM (with `endpoint`), as the doctor
   * does; what `assignees` and `resourceId` give wins.
   */
  arm?: MigrateArmOptions;
}

/**
 * How {@link MigrateOptions.arm} reaches ARM: the environment the credential chain reads, as
 * `diagnose()` takes it.
 *
 * @example
 * const arm: MigrateArmOptions = { env: process.env };
 */
export interface MigrateArmOptions {
  env: Record<string, string | undefined>;
  /** CA certificates (PEM) to trust besides Node's roots. */
  ca?: string | string[];
  /** The whole time budget in milliseconds; default the doctor's 30 000. */
  timeoutMs?: number;
}

/**
 * What {@link MigrateOptions} produces: the findings (file order, then line), the files changed,
 * the files skipped, and the plan.
 *
 * @example
 * const { findings, plan } = await migrate({ path: "." });
 */
export interface MigrateResult {
  /** The scanned path, resolved. */
  root: string;
  findings: MigrateFinding[];
  /** Files `--write` changed, relative like `file`. */
  changedFiles: string[];
  notes: MigrateNote[];
  plan: MigratePlan;
  /** How many files were read and parsed. */
  scannedFiles: number;
}
