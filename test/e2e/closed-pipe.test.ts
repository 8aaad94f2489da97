import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "..", "..", "bin", "keyless.js");

describe("a reader that stops reading", () => {
  it("`keyless explain --file error.log | true`: no stack trace, exit 0", async () => {
    const dir = await mkdtemp(join(tmpdir(), "keyless-pipe-"));
    try {
      const log = join(dir, "error.log");
      await writeFile(log, "AADSTS7000215: Invalid client secret provided.\n".repeat(2000));
      const result = await new Promise<{ code: number; stderr: string }>((resolve) => {
        execFile(
          "/bin/bash",
          ["-c", 'set -o pipefail; node "$1" explain --file "$2" | true', "bash", BIN, log],
          { encoding: "utf8", timeout: 60_000 },
          (error, _stdout, stderr) =>
            resolve({ code: typeof error?.code === "number" ? error.code : 0, stderr }),
        );
      });
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
