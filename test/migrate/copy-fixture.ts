import { cp, mkdir, mkdtemp, readdir, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The sample apps: test/fixtures/migrate/<app>/. */
export const FIXTURES = join(import.meta.dirname, "..", "fixtures", "migrate");

/** A copy of a sample app in a temporary directory, which `remove()` deletes. */
export interface FixtureCopy {
  dir: string;
  remove(): Promise<void>;
}

/**
 * Copies `test/fixtures/migrate/<app>` to a temporary directory, dropping the `.fixture` suffix
 * that keeps the samples' JavaScript, TypeScript and JSON out of the repository's own lint and
 * type-check (they are apps to migrate, with their own style and imports), and adds the noise a
 * repository cannot hold: a `node_modules/` with key-based code that must not be reported.
 */
export async function copyFixture(app: string): Promise<FixtureCopy> {
  const dir = await mkdtemp(join(tmpdir(), `keyless-migrate-${app}-`));
  await cp(join(FIXTURES, app), dir, { recursive: true });
  await stripSuffix(dir);
  await mkdir(join(dir, "node_modules", "openai-copy"), { recursive: true });
  await writeFile(
    join(dir, "node_modules", "openai-copy", "index.js"),
    'const c = new AzureOpenAI({ apiKey: "0123456789abcdef0123456789abcdef" });\n',
  );
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

async function stripSuffix(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await stripSuffix(path);
    else if (entry.name.endsWith(".fixture")) await rename(path, path.slice(0, -".fixture".length));
  }
}
