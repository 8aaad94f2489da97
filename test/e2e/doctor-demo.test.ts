import { execFile } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// `npm start` runs examples/doctor-demo.js: the emulator on seed-000, the doctor as a process, the
// fix through the control API, the doctor again. npm test builds first, so the demo imports dist/.

const DEMO = join(import.meta.dirname, "..", "..", "examples", "doctor-demo.js");

function runDemo(): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [DEMO],
      { env: { PATH: process.env.PATH ?? "" }, encoding: "utf8", timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe("examples/doctor-demo.js (npm start)", () => {
  it("diagnoses seed-000, applies the printed role assignment, and ends green with exit 0", async () => {
    const { code, stdout, stderr } = await runDemo();
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const lines = stdout.split("\n");
    expect(lines.slice(0, 3)).toEqual([
      "keyless doctor demo: a keyless 401 from Azure OpenAI, diagnosed and fixed, on the embedded emulator",
      "  scenario  seed-000: the API key works, the Entra ID token gets 401 PermissionDenied",
      "  endpoint  https://contoso-openai.openai.azure.com (reached through the emulator's HTTPS proxy)",
    ]);
    const firstRun = stdout.slice(0, stdout.indexOf("=== 2/3"));
    expect(firstRun).toContain("  rbac.control-plane-role-only  (EnvironmentCredential)\n");
    expect(firstRun).toMatch(
      /\n {4}az role assignment create --role "Cognitive Services OpenAI User" --assignee-object-id [0-9a-f-]{36} --assignee-principal-type ServicePrincipal --scope \/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/rg-openai\/providers\/Microsoft\.CognitiveServices\/accounts\/contoso-openai\n/,
    );
    expect(lines).toContain("=== 1/3  keyless doctor --endpoint https://contoso-openai.openai.azure.com");
    expect(lines).toContain("=== 2/3  apply the fix through the emulator's control API");
    expect(lines).toContain("Azure takes up to 5 minutes to propagate a new role assignment;");
    expect(lines).toContain("advancing the emulator's clock 5 minutes instead of waiting.");
    expect(lines).toContain(
      "=== 3/3  keyless doctor --endpoint https://contoso-openai.openai.azure.com, again",
    );
    const secondRun = stdout.slice(stdout.indexOf("=== 3/3"));
    expect(secondRun).toContain("\n✓ The keyless call works.\n");
    expect(secondRun).not.toContain("rbac.control-plane-role-only");
    expect(lines.filter((line) => line !== "").at(-1)).toBe(
      "✓ Green: the keyless call works now. The fix was one role assignment.",
    );
  }, 150_000);
});
