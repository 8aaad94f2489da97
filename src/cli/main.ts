import { type CliIo, EXIT } from "./cli-io.js";
import { bugsUrl } from "./render/project-links.js";
import { type HelpText, outputWidth, renderHelp } from "./render/text-layout.js";
import { UsageError } from "./usage-error.js";

type Command = (args: string[], io: CliIo) => Promise<number>;

// Each command module is imported only when it runs, so `keyless explain` does not load the
// emulator or the Azure SDKs.
const COMMANDS: Record<string, { run: Command; summary: string }> = {
  doctor: {
    run: async (args, io) => (await import("./commands/doctor-command.js")).runDoctorCommand(args, io),
    summary: "diagnose a real setup end to end: root cause first, with the fix",
  },
  explain: {
    run: async (args, io) => (await import("./commands/explain-command.js")).runExplainCommand(args, io),
    summary: "name the cause of an auth error text, offline",
  },
  emulator: {
    run: async (args, io) => (await import("./commands/emulator-command.js")).runEmulatorCommand(args, io),
    summary: "run a local Entra ID + Azure OpenAI that refuses what Azure refuses",
  },
  token: {
    run: async (args, io) => (await import("./commands/token-command.js")).runTokenCommand(args, io),
    summary: "get a token like your app does; show who it is and what it is for",
  },
  migrate: {
    run: async (args, io) => (await import("./commands/migrate-command.js")).runMigrateCommand(args, io),
    summary: "find key-based auth in code, config and IaC; rewrite it keyless; plan the rest",
  },
};

const MAIN_HELP: HelpText = {
  title:
    "keyless: keyless (Microsoft Entra ID) auth to Azure OpenAI that works, and says why when it does not",
  sections: [
    { heading: "Usage", usage: ["keyless <command> [options]", "keyless help <command>"] },
    {
      heading: "Commands",
      definitions: Object.entries(COMMANDS).map(([name, { summary }]) => [name, summary] as const),
    },
    {
      paragraphs: [
        'Run "keyless help <command>" (or "keyless <command> --help") for its options and examples.',
      ],
    },
    {
      heading: "Examples",
      commands: [
        "keyless doctor --endpoint https://contoso.openai.azure.com --deployment gpt-4o",
        "keyless explain 'Principal does not have access to API/Operation.'",
        "python app.py 2>&1 | keyless explain --json",
        "keyless emulator --write-env emulator.env",
      ],
    },
  ],
};

function unknownCommand(name: string): string {
  return `unknown command "${name}". Commands: ${Object.keys(COMMANDS).join(", ")}.`;
}

/**
 * The CLI entry: dispatch to a command, turn usage errors into exit code 2 and anything unexpected
 * into a one-line message (never a stack trace). Returns the process exit code.
 *
 * @example
 * process.exitCode = await runCli(process.argv.slice(2), { stdin, stdout, stderr, env: process.env });
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === "help" && args[0] !== undefined) {
    // `keyless help doctor` is `keyless doctor --help`.
    if (COMMANDS[args[0]] === undefined) {
      io.stderr.write(`keyless help: ${unknownCommand(args[0])}\n`);
      return EXIT.usage;
    }
    return runCli([args[0], "--help"], io);
  }
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(renderHelp(MAIN_HELP, outputWidth(io.stdout, io.env)));
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === "--version" || name === "-v") {
    io.stdout.write(`${await readVersion()}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`keyless: ${unknownCommand(name)}\n`);
    return EXIT.usage;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`keyless ${name}: ${error.message}\n`);
      return EXIT.usage;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(
      `keyless ${name}: unexpected failure: ${message}\nThis is a bug in keyless; please report it, with the command you ran, at:\n  ${bugsUrl()}\n`,
    );
    return EXIT.problem;
  }
}

async function readVersion(): Promise<string> {
  const { readFile } = await import("node:fs/promises");
  const url = new URL("../../package.json", import.meta.url);
  const pkg = JSON.parse(await readFile(url, "utf8")) as { version: string };
  return pkg.version;
}
