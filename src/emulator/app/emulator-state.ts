import { createHash } from "node:crypto";
import { chmod, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { SavedLocalCa } from "../tls/local-ca.js";
import type { World } from "../world/model.js";
import type { SavedTenantKeys } from "./context.js";

/** The file in a `--state-dir` that holds {@link EmulatorState}. */
export const STATE_FILE = "emulator-state.json";
const STATE_VERSION = 1;

/**
 * What a restart with the same `--state-dir` needs so that an env file written before stays valid
 * and tokens issued before still verify: the local CA, the signing keys, the control and Azure
 * Pipelines tokens, the managed identity `IDENTITY_HEADER`, and the world as the control API left it, at the emulated time it stopped.
 * Holds private keys and secrets: written owner-only.
 *
 * @example
 * await writeEmulatorState(dir, { version: 1, source: 'scenario "seed-000"', ca, signingKeys, controlToken, systemAccessToken, world, now });
 */
export interface EmulatorState {
  version: number;
  /** The world's source label (`scenario "seed-000"`, `world file "w.yaml"`), for messages. */
  source: string;
  /** SHA-256 of the validated world document: a state belongs to one world, as it was written. */
  fingerprint: string;
  ca: SavedLocalCa;
  signingKeys: SavedTenantKeys[];
  controlToken: string;
  systemAccessToken: string;
  /** `IDENTITY_HEADER` of the App Service / Service Fabric endpoints; absent in states written before it was kept. */
  identityHeader?: string;
  world: World;
  /** Emulated time when saved; the clock goes on from here. */
  now: number;
}

/**
 * A state directory that cannot be used: unreadable, from another version, or from another world.
 * The message names the file and what to do.
 *
 * @example
 * if (error instanceof EmulatorStateError) console.error(error.message);
 */
export class EmulatorStateError extends Error {
  override readonly name = "EmulatorStateError";
}

/**
 * Reads the state saved in `dir` for the world with `fingerprint` (see {@link worldFingerprint});
 * `undefined` when the directory holds none (a first start). `source` names the world in messages.
 *
 * @throws {EmulatorStateError} when the file is not a state of this version, or is another world's
 * (another scenario, another file, or the same file since edited).
 * @example
 * const saved = await readEmulatorState(".keyless", worldFingerprint(doc), 'scenario "seed-000"');
 */
export async function readEmulatorState(
  dir: string,
  fingerprint: string,
  source: string,
): Promise<EmulatorState | undefined> {
  const file = join(dir, STATE_FILE);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new EmulatorStateError(
      `cannot read the emulator state "${file}" (${(error as NodeJS.ErrnoException).code ?? String(error)}); check its permissions, or use another --state-dir.`,
    );
  }
  let state: Partial<EmulatorState>;
  try {
    state = JSON.parse(text) as Partial<EmulatorState>;
  } catch {
    throw new EmulatorStateError(
      `the emulator state "${file}" is not valid JSON; remove it to start afresh (its env files then stop working).`,
    );
  }
  if (state.version !== STATE_VERSION || typeof state.world !== "object" || state.ca === undefined) {
    throw new EmulatorStateError(
      `the emulator state "${file}" was written by another version of keyless; remove it to start afresh.`,
    );
  }
  if (state.fingerprint !== fingerprint) {
    throw new EmulatorStateError(
      `the state directory "${dir}" was saved for another world (${state.source ?? "unknown"}), not for the ${source} as it is now; use another --state-dir, or remove "${file}" to start afresh.`,
    );
  }
  if (state.identityHeader !== undefined && typeof state.identityHeader !== "string")
    delete state.identityHeader;
  return state as EmulatorState;
}

/**
 * The fingerprint a state is saved under: SHA-256 of the validated world document's JSON.
 *
 * @example
 * worldFingerprint(validateWorld(input, "world.yaml")); // "9f86d08..."
 */
export function worldFingerprint(doc: unknown): string {
  return createHash("sha256").update(JSON.stringify(doc)).digest("hex");
}

/**
 * Saves `state` to `dir` owner-only (mode 600), through a temporary file renamed into place so a
 * crash never leaves half a file.
 *
 * @example
 * await writeEmulatorState(".keyless", state);
 */
export async function writeEmulatorState(dir: string, state: EmulatorState): Promise<void> {
  const file = join(dir, STATE_FILE);
  const partial = `${file}.${process.pid}.tmp`;
  await writeFile(partial, JSON.stringify(state), { mode: 0o600 });
  await chmod(partial, 0o600);
  await rename(partial, file);
}
