import type { CredentialRunner } from "../credential-runner.js";
import type { Deadline } from "../deadline.js";
import type { DiagnoseProgressEvent } from "../diagnose-options.js";
import type { DoctorNetwork } from "../doctor-network.js";
import type { Redactor } from "../secret-redaction.js";

/**
 * What every probe of one doctor run shares: the environment under diagnosis, its network (proxy
 * and extra CA), the credential runner, the redactor, the deadline and the progress callback.
 *
 * @example
 * const context: ProbeContext = { env, network: createDoctorNetwork({ env }), runner, redact: createRedactor(env), deadline: createDeadline(30_000), now: Date.now };
 */
export interface ProbeContext {
  env: Record<string, string | undefined>;
  network: DoctorNetwork;
  runner: CredentialRunner;
  redact: Redactor;
  deadline: Deadline;
  now: () => number;
  onProgress?: (event: DiagnoseProgressEvent) => void;
}
