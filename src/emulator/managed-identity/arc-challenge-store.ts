import { mkdir, mkdtemp, rmdir, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/**
 * The directory msal-node accepts an Azure Arc challenge file from on Linux
 * (`SUPPORTED_AZURE_ARC_PLATFORMS.linux` in msal-node `AzureArc.ts`): the `realm` path must be
 * exactly `/var/opt/azcmagent/tokens/<name>.key`, or the real client refuses it with
 * `invalidFilePath` before reading anything.
 *
 * @example
 * join(ARC_LINUX_TOKEN_DIRECTORY, "x.key"); // "/var/opt/azcmagent/tokens/x.key"
 */
export const ARC_LINUX_TOKEN_DIRECTORY = "/var/opt/azcmagent/tokens";

/** How many unanswered challenges are kept before the oldest is forgotten (and its file removed). */
const MAX_PENDING = 32;

/**
 * One outstanding challenge: the file the client must read and the secret it holds.
 *
 * @example
 * const { path } = await store.issue(); // "/var/opt/azcmagent/tokens/3f2a….key"
 */
export interface ArcChallenge {
  /** Absolute path of the `.key` file, as sent in `WWW-Authenticate: Basic realm=<path>`. */
  path: string;
  secret: string;
}

/**
 * Options of {@link createArcChallengeStore}.
 *
 * @example
 * const options: ArcChallengeStoreOptions = { directory: "/tmp/arc", randomToken: () => randomBytes(16).toString("hex") };
 */
export interface ArcChallengeStoreOptions {
  /** Where challenge files are written. Defaults to {@link ARC_LINUX_TOKEN_DIRECTORY}. */
  directory?: string;
  /**
   * Where they go when `directory` cannot be written (not root): the emulator's state directory
   * (`<stateDir>/arc-tokens`). Default: a directory of its own under the system temporary
   * directory, made on first use and removed by {@link ArcChallengeStore.clear}.
   */
  fallbackDirectory?: string;
  /** Random hex/base64url source, injectable for tests. */
  randomToken: () => string;
}

/**
 * The Azure Arc agent's challenge files: each unauthenticated token request gets a fresh secret
 * written to `<directory>/<random>.key`; the next request must carry `Authorization: Basic <secret>`.
 * A secret is good for one token request; its file is deleted when used.
 *
 * @example
 * const ok = await store.redeem(secretFromAuthorizationHeader);
 */
export interface ArcChallengeStore {
  /** Where challenge files go first. */
  readonly directory: string;
  /** Writes a new challenge file and remembers its secret; never throws (see {@link createArcChallengeStore}). */
  issue(): Promise<ArcChallenge>;
  /** Whether `secret` answers an outstanding challenge; a match is consumed and its file deleted. */
  redeem(secret: string): Promise<boolean>;
  /** Deletes every outstanding challenge file, and the directories the store created. */
  clear(): Promise<void>;
}

async function removeQuietly(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch {
    // Already gone (a test cleaned the directory, or a client deleted it): nothing left to do.
  }
}

/** Writes the secret into `directory` (made if missing); the directory it had to create first, or an error. */
async function writeChallenge(
  directory: string,
  name: string,
  secret: string,
): Promise<{ ok: true; created: string | undefined } | { ok: false }> {
  try {
    const created = await mkdir(directory, { recursive: true, mode: 0o700 });
    await writeFile(join(directory, name), secret, { mode: 0o600 });
    return { ok: true, created };
  } catch {
    return { ok: false };
  }
}

/**
 * Creates the challenge store of an Arc endpoint. A challenge file goes into `directory`
 * (msal-node's `/var/opt/azcmagent/tokens`, the only path the real client reads on Linux) when the
 * emulator may write there, else into `fallbackDirectory` (the emulator's state directory), so a
 * challenge never fails for want of root: the 401 then names a file the emulator could write (a
 * real msal-node refuses that path with its own `invalidFilePath` error, a client-side failure
 * rather than a 500). If neither can be written the 401 still names where the file would be.
 * {@link ArcChallengeStore.clear} (the emulator's stop) removes every outstanding file and every
 * directory the store made, so nothing is left behind in `/var/opt`.
 *
 * @example
 * const store = createArcChallengeStore({ directory: "/tmp/arc", randomToken: () => randomBytes(16).toString("hex") });
 * const { path, secret } = await store.issue();
 */
export function createArcChallengeStore(options: ArcChallengeStoreOptions): ArcChallengeStore {
  const directory = options.directory ?? ARC_LINUX_TOKEN_DIRECTORY;
  let fallback = options.fallbackDirectory;
  const pending: ArcChallenge[] = [];
  /** Directories this store made: `top` the first it created, `leaf` the one it writes into. */
  const created: { top: string; leaf: string }[] = [];
  return {
    directory,
    async issue() {
      const name = `${options.randomToken()}.key`;
      const secret = options.randomToken();
      let path = join(directory, name);
      let written = await writeChallenge(directory, name, secret);
      if (!written.ok) {
        fallback ??= await mkdtemp(join(tmpdir(), "keyless-arc-tokens-")).then(
          (made) => {
            created.push({ top: made, leaf: made });
            return made;
          },
          () => join(tmpdir(), "keyless-arc-tokens"),
        );
        path = join(fallback, name);
        written = await writeChallenge(fallback, name, secret);
      }
      if (written.ok && written.created !== undefined)
        created.push({ top: written.created, leaf: dirname(path) });
      const challenge = { path, secret };
      pending.push(challenge);
      while (pending.length > MAX_PENDING) {
        const oldest = pending.shift();
        if (oldest !== undefined) await removeQuietly(oldest.path);
      }
      return challenge;
    },
    async redeem(secret) {
      const index = pending.findIndex((c) => c.secret === secret);
      if (index === -1) return false;
      const [used] = pending.splice(index, 1);
      if (used !== undefined) await removeQuietly(used.path);
      return true;
    },
    async clear() {
      const all = pending.splice(0, pending.length);
      await Promise.all(all.map((c) => removeQuietly(c.path)));
      // Only what the store made, deepest first, and only when empty (another agent's files stay).
      for (const { top, leaf } of created.splice(0, created.length).reverse()) {
        for (let dir = leaf; dir.startsWith(top); dir = dirname(dir)) {
          try {
            await rmdir(dir);
          } catch {
            break;
          }
          if (dir === top) break;
        }
      }
    },
  };
}
