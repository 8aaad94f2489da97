import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { WorldInput } from "../../../src/emulator/world/schema.js";
import {
  type EmulatorProcess,
  runInLoadedShell,
  startEmulatorProcess,
} from "../../helpers/emulator-process.js";

/**
 * Runs `program` (an ES module, as text) with `node --input-type=module -e` in a shell that loaded
 * the emulator's env file, and nothing else: the client reads only the printed environment. The
 * shell's working directory is the repository's, so the program resolves the clients installed
 * there. `args` reach the program as `process.argv.slice(1)`. The program prints one JSON line last
 * (never a token or a secret); this returns it parsed.
 */
export async function runClient<T>(
  emulator: EmulatorProcess,
  program: string,
  args: readonly string[] = [],
): Promise<T> {
  const run = await runInLoadedShell(emulator, 'p="$1"; shift; node --input-type=module -e "$p" "$@"', [
    program,
    ...args,
  ]);
  const last = run.stdout.trim().split("\n").at(-1) ?? "";
  try {
    return JSON.parse(last) as T;
  } catch {
    throw new Error(`the client printed no JSON (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
}

/**
 * `keyless emulator --world <file>` for a world this test builds; `stop()` also removes the file.
 */
export async function startWorldEmulator(world: WorldInput): Promise<EmulatorProcess> {
  const dir = await mkdtemp(join(tmpdir(), "keyless-clients-world-"));
  const file = join(dir, "world.json");
  await writeFile(file, JSON.stringify(world));
  try {
    const emulator = await startEmulatorProcess(["--world", file]);
    return {
      ...emulator,
      async stop() {
        const code = await emulator.stop();
        await rm(dir, { recursive: true, force: true });
        return code;
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** The cognitiveservices scope every keyless Azure OpenAI client asks for. */
export const COGNITIVE_SCOPE = "https://cognitiveservices.azure.com/.default";
