import {
  DEFAULT_API_KEY_VARIABLES,
  DEFAULT_DIAGNOSE_API_VERSION,
  DEFAULT_DIAGNOSE_CALL,
  DEFAULT_DIAGNOSE_TIMEOUT_MS,
  DIAGNOSE_CALLS,
} from "../../diagnose/diagnose-defaults.js";
import type { DiagnoseOptions, DiagnoseProgressEvent } from "../../diagnose/diagnose-options.js";
import { DiagnoseOptionsError } from "../../diagnose/diagnose-options-error.js";
import type { DiagnosisReport } from "../../diagnose/diagnosis-report.js";
import { type CliIo, EXIT } from "../cli-io.js";
import { parseCommandArgs } from "../parse-command-args.js";
import { renderDoctorMarkdown } from "../render/doctor-markdown.js";
import { renderDoctorText } from "../render/doctor-text.js";
import {
  createStyle,
  type HelpText,
  hangingText,
  outputWidth,
  renderHelp,
  shouldColor,
  wrapText,
} from "../render/text-layout.js";
import { UsageError } from "../usage-error.js";
import { doctorUsageError } from "./doctor-usage-error.js";

/**
 * `keyless doctor --help`, laid out for the output's width by {@link renderHelp}.
 *
 * @example
 * io.stdout.write(renderHelp(DOCTOR_HELP, 80));
 */
export const DOCTOR_HELP: HelpText = {
  title: "keyless doctor: find why keyless (Entra ID) calls to Azure OpenAI fail, and the exact fix",
  sections: [
    {
      heading: "Usage",
      usage: [
        "keyless doctor [--endpoint URL] [--deployment NAME] [--api-version V] [--scope SCOPE] [--call CALL] [--credential NAME] [--api-key-env NAME] [--api-key-from-env] [--json | --markdown | --wide] [--timeout SECONDS]",
      ],
    },
    {
      paragraphs: [
        "Runs the whole checklist against the real endpoint: the endpoint's form and reachability, the credential variables, every DefaultAzureCredential member on its own (and which one the chain picks), a chat call with max_tokens 1 with each token obtained (about 10 tokens on a real resource), and, with a management token, the account, its deployments and the principal's role assignments in Azure Resource Manager.",
        "Tokens are requested for the endpoint's own scope unless --scope names the one the app requests; the call is the app's with --call (chat unless told). A Foundry project endpoint (/api/projects/<p>) is called as @azure/ai-projects' getOpenAIClient() calls it: <project>/openai/v1/...",
        "Prints the root cause first, with the fix to copy. Nothing secret is printed: tokens, keys and secrets never appear, only decoded claims.",
      ],
    },
    {
      heading: "Options",
      definitions: [
        ["--endpoint URL", "the Azure OpenAI endpoint (default: $AZURE_OPENAI_ENDPOINT)"],
        [
          "--deployment NAME",
          "the deployment to call (default: $AZURE_OPENAI_DEPLOYMENT; without one the doctor lists models instead of calling chat)",
        ],
        ["--api-version V", `default: $OPENAI_API_VERSION or ${DEFAULT_DIAGNOSE_API_VERSION}`],
        [
          "--scope SCOPE",
          "the scope the app requests its tokens for, e.g. https://ml.azure.com/.default; the doctor requests it and judges what the app gets (default: the endpoint's own scope, and the report says so)",
        ],
        [
          "--call CALL",
          `the call the app makes: ${DIAGNOSE_CALLS.join(", ")} (default ${DEFAULT_DIAGNOSE_CALL}); e.g. responses probes /openai/v1/responses or /openai/responses`,
        ],
        [
          "--credential NAME",
          "try only this credential, e.g. AzureCliCredential, ManagedIdentityCredential, AzurePipelinesCredential",
        ],
        [
          "--api-key-env NAME",
          "the variable holding the API key to compare the keyless call with (default: $AZURE_OPENAI_API_KEY, else $KEYLESS_API_KEY, where the emulator prints its key; compared whenever set; never printed)",
        ],
        ["--api-key-from-env", "require that key to be set"],
        ["--json", 'print the report as JSON ({"ok","primary","findings",...})'],
        ["--markdown", "print the report as Markdown, to paste into an issue"],
        ["--wide", "show every column of the credentials table in full, however wide the lines get"],
        [
          "--timeout SECONDS",
          `the whole time budget, 1 to 600 (default ${DEFAULT_DIAGNOSE_TIMEOUT_MS / 1000}; credentials get at most 15)`,
        ],
        ["-h, --help", "show this help"],
      ],
    },
    {
      heading: "Exit codes",
      definitions: [
        ["0", "the keyless call works"],
        ["1", "a problem was found"],
        ["2", "usage error"],
      ],
    },
    {
      heading: "Examples",
      commands: [
        "keyless doctor --endpoint https://contoso.openai.azure.com --deployment gpt-4o",
        "keyless doctor --credential AzureCliCredential",
        ["keyless doctor --call responses", "the app calls the Responses API"],
        [
          'keyless doctor --endpoint "$FOUNDRY_PROJECT_ENDPOINT"',
          "a Foundry project: <project>/openai/v1/chat/completions",
        ],
        [
          "keyless doctor --scope https://ml.azure.com/.default",
          "the app requests this scope (@azure-rest/ai-inference's default)",
        ],
        ["keyless doctor --api-key-env MY_OPENAI_KEY", "compare with the key in $MY_OPENAI_KEY"],
        "keyless doctor --markdown > diagnosis.md",
        "keyless doctor --json | jq -r '.primary.fix'",
      ],
    },
  ],
};

