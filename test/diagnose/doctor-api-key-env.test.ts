import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { DiagnosisReport } from "../../src/diagnose/diagnosis-report.js";
import { startEmulator } from "../../src/emulator/start-emulator.js";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";

const ENDPOINT = ["--endpoint", "https://contoso-openai.openai.azure.com"];

describe("keyless doctor --api-key-env", () => {
  it("is in the help, with an example", async () => {
    const help = (await runCliInProcess(["doctor", "--help"])).stdout;
    expect(help).toContain("[--api-key-env NAME]");
    expect(help).toContain("--api-key-env NAME  the variable holding the API key");
    // The help wraps to the terminal: compare the prose with its line breaks as spaces.
    expect(help.replace(/\s+/g, " ")).toContain("$AZURE_OPENAI_API_KEY, else $KEYLESS_API_KEY");
    expect(help).toContain("keyless doctor --api-key-env MY_OPENAI_KEY");
  });

  it("is a usage error (exit 2) when it names an unset or empty variable, or no variable", async () => {
    const unset = await runCliInProcess(["doctor", ...ENDPOINT, "--api-key-env", "MY_OPENAI_KEY"], {
      env: { AZURE_OPENAI_API_KEY: "some-key-0123456789" },
    });
    expect([unset.code, unset.stderr]).toEqual([
      2,
      "keyless doctor: --api-key-env MY_OPENAI_KEY: MY_OPENAI_KEY is not set, so there is no API key to compare with; set it to the key or name the variable that holds it (keyless doctor).\n",
    ]);
    const empty = await runCliInProcess(["doctor", ...ENDPOINT, "--api-key-env", "MY_OPENAI_KEY"], {
      env: { MY_OPENAI_KEY: "" },
    });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("MY_OPENAI_KEY is empty");
    const name = await runCliInProcess(["doctor", ...ENDPOINT, "--api-key-env", "$MY_OPENAI_KEY"]);
    expect([name.code, name.stderr]).toEqual([
      2,
      'keyless doctor: --api-key-env "$MY_OPENAI_KEY" is not a variable name; name the variable that holds the key, e.g. --api-key-env AZURE_OPENAI_API_KEY (keyless doctor).\n',
    ]);
  });

  it("compares the key of the named variable; --api-key-from-env accepts KEYLESS_API_KEY", async () => {
    const emulator = await startEmulator({ scenario: "seed-000", port: 0 });
    try {
      const key = emulator.world.accounts.find((a) => a.name === "contoso-openai")?.keys[0] ?? "";
      const { AZURE_OPENAI_API_KEY: _a, KEYLESS_API_KEY: _k, ...base } = emulator.env;
      const env = { ...base, HOME: await mkdtemp(join(tmpdir(), "keyless-api-key-env-")) };
      const named = await runCliInProcess(
        ["doctor", "--json", ...ENDPOINT, "--api-key-env", "MY_OPENAI_KEY"],
        { env: { ...env, MY_OPENAI_KEY: key } },
      );
      const report = JSON.parse(named.stdout) as DiagnosisReport;
      expect(report.primary?.code).toBe("rbac.control-plane-role-only");
      expect(report.apiKey).toMatchObject({ source: "MY_OPENAI_KEY", status: 200 });
      expect(named.stdout).not.toContain(key);

      const required = await runCliInProcess(["doctor", "--json", ...ENDPOINT, "--api-key-from-env"], {
        env: { ...env, KEYLESS_API_KEY: key },
      });
      expect((JSON.parse(required.stdout) as DiagnosisReport).apiKey).toMatchObject({ status: 200 });
    } finally {
      await emulator.close();
    }
  }, 90_000);
});
