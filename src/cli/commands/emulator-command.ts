import { chmod, writeFile } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { EmulatorStateError } from "../../emulator/app/emulator-state.js";
import { formatRequestLogEntry, redactSecrets } from "../../emulator/app/request-log.js";
import { formatEnvFile } from "../../emulator/env/emulator-env.js";
import { BUILT_IN_SCENARIOS, getScenario, listScenarioNames } from "../../emulator/scenarios/index.js";
import { doctorCommand } from "../../emulator/scenarios/scenario-table.js";
import {
  type RunningEmulator,
  type StartEmulatorOptions,
  startEmulator,
} from "../../emulator/start-emulator.js";
import { loadWorld } from "../../emulator/world/load-world.js";
import { WorldFileError } from "../../emulator/world/world-file-error.js";
import { type CliIo, EXIT } from "../cli-io.js";
import { parseCommandArgs } from "../parse-command-args.js";
import { readTextFile } from "../read-input.js";
import { type HelpText, outputWidth, renderHelp, splitLongWord } from "../render/text-layout.js";
import { runChildCommand } from "../run-child-command.js";
import { UsageError } from "../usage-error.js";

/**
 * `keyless emulator --help`, laid out for the output's width by {@link renderHelp}.
 *
 * @example
 * io.stdout.write(renderHelp(EMULATOR_HELP, 80));
 */
export const EMULATOR_HELP: HelpText = {
  title:
    "keyless emulator: a local Azure that refuses what Azure refuses (Entra ID, managed identity, ARM and the Azure OpenAI data plane)",
  sections: [
    {
      heading: "Usage",
      usage: [
        "keyless emulator [--world FILE | --scenario NAME] [options] [-- COMMAND...]",
        "keyless emulator --list-scenarios",
      ],
    },
    {
      paragraphs: [
        "Starts the emulator. With -- COMMAND, runs the command with the emulator's environment, stops the emulator when it exits, and exits with its code. Otherwise prints the KEY=VALUE lines an unmodified app needs (or, with --write-env, writes them to a file and says which it holds) and runs until Ctrl-C or SIGTERM.",
        "Apps keep their production URLs: Azure host names (https://<account>.openai.azure.com, login.microsoftonline.com, ...) reach the emulator through its proxy. One line per request, secrets redacted, is logged on standard error.",
      ],
    },
    {
      heading: "Options",
      definitions: [
        ["--world FILE", "the world to emulate, YAML or JSON (see docs/world.md)"],
        ["--scenario NAME", 'a built-in world (default "default"); see --list-scenarios'],
        ["--port N", "HTTPS port (default 0: a free one)"],
        ["--http-port N", "plain-HTTP port: proxy, managed identity (default 0)"],
        ["--host ADDR", "interface to bind (default 127.0.0.1: loopback only)"],
        ["--write-env FILE", "write the KEY=VALUE lines to FILE (mode 600: they hold secrets)"],
        [
          "--state-dir DIR",
          "keep the CA, signing keys, secrets and world state in DIR across restarts, so an env file stays valid",
        ],
        [
          "--direct",
          "print AZURE_OPENAI_ENDPOINT as https://127.0.0.1:PORT/_host/<host>, for clients that ignore proxy variables",
        ],
        ["--list-scenarios", "list the built-in scenarios and their causes, then exit"],
        ["--quiet", "do not log requests"],
        ["-h, --help", "show this help"],
      ],
    },
    {
      heading: "Exit codes",
      definitions: [
        ["0", "stopped by Ctrl-C or SIGTERM"],
        ["2", "usage error, bad world, port in use"],
        [
          "N",
          "with -- COMMAND: the command's exit code (128+N if signal N ended it, 127 if it could not be started)",
        ],
      ],
    },
    {
      heading: "Examples",
      commands: [
        "keyless emulator --scenario seed-000 -- node app.js",
        "keyless emulator --scenario seed-000 --write-env emulator.env",
        ["set -a; . ./emulator.env; set +a; node app.js", "in another shell"],
        "keyless emulator --port 8443 --http-port 8080 --state-dir .keyless \\\n  --write-env emulator.env",
        "keyless emulator --world world.yaml --quiet > emulator.env",
      ],
    },
  ],
};

