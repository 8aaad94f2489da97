import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../src/emulator/start-emulator.js";
import { migrate } from "../../src/migrate/migrate.js";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";
import { copyFixture, type FixtureCopy } from "./copy-fixture.js";

// The plan's account and identity read from ARM (the emulator's), as the doctor reads them: the
// default world signs in as the application `app` (EnvironmentCredential), which holds Reader.

const ENDPOINT = "https://contoso-openai.openai.azure.com";

let emulator: RunningEmulator;
let app: FixtureCopy;
beforeAll(async () => {
  emulator = await startEmulator({ scenario: "default", port: 0 });
  app = await copyFixture("js-app");
}, 60_000);
afterAll(async () => {
  await app?.remove();
  await emulator?.close();
});

describe("migrate --arm", () => {
  it("puts the account's id and the signed-in identity in the role assignment", async () => {
    const account = emulator.world.accounts.find((a) => a.name === "contoso-openai");
    const principal = emulator.world.applications.find((a) => a.name === "app");
    const { plan, notes } = await migrate({
      path: app.dir,
      endpoint: ENDPOINT,
      arm: { env: emulator.env, ca: [emulator.ca] },
    });
    expect(plan.roleAssignments).toEqual([
      {
        assignee: principal?.objectId,
        role: "Cognitive Services OpenAI User",
        scope: account?.resourceId,
        command: `az role assignment create --assignee ${principal?.objectId} --role "Cognitive Services OpenAI User" --scope ${account?.resourceId}`,
        placeholders: false,
      },
    ]);
    expect(notes).toContainEqual({
      file: ".",
      message: `ARM read as the service principal ${principal?.objectId} (EnvironmentCredential): the account and that identity are in the plan; add --assignee for each other identity that runs the app`,
    });
  }, 60_000);

  it("--assignee wins over the identity ARM names; the account still comes from ARM", async () => {
    const account = emulator.world.accounts.find((a) => a.name === "contoso-openai");
    const given = "11111111-2222-3333-4444-555555555555";
    const { plan } = await migrate({
      path: app.dir,
      endpoint: ENDPOINT,
      assignees: [given],
      arm: { env: emulator.env, ca: [emulator.ca] },
    });
    expect(plan.roleAssignments.map((a) => [a.assignee, a.scope])).toEqual([[given, account?.resourceId]]);
  }, 60_000);

  it("ARM that cannot be read leaves the placeholders and says why", async () => {
    const { plan, notes } = await migrate({
      path: app.dir,
      endpoint: ENDPOINT,
      arm: { env: {}, timeoutMs: 5_000 },
    });
    expect(plan.roleAssignments[0]?.placeholders).toBe(true);
    expect(notes.filter((n) => n.message.startsWith("ARM not read (no-token): "))).toHaveLength(1);
  }, 60_000);

  it("--arm without --endpoint is a usage error", async () => {
    const result = await runCliInProcess(["migrate", app.dir, "--arm"], { env: {} });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "reading ARM needs the endpoint the app calls (endpoint / --endpoint), to find its account.",
    );
  });
});
