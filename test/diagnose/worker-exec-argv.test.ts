import { describe, expect, it } from "vitest";
import { workerExecArgv } from "../../src/diagnose/credential-runner.js";

describe("workerExecArgv", () => {
  it("drops the options about the main script's input, with their values, and keeps the rest", () => {
    // What process.execArgv holds for `node --input-type=module -e "<code>"` and its variants.
    expect(workerExecArgv(["--input-type=module", "-e", "await run()"])).toEqual([]);
    expect(workerExecArgv(["--input-type", "module", "--eval", "x", "--import", "tsx"])).toEqual([
      "--import",
      "tsx",
    ]);
    expect(workerExecArgv(["-p", "1+1", "--enable-source-maps"])).toEqual(["--enable-source-maps"]);
    expect(workerExecArgv(["--max-old-space-size=512", "--eval=x"])).toEqual(["--max-old-space-size=512"]);
  });
});