/**
 * Options of {@link runEmulatorCommand} beyond the command line.
 *
 * @example
 * const stop = new AbortController();
 * const running = runEmulatorCommand([], io, { signal: stop.signal });
 */
export interface EmulatorCommandOptions {
  /** Stops the emulator when aborted; default SIGINT or SIGTERM of the process. */
  signal?: AbortSignal;
}

function portOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) > 65535) {
    throw new UsageError(
      `--${name} must be a port number from 0 to 65535, not "${value}" (0 picks a free port).`,
    );
  }
  return Number(value);
}

/** Words to lines of at most `width` characters; a longer word is broken after a `/`, `.` or `-`. */
function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  const words = text
    .split(/\s+/)
    .filter((w) => w !== "")
    .flatMap((w) => splitLongWord(w, width));
  for (const word of words) {
    if (line === "") line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}

/** The narrowest description column worth a table; narrower, each scenario gets a block. */
const SCENARIO_DESCRIPTION_MIN = 50;

/**
 * The built-in scenarios as text fitted to `width`: a table (name, cause code, description wrapped
 * in its column) when the description column gets at least 50 columns, otherwise one block per
 * scenario: its name and cause code (the code alone when the scenario is named after it, on a line
 * of its own when both do not fit), then the description indented. A scenario whose app plain
 * `keyless doctor` does not describe gets a last line, `diagnose: keyless doctor <its doctorArgs>`.
 * Names and codes are never cut.
 *
 * @example
 * io.stdout.write(renderScenarioList(80));
 */
export function renderScenarioList(width: number): string {
  const rows = Object.entries(BUILT_IN_SCENARIOS).map(([name, scenario]) => ({
    name,
    cause: scenario.causeCode ?? "-",
    description: scenario.description,
    // What the scenario's app does, when plain `keyless doctor` is not it.
    doctor: scenario.doctorArgs === undefined ? undefined : `diagnose: ${doctorCommand(scenario)}`,
  }));
  const nameWidth = Math.max(4, ...rows.map((r) => r.name.length));
  const causeWidth = Math.max(5, ...rows.map((r) => r.cause.length));
  const descriptionColumn = nameWidth + causeWidth + 4;
  const out: string[] = [];
  if (width - descriptionColumn >= SCENARIO_DESCRIPTION_MIN) {
    const pad = (text: string, size: number) => text.padEnd(size);
    out.push(`${pad("NAME", nameWidth)}  ${pad("CAUSE", causeWidth)}  DESCRIPTION`);
    for (const row of rows) {
      const [first = "", ...rest] = wrapWords(row.description, width - descriptionColumn);
      out.push(`${pad(row.name, nameWidth)}  ${pad(row.cause, causeWidth)}  ${first}`.trimEnd());
      for (const line of rest) out.push(`${" ".repeat(descriptionColumn)}${line}`);
      if (row.doctor !== undefined) {
        for (const line of wrapWords(row.doctor, width - descriptionColumn))
          out.push(`${" ".repeat(descriptionColumn)}${line}`);
      }
    }
  } else {
    for (const row of rows) {
      const titled = `${row.name}  (cause: ${row.cause})`;
      if (row.cause === "-" || row.cause === row.name) out.push(row.name);
      else if (titled.length <= width) out.push(titled);
      else out.push(row.name, `    cause: ${row.cause}`);
      for (const line of wrapWords(row.description, Math.max(20, width - 4))) out.push(`    ${line}`);
      if (row.doctor !== undefined) {
        for (const line of wrapWords(row.doctor, Math.max(20, width - 4))) out.push(`    ${line}`);
      }
    }
  }
  return `${out.join("\n")}\n`;
}

