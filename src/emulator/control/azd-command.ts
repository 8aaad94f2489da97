import type { EmulatorContext } from "../app/context.js";
import { allow, deny } from "../app/request-decision.js";
import { parseScopeParameter } from "../entra/scope-request.js";
import { CLI_HANG_MS, type CliShimAnswer, type CliShimResult, parseCliArgs } from "./cli-shim-result.js";
import { cliToken, formatCliEntraFailure } from "./cli-token.js";

/**
 * What azd prints when nobody is signed in; `@azure/identity`'s AzureDeveloperCliCredential
 * recognises it.
 *
 * @example
 * stderr === `${AZD_NOT_LOGGED_IN}\n`;
 */
export const AZD_NOT_LOGGED_IN = "ERROR: not logged in, run `azd login` to login";

/**
 * The azd version the shim reports.
 *
 * @example
 * stdout === `azd version ${AZD_SHIM_VERSION} (keyless emulator shim)\n`;
 */
export const AZD_SHIM_VERSION = "1.11.0";

const VALUED: ReadonlySet<string> = new Set(["output", "scope", "tenant-id", "claims", "cwd", "environment"]);
const FLAGS: ReadonlySet<string> = new Set(["no-prompt", "debug", "help"]);
const ALIASES: Readonly<Record<string, string>> = { o: "output", C: "cwd", e: "environment", h: "help" };
const DEFAULT_SCOPE = "https://management.azure.com//.default";

function failure(stderr: string, exitCode = 1): CliShimResult {
  return { stdout: "", stderr: stderr.endsWith("\n") ? stderr : `${stderr}\n`, exitCode };
}

/** RFC 3339 without fractions, as azd prints `expiresOn`. */
function rfc3339(epochSeconds: number): string {
  return `${new Date(epochSeconds * 1000).toISOString().slice(0, 19)}Z`;
}

/**
 * Answers an `azd` command line from the world's azd sign-in state: `azd auth token --output json
 * --no-prompt --scope S... [--tenant-id T]` prints `{"token","expiresOn"}` (RFC 3339), as
 * `@azure/identity`'s AzureDeveloperCliCredential expects; `azd version`. Not signed in:
 * ``ERROR: not logged in, run `azd login` to login``, exit 1. `hang: true`: the shim sleeps
 * {@link CLI_HANG_MS} first, or until its caller or the emulator is gone. Anything else: a message
 * and exit 2.
 *
 * @example
 * const { result } = await answerAzdCommand(ctx, ["auth", "token", "--output", "json", "--no-prompt", "--scope", "https://cognitiveservices.azure.com/.default"]);
 * JSON.parse(result.stdout).expiresOn; // "2025-01-01T01:00:00Z"
 */
export async function answerAzdCommand(
  ctx: EmulatorContext,
  argv: readonly string[],
): Promise<CliShimAnswer> {
  const signIn = ctx.world.azureDeveloperCli;
  if (!signIn.installed) {
    return {
      result: failure("azd: not found", 127),
      decision: deny("credential.azd-not-installed", "azd: the world says azd is not installed"),
    };
  }
  const parsed = parseCliArgs(argv, VALUED, FLAGS, ALIASES);
  const command = parsed.positionals.join(" ");
  if (parsed.problems.length > 0) {
    return {
      result: failure(`ERROR: unknown flag: ${parsed.problems.join(" ")}`, 2),
      decision: deny("invalid-request", `azd ${command}: unknown flags`),
    };
  }
  if (command === "version") {
    return {
      result: {
        stdout: `azd version ${AZD_SHIM_VERSION} (keyless emulator shim)\n`,
        stderr: "",
        exitCode: 0,
      },
      decision: allow("azd version"),
    };
  }
  if (command !== "auth token") {
    return {
      result: failure(
        `ERROR: the keyless emulator's azd shim answers only: azd auth token, azd version. Got: azd ${argv.join(" ")}`,
        2,
      ),
      decision: deny("not-implemented", `azd ${command === "" ? "(no command)" : command}: not emulated`),
    };
  }
  const output = parsed.options.get("output")?.at(-1) ?? "json";
  if (output !== "json") {
    return {
      result: failure(
        `ERROR: the keyless emulator's azd shim prints --output json only, not "${output}".`,
        2,
      ),
      decision: deny("invalid-request", `azd auth token: output ${output}`),
    };
  }
  if (signIn.hang) {
    return {
      result: {
        ...failure(
          `ERROR: keyless emulator: the world makes azd hang (azureDeveloperCli.hang); gave up after ${CLI_HANG_MS / 1000} s.`,
        ),
        sleepMs: CLI_HANG_MS,
      },
      decision: {
        outcome: "fault",
        code: "credential.azd-timeout",
        detail: "hang azd auth token: azureDeveloperCli.hang is set",
      },
    };
  }
  const { principal } = signIn;
  if (principal === undefined) {
    return {
      result: failure(AZD_NOT_LOGGED_IN),
      decision: deny("credential.azd-not-logged-in", "azd auth token: not logged in"),
    };
  }
  const scopes = parsed.options.get("scope") ?? [DEFAULT_SCOPE];
  const now = ctx.clock.now();
  const scope = parseScopeParameter(scopes.join(" "));
  if (!scope.ok) {
    return {
      result: failure(`ERROR: fetching token: ${formatCliEntraFailure(scope.failure, now, ctx.newId)}`),
      decision: deny(`aadsts.${scope.failure.code}`, "azd auth token"),
    };
  }
  const tenant = parsed.options.get("tenant-id")?.at(-1);
  const outcome = await cliToken(
    ctx,
    { ...signIn, principal },
    { resource: scope.resource, scopes: scope.resourceScopes, ...(tenant === undefined ? {} : { tenant }) },
  );
  if (!outcome.ok) {
    return {
      result: failure(`ERROR: fetching token: ${formatCliEntraFailure(outcome.failure, now, ctx.newId)}`),
      decision: deny(
        `aadsts.${outcome.failure.code}`,
        `azd auth token for ${principal.kind} ${principal.name}`,
      ),
    };
  }
  const body = { token: outcome.issued.accessToken, expiresOn: rfc3339(outcome.issued.expiresOn) };
  return {
    result: { stdout: `${JSON.stringify(body, null, 2)}\n`, stderr: "", exitCode: 0 },
    decision: allow(
      `azd auth token for ${principal.kind} ${principal.name} (${principal.objectId}), tenant ${outcome.tenant.id}, aud ${scope.resource}`,
    ),
  };
}
