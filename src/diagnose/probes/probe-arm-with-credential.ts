import type { DoctorCredentialName } from "../chain-credentials.js";
import { withTimeout } from "../deadline.js";
import { CREDENTIAL_TIMEOUT_MS } from "../diagnose-defaults.js";
import type { ArmReport } from "../diagnosis-report.js";
import type { ProbePlan } from "../plan-probes.js";
import { decodeTokenIdentity } from "../token-identity.js";
import type { ProbeContext } from "./probe-context.js";
import { targetDataAction } from "./probe-data-plane.js";

const REQUEST_TIMEOUT_MS = 10_000;

/**
 * The ARM probe's module: the ARM SDKs take a while to load, so loading starts with the other probes
 * and is awaited only when a management token is in hand.
 *
 * @example
 * const armModule: ArmModule = import("./probe-arm.js");
 */
export type ArmModule = Promise<typeof import("./probe-arm.js")>;

/**
 * Reads ARM as the chain's credential: asks it for a management token (`plan.arm.scope`), then
 * lets {@link import("./probe-arm.js").probeArm} read the account, its deployments and the
 * principal's role assignments within what is left of the deadline. Never rejects: no credential,
 * no token, a token that is not a JWT, a timeout or an ARM error each become the report's status.
 *
 * @example
 * const arm = await probeArmWithCredential(plan, "AzureCliCredential", context, import("./probe-arm.js"));
 * arm.status; // "ok"
 */
export async function probeArmWithCredential(
  plan: Pick<ProbePlan, "arm" | "target" | "classification">,
  credential: DoctorCredentialName | undefined,
  context: ProbeContext,
  armModule: ArmModule,
): Promise<ArmReport> {
  if (credential === undefined) {
    return { status: "no-token", reason: "no credential produced a token, so ARM was not read" };
  }
  context.onProgress?.({ probe: "arm", state: "started", label: credential });
  const report = await readArm(plan, credential, context, armModule);
  context.onProgress?.({ probe: "arm", state: "finished", label: credential, outcome: report.status });
  return report;
}

async function readArm(
  plan: Pick<ProbePlan, "arm" | "target" | "classification">,
  credential: DoctorCredentialName,
  context: ProbeContext,
  armModule: ArmModule,
): Promise<ArmReport> {
  const { cloud, scope } = plan.arm;
  const run = await context.runner.run({
    credential,
    scope,
    timeoutMs: context.deadline.budget(CREDENTIAL_TIMEOUT_MS),
  });
  if (run.timedOut || !run.result.ok) {
    const why = run.timedOut ? "no answer in time" : run.result.ok ? "" : context.redact(run.result.message);
    return {
      status: "no-token",
      credential,
      reason: `${credential} could not get a token for ${scope}: ${why}`,
    };
  }
  const token = run.result.token;
  const identity = decodeTokenIdentity(token);
  if (identity === undefined)
    return { status: "failed", credential, reason: "the management token is not a JWT" };
  const { probeArm } = await armModule;
  const outcome = await withTimeout(
    (signal) =>
      probeArm({
        token,
        identity,
        credential,
        cloud,
        classification: plan.classification,
        requiredDataAction: targetDataAction(plan.target),
        signal,
        timeoutMs: context.deadline.budget(REQUEST_TIMEOUT_MS),
        redact: context.redact,
        now: context.now,
        network: context.network,
      }),
    context.deadline.budget(context.deadline.remaining()),
  );
  if (outcome.status === "ok") return outcome.value;
  if (outcome.status === "timeout") {
    return { status: "timeout", credential, reason: "ARM did not answer before the deadline" };
  }
  return {
    status: "failed",
    credential,
    reason: context.redact(String((outcome.error as Error)?.message ?? outcome.error)),
  };
}