/** Resolves when the emulator should stop: the signal, or SIGINT / SIGTERM / SIGHUP of the process. */
function waitForStop(signal: AbortSignal | undefined): Promise<string> {
  if (signal !== undefined) {
    return new Promise((resolve) => {
      if (signal.aborted) resolve("stop requested");
      else signal.addEventListener("abort", () => resolve("stop requested"), { once: true });
    });
  }
  return new Promise((resolve) => {
    // SIGHUP too: a closed terminal stops the emulator cleanly (state saved, files removed).
    const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
    const stop = (name: NodeJS.Signals) => {
      for (const signal of signals) process.off(signal, stop);
      resolve(name);
    };
    for (const signal of signals) process.on(signal, stop);
  });
}

function startFailure(error: unknown, options: StartEmulatorOptions): UsageError | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const port = (error as { port?: number } | undefined)?.port;
  const host = options.host ?? "127.0.0.1";
  if (code === "EADDRINUSE") {
    return new UsageError(
      `port ${port ?? "?"} is already in use on ${host}; stop what uses it, or pick another with --port / --http-port (0 picks a free one).`,
    );
  }
  if (code === "EACCES") {
    return new UsageError(
      `not allowed to listen on port ${port ?? "?"} of ${host}; use a port above 1023 or 0.`,
    );
  }
  if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return new UsageError(
      `cannot listen on "${host}": no such local address; use 127.0.0.1 or an address of this machine.`,
    );
  }
  return undefined;
}

/**
 * `keyless emulator`: load the world (a file or a built-in scenario), start the emulator, print the
 * environment (and write it to `--write-env`), log requests on stderr, and run until stopped.
 * Returns the exit code: 0 after a clean stop, 2 for usage errors, invalid world files (the
 * WorldFileError message, no stack) and ports in use. The standalone entry: the only code that
 * reads the process environment (`io.env.PATH`, which the printed `PATH` extends).
 *
 * @example
 * process.exitCode = await runEmulatorCommand(["--scenario", "seed-000"], io);
 */
