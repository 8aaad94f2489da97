import { mkdir, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";

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
  readonly directory: string;
  /** Writes a new challenge file and remembers its secret. */
  issue(): Promise<ArcChallenge>;
  /** Whether `secret` answers an outstanding challenge; a match is consumed and its file deleted. */
  redeem(secret: string): Promise<boolean>;
  /** Deletes every outstanding challenge file. */
  clear(): Promise<void>;
}

async function removeQuietly(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch {
    // Already gone (a test cleaned the directory, or a client deleted it): nothing left to do.
  }
}

/**
 * Creates the challenge store of an Arc endpoint.
 *
 * @example
 * const store = createArcChallengeStore({ directory: "/tmp/arc", randomToken: () => randomBytes(16).toString("hex") });
 * const { path, secret } = await store.issue();
 */
export function createArcChallengeStore(options: ArcChallengeStoreOptions): ArcChallengeStore {
  const directory = options.directory ?? ARC_LINUX_TOKEN_DIRECTORY;
  const pending: ArcChallenge[] = [];
  return {
    directory,
    async issue() {
      await mkdir(directory, { recursive: true, mode: 0o700 });
      const challenge = {
        path: join(directory, `${options.randomToken()}.key`),
        secret: options.randomToken(),
      };
      await writeFile(challenge.path, challenge.secret, { mode: 0o600 });
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
    },
  };
}
