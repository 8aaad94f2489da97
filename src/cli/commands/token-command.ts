import { CHAIN_CREDENTIALS, findChainCredential } from "../../diagnose/chain-credentials.js";
import { describeIdentity } from "../../diagnose/token-identity.js";
import { scopeForEndpoint } from "../../knowledge/endpoint-form.js";
import { type CliIo, EXIT } from "../cli-io.js";
import { parseCommandArgs } from "../parse-command-args.js";
import { createStyle, type HelpText, outputWidth, renderHelp, shouldColor } from "../render/text-layout.js";
import { renderTokenText } from "../render/token-text.js";
import { UsageError } from "../usage-error.js";

/**
 * `keyless token --help`, laid out for the output's width by {@link renderHelp}.
 *
 * @example
 * io.stdout.write(renderHelp(TOKEN_HELP, 80));
 */
export const TOKEN_HELP: HelpText = {
  title: "keyless token: get a token the way your app does, and show who it is and what it is for",
  sections: [
    {
      heading: "Usage",
      usage: ["keyless token [--credential NAME] [--endpoint URL | --scope SCOPE] [--json] [--show-token]"],
    },
    {
      paragraphs: [
        "Gets a token through DefaultAzureCredential's chain (or one named credential) and prints the credential that produced it, its decoded claims (aud, tid, oid, upn/appid, idtyp, scp/roles, iat/nbf/exp, ver) and its lifetime. The token itself is printed only with --show-token.",
      ],
    },
    {
      heading: "Options",
      definitions: [
        ["--credential NAME", "use only this credential, e.g. AzureCliCredential"],
        ["--endpoint URL", "request the scope this endpoint needs (default: $AZURE_OPENAI_ENDPOINT)"],
        ["--scope SCOPE", "request this scope, e.g. https://management.azure.com/.default"],
        ["--json", 'print {"scope","credential","identity","expiresOn",...} as JSON'],
        ["--show-token", "also print the access token (a secret: a warning goes to stderr)"],
        ["-h, --help", "show this help"],
      ],
    },
    {
      heading: "Exit codes",
      definitions: [
        ["0", "a token was obtained"],
        ["1", "none"],
        ["2", "usage error"],
      ],
    },
    {
      heading: "Examples",
      commands: [
        "keyless token",
        "keyless token --credential AzureCliCredential",
        ["keyless token --endpoint https://contoso.openai.azure.us", "Azure Government"],
        ["keyless token --scope https://management.azure.com/.default", "a token for ARM"],
        "keyless token --json | jq -r .identity.tid",
      ],
    },
  ],
};

/**
 * `keyless token`: parse arguments, call `inspectToken()`, render claims (text or JSON), and print
 * the token only with `--show-token`, after a warning on stderr.
 *
 * @example
 * const exitCode = await runTokenCommand(["--json", "--credential", "AzureCliCredential"], io);
 */
export async function runTokenCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("token", args, {
    credential: { type: "string" },
    endpoint: { type: "string" },
    scope: { type: "string" },
    json: { type: "boolean" },
    "show-token": { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.stdout.write(renderHelp(TOKEN_HELP, outputWidth(io.stdout, io.env)));
    return EXIT.ok;
  }
  if (positionals.length > 0) {
    throw new UsageError(
      `unexpected argument "${positionals[0]}" (keyless token). Run "keyless token --help".`,
    );
  }
  if (values.endpoint !== undefined && values.scope !== undefined) {
    throw new UsageError("pass either --endpoint or --scope, not both (keyless token).");
  }
  if (values.credential !== undefined && findChainCredential(values.credential) === undefined) {
    throw new UsageError(
      `--credential "${values.credential}" is not a DefaultAzureCredential member; use one of: ${CHAIN_CREDENTIALS.join(", ")} (keyless token).`,
    );
  }
  if (
    values.scope !== undefined &&
    !/^[a-z][a-z0-9+.-]*:\/\/\S+$|^[0-9a-f-]{36}\/\.default$/i.test(values.scope)
  ) {
    throw new UsageError(
      `--scope "${values.scope}" is not a scope; use a resource URI with /.default, e.g. https://cognitiveservices.azure.com/.default (keyless token).`,
    );
  }
  const endpoint = values.endpoint ?? (io.env.AZURE_OPENAI_ENDPOINT || undefined);
  const scope = values.scope ?? scopeForEndpoint(endpoint ?? "");
  const { inspectToken } = await import("../../diagnose/inspect-token.js");
  const { report, token } = await inspectToken({
    scope,
    env: io.env,
    ...(values.credential === undefined ? {} : { credential: values.credential }),
  });
  const showToken = values["show-token"] === true && token !== undefined;
  if (showToken) {
    const who = report.identity === undefined ? "its principal" : describeIdentity(report.identity);
    const until =
      report.expiresOnTimestamp === undefined
        ? "it expires"
        : new Date(report.expiresOnTimestamp).toISOString();
    io.stderr.write(
      `warning: the access token below is a secret: whoever holds it can call Azure as ${who} until ${until}. Do not paste it into issues, chats or logs.\n`,
    );
  }
  if (values.json) {
    const json = {
      scope: report.scope,
      ...(report.credential === undefined ? {} : { credential: report.credential }),
      ...(report.stoppedBy === undefined ? {} : { stoppedBy: report.stoppedBy }),
      ...(report.identity === undefined ? {} : { identity: report.identity }),
      ...(report.expiresOnTimestamp === undefined
        ? {}
        : { expiresOn: new Date(report.expiresOnTimestamp).toISOString() }),
      ...(report.lifetimeSeconds === undefined ? {} : { lifetimeSeconds: report.lifetimeSeconds }),
      ...(report.remainingSeconds === undefined ? {} : { remainingSeconds: report.remainingSeconds }),
      credentials: report.credentials.map(
        ({ name, inChain, available, reason, cause, errorName, timedOut, selectedByChain }) => ({
          name,
          inChain,
          available,
          selected: selectedByChain,
          ...(reason === undefined ? {} : { reason }),
          ...(cause === undefined ? {} : { cause }),
          ...(errorName === undefined ? {} : { errorName }),
          ...(timedOut ? { timedOut } : {}),
        }),
      ),
      ...(showToken ? { token } : {}),
    };
    io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    const style = createStyle({ color: shouldColor(io.stdout, io.env) });
    io.stdout.write(renderTokenText(report, { width: outputWidth(io.stdout, io.env), style }));
    if (showToken) io.stdout.write(`\n${token}\n`);
  }
  return token === undefined ? EXIT.problem : EXIT.ok;
}