export async function runEmulatorCommand(
  args: string[],
  io: CliIo,
  commandOptions: EmulatorCommandOptions = {},
): Promise<number> {
  const started = performance.now();
  const separator = args.indexOf("--");
  const command = separator === -1 ? [] : args.slice(separator + 1);
  const { values, positionals } = parseCommandArgs(
    "emulator",
    separator === -1 ? args : args.slice(0, separator),
    {
      world: { type: "string" },
      scenario: { type: "string" },
      port: { type: "string" },
      "http-port": { type: "string" },
      host: { type: "string" },
      "write-env": { type: "string" },
      "state-dir": { type: "string" },
      direct: { type: "boolean" },
      "list-scenarios": { type: "boolean" },
      quiet: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  );
  if (values.help) {
    io.stdout.write(renderHelp(EMULATOR_HELP, outputWidth(io.stdout, io.env)));
    return EXIT.ok;
  }
  if (values["list-scenarios"]) {
    io.stdout.write(renderScenarioList(outputWidth(io.stdout, io.env)));
    return EXIT.ok;
  }
  if (positionals.length > 0) {
    throw new UsageError(
      `unexpected argument "${positionals[0]}"; pass a world with --world FILE or a scenario with --scenario NAME, and a command to run after "--".`,
    );
  }
  if (separator !== -1 && command.length === 0) {
    throw new UsageError(
      'nothing to run after "--"; give a command, e.g. "keyless emulator -- node app.js".',
    );
  }
  if (values.world !== undefined && values.scenario !== undefined) {
    throw new UsageError("pass either --world FILE or --scenario NAME, not both.");
  }
  const options: StartEmulatorOptions = {
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(io.env.PATH === undefined ? {} : { path: io.env.PATH }),
    ...(values.direct ? { endpointMode: "direct" as const } : {}),
    ...(values["state-dir"] === undefined ? {} : { stateDir: values["state-dir"] }),
  };
  const port = portOption(values.port, "port");
  const httpPort = portOption(values["http-port"], "http-port");
  if (port !== undefined) options.port = port;
  if (httpPort !== undefined) options.httpPort = httpPort;
  if (!values.quiet) {
    // Wrapped to a terminal's width; one line per entry in pipes and files, to grep.
    const layout = io.stderr.isTTY ? { width: outputWidth(io.stderr, io.env) } : {};
    options.onLog = (entry) => io.stderr.write(`${formatRequestLogEntry(entry, layout)}\n`);
  }
  let label: string;
  if (values.world !== undefined) {
    const text = await readTextFile(values.world);
    try {
      options.world = loadWorld(text, values.world);
    } catch (error) {
      if (!(error instanceof WorldFileError)) throw error;
      io.stderr.write(`keyless emulator: ${error.message}\n`);
      return EXIT.usage;
    }
    options.worldSource = values.world;
    label = `world file "${values.world}"`;
  } else {
    const name = values.scenario ?? "default";
    if (getScenario(name) === undefined) {
      throw new UsageError(
        `unknown scenario "${name}". Known scenarios: ${listScenarioNames().join(", ")}. Run "keyless emulator --list-scenarios" for what each one does.`,
      );
    }
    options.scenario = name;
    label = `scenario "${name}"`;
  }

  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator(options);
  } catch (error) {
    if (error instanceof WorldFileError || error instanceof EmulatorStateError) {
      io.stderr.write(`keyless emulator: ${error.message}\n`);
      return EXIT.usage;
    }
    const usage = startFailure(error, options);
    if (usage !== undefined) throw usage;
    throw error;
  }
  try {
    const envFile = values["write-env"];
    if (envFile !== undefined) {
      const text = formatEnvFile(emulator.env, { pathPrefix: emulator.files.binDir });
      try {
        await writeFile(envFile, text, { mode: 0o600 });
        await chmod(envFile, 0o600);
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code ?? String(error);
        throw new UsageError(`cannot write --write-env "${envFile}" (${reason}); check the path.`);
      }
    }
    const elapsed = Math.round(performance.now() - started);
    const ready = `keyless emulator: ready in ${elapsed} ms with ${label}: ${emulator.urls.base} (HTTPS), ${emulator.urls.http} (proxy, managed identity).`;
    if (command.length > 0) {
      const [file = "", ...rest] = command;
      io.stderr.write(`${ready}\nkeyless emulator: running ${redactSecrets(command.join(" "))}\n`);
      const result = await runChildCommand(file, rest, { ...io.env, ...emulator.env });
      if (result.startError !== undefined) {
        io.stderr.write(
          `keyless emulator: cannot run "${file}" (${result.startError}); check the command and PATH.\n`,
        );
      }
      return result.exitCode;
    }
    if (envFile === undefined)
      io.stdout.write(formatEnvFile(emulator.env, { pathPrefix: emulator.files.binDir }));
    else io.stdout.write(envFileSummary(envFile, emulator.env));
    io.stderr.write(`${ready} Stop with Ctrl-C.\n`);
    const reason = await waitForStop(commandOptions.signal);
    io.stderr.write(`keyless emulator: stopping (${reason}).\n`);
  } finally {
    await emulator.close();
  }
  return EXIT.ok;
}

/**
 * What stdout says when the environment went to a file: where, how to load it, and which
 * variables it holds (names only: the values include secrets).
 *
 * @example
 * envFileSummary("emulator.env", { AZURE_OPENAI_ENDPOINT: "https://contoso-openai.openai.azure.com" });
 * // "Wrote 1 variable to emulator.env (mode 600). Load it with: set -a; . ./emulator.env; set +a\n..."
 */
export function envFileSummary(file: string, env: Readonly<Record<string, string>>): string {
  const names = Object.keys(env);
  const shown = file.includes("/") ? file : `./${file}`;
  const lines = [
    `Wrote ${names.length} variable${names.length === 1 ? "" : "s"} to ${file} (mode 600).`,
    `Load it with: set -a; . ${shown}; set +a`,
    "It holds:",
    ...wrapWords(names.join(" "), 76).map((line) => `  ${line}`),
    ...(env.AZURE_OPENAI_ENDPOINT === undefined
      ? []
      : [`AZURE_OPENAI_ENDPOINT=${env.AZURE_OPENAI_ENDPOINT}`]),
  ];
  return `${lines.join("\n")}\n`;
}