/**
 * Progress on stderr: the "probing" line at the first event (so options `diagnose()` refuses print
 * only their usage error), then one dim line per finished probe.
 */
function progressWriter(io: CliIo, endpoint: string): (event: DiagnoseProgressEvent) => void {
  const style = createStyle({ color: shouldColor(io.stderr, io.env) });
  const width = outputWidth(io.stderr, io.env);
  let started = false;
  return (event) => {
    if (!started) {
      started = true;
      io.stderr.write(`${style.dim(wrapText(`keyless doctor: probing ${endpoint} ...`, width))}\n`);
    }
    if (event.state !== "finished") return;
    const line = `${event.probe}: ${event.label}${event.outcome === undefined ? "" : ` -> ${event.outcome}`}`;
    io.stderr.write(`${style.dim(hangingText("", line, width, "  "))}\n`);
  };
}

/**
 * What `--api-key-from-env` asks for: the key of the default variables, which must hold one. A
 * variable named with `--api-key-env` is passed as `apiKeyEnv`, and `diagnose()` checks it.
 */
function requiredApiKey(
  required: boolean,
  env: Record<string, string | undefined>,
): Pick<DiagnoseOptions, "apiKey"> {
  if (!required) return {};
  const found = DEFAULT_API_KEY_VARIABLES.map((name) => env[name]).find((v) => v !== undefined && v !== "");
  if (found === undefined) {
    throw new UsageError(
      "--api-key-from-env was given but AZURE_OPENAI_API_KEY is not set (keyless doctor).",
    );
  }
  return { apiKey: found };
}

/** `diagnose()`, loaded only now, so --help and flag errors answer without loading the doctor. */
async function runDiagnose(options: DiagnoseOptions): Promise<DiagnosisReport> {
  const { diagnose } = await import("../../diagnose/diagnose.js");
  try {
    return await diagnose(options);
  } catch (error) {
    throw error instanceof DiagnoseOptionsError ? doctorUsageError(error) : error;
  }
}

function parseTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value.trim());
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || seconds < 1 || seconds > 600) {
    throw new UsageError(
      `--timeout "${value}" is not a number of seconds between 1 and 600 (keyless doctor).`,
    );
  }
  return Math.round(seconds * 1000);
}

/**
 * `keyless doctor`: parse arguments (defaults from the environment), call `diagnose()`, render
 * text, JSON or Markdown, return 0 when the keyless call works and 1 otherwise.
 *
 * @example
 * const exitCode = await runDoctorCommand(["--json", "--endpoint", "https://contoso.openai.azure.com"], io);
 */
export async function runDoctorCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("doctor", args, {
    endpoint: { type: "string" },
    deployment: { type: "string" },
    "api-version": { type: "string" },
    scope: { type: "string" },
    call: { type: "string" },
    credential: { type: "string" },
    "api-key-env": { type: "string" },
    "api-key-from-env": { type: "boolean" },
    json: { type: "boolean" },
    markdown: { type: "boolean" },
    timeout: { type: "string" },
    wide: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.stdout.write(renderHelp(DOCTOR_HELP, outputWidth(io.stdout, io.env)));
    return EXIT.ok;
  }
  // First, so a bad value is reported as itself and not as whatever else is missing.
  const timeoutMs = parseTimeout(values.timeout);
  if (positionals.length > 0) {
    throw new UsageError(
      `unexpected argument "${positionals[0]}"; pass the endpoint with --endpoint (keyless doctor). Run "keyless doctor --help".`,
    );
  }
  if (values.json && values.markdown) {
    throw new UsageError("choose one of --json and --markdown (keyless doctor).");
  }
  if (values.wide && (values.json || values.markdown)) {
    throw new UsageError(
      `--wide lays out the text report; it does not go with --${values.json ? "json" : "markdown"} (keyless doctor).`,
    );
  }
  const env = io.env;
  const endpoint = values.endpoint ?? env.AZURE_OPENAI_ENDPOINT ?? "";
  const named = values["api-key-env"];
  const apiKey = named === undefined ? requiredApiKey(values["api-key-from-env"] === true, env) : {};
  const deployment = values.deployment ?? (env.AZURE_OPENAI_DEPLOYMENT || undefined);
  const apiVersion = values["api-version"] ?? (env.OPENAI_API_VERSION || undefined);
  const style = createStyle({ color: shouldColor(io.stdout, env) });
  const showProgress = !values.json && !values.markdown && io.stderr.isTTY === true;
  // The endpoint, --scope, --call, --credential and --api-key-env are checked by diagnose(), once; its refusal is mapped to a usage error.
  const report = await runDiagnose({
    endpoint,
    env,
    ...(deployment === undefined ? {} : { deployment }),
    ...(apiVersion === undefined ? {} : { apiVersion }),
    ...(values.scope === undefined ? {} : { scope: values.scope }),
    ...(values.call === undefined ? {} : { call: values.call }),
    ...(values.credential === undefined ? {} : { credential: values.credential }),
    ...(named === undefined ? {} : { apiKeyEnv: named }),
    ...apiKey,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(showProgress ? { onProgress: progressWriter(io, endpoint) } : {}),
  });
  if (values.json) {
    io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else if (values.markdown) {
    io.stdout.write(renderDoctorMarkdown(report));
  } else {
    if (showProgress) io.stderr.write("\n");
    io.stdout.write(
      renderDoctorText(report, {
        width: outputWidth(io.stdout, env),
        style,
        ...(values.wide ? { wide: true } : {}),
      }),
    );
  }
  return report.ok ? EXIT.ok : EXIT.problem;
}
