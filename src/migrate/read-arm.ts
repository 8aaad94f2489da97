import type { MigrateArmOptions, MigrateNote } from "./migrate-types.js";

/** What ARM told the plan: the account's id and the identity signed in here. */
export interface ArmFacts {
  resourceId?: string;
  assignee?: string;
  notes: MigrateNote[];
}

/**
 * Reads the account behind `endpoint` and the identity signed in here from Azure Resource Manager,
 * with the doctor's own probes (`diagnose()`: the credential chain of `arm.env`, then ARM through
 * the Azure SDK clients). Never throws: what could not be read becomes a note and the plan keeps
 * its placeholders.
 *
 * @example
 * const facts = await readArm("https://contoso.openai.azure.com", { env: process.env });
 * facts.resourceId; // "/subscriptions/.../accounts/contoso"
 */
export async function readArm(endpoint: string, arm: MigrateArmOptions): Promise<ArmFacts> {
  const { diagnose } = await import("../diagnose/diagnose.js");
  let report: Awaited<ReturnType<typeof diagnose>>;
  try {
    report = await diagnose({
      endpoint,
      env: arm.env,
      ...(arm.ca === undefined ? {} : { ca: arm.ca }),
      ...(arm.timeoutMs === undefined ? {} : { timeoutMs: arm.timeoutMs }),
    });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { notes: [{ file: ".", message: `ARM not read: ${why}` }] };
  }
  const read = report.arm;
  if (read === undefined || read.status !== "ok" || read.account === undefined) {
    const why = read?.reason ?? "the doctor did not reach ARM";
    return { notes: [{ file: ".", message: `ARM not read (${read?.status ?? "skipped"}): ${why}` }] };
  }
  const facts: ArmFacts = { resourceId: read.project?.id ?? read.account.id, notes: [] };
  if (read.principalId !== undefined) {
    facts.assignee = read.principalId;
    const who = read.principalType === "User" ? "the user" : "the service principal";
    facts.notes.push({
      file: ".",
      message: `ARM read as ${who} ${read.principalId} (${read.credential ?? "the credential chain"}): the account and that identity are in the plan; add --assignee for each other identity that runs the app`,
    });
  }
  return facts;
}
