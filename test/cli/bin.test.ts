import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

// The bin runs the built CLI (npm test builds first through "pretest").
function runBin(args: string[], input?: string) {
  return spawnSync(process.execPath, ["bin/keyless.js", ...args], {
    input,
    encoding: "utf8",
    timeout: 20_000,
  });
}

describe("bin/keyless.js as a process", () => {
  it("explains the bundled seed example and exits 0", () => {
    const result = runBin(["explain", "--json", "--file", "examples/seed-000-error.txt"]);
    expect(result.status).toBe(0);
    const json = JSON.parse(result.stdout) as { matches: { code: string }[] };
    expect(json.matches[0]?.code).toBe("rbac.missing-data-action");
  });

  it("exits 1 on unrecognised stdin and 2 on usage errors, without a stack trace", () => {
    const none = runBin(["explain"], "nothing to see here");
    expect(none.status).toBe(1);
    const usage = runBin(["explain", "--nope"]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).not.toMatch(/\n\s+at /);
  });
});
