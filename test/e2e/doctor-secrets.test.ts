import { execFile } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KEYLESS_BIN } from "../helpers/emulator-process.js";

// Unique canaries planted in the endpoint (userinfo, api-key, sig) and in the environment: none may
// appear in any output format of the doctor. The host does not resolve, so nothing leaves the machine.
const CANARIES = ["CanaryPass7f4a", "CanaryKey7f4a", "CanarySig7f4a", "CanarySecret7f4a"];
const ENDPOINT = `https://user:${CANARIES[0]}@contoso-canary.openai.azure.com/openai?api-key=${CANARIES[1]}&sig=${CANARIES[2]}`;

function runDoctor(args: string[], home: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [KEYLESS_BIN, "doctor", "--endpoint", ENDPOINT, "--timeout", "3", ...args],
      {
        env: {
          PATH: process.env.PATH ?? "",
          HOME: home,
          AZURE_CLIENT_SECRET: CANARIES[3] ?? "",
          AZURE_CLIENT_ID: "00000000-0000-4000-8000-000000000001",
          AZURE_TENANT_ID: "00000000-0000-4000-8000-000000000002",
          AZURE_AUTHORITY_HOST: "https://login.invalid",
        },
        timeout: 60_000,
      },
      (_error, stdout, stderr) => resolve(`${stdout}\n${stderr}`),
    );
  });
}

describe("keyless doctor never prints a secret from the endpoint or the environment", () => {
  it.each([[[]], [["--json"]], [["--markdown"]]])(
    "%j",
    async (args) => {
      const home = await mkdtemp(join(tmpdir(), "keyless-doctor-secrets-"));
      const out = await runDoctor(args, home);
      expect(out).toContain("contoso-canary.openai.azure.com");
      for (const canary of CANARIES) expect(out).not.toContain(canary);
    },
    90_000,
  );
});
