// Worker-thread entry: runs credential attempts for the main thread, so that whatever a credential
// leaves running when the doctor's deadline passes (managed identity backs off for up to a minute,
// a CLI may hang) ends when the worker is terminated. @azure/identity is loaded once, here.
// process.env here is the environment the doctor was given (the Worker's `env` option), so the
// credentials, the CLIs they run and the proxy settings read that one, never the caller's.
// The child processes the credentials start lead their own process groups and are tracked by the
// attempt that started them: an abandoned attempt's are killed, and all of them on `stop`, before
// the main thread terminates the worker. Each is reported to the main thread, which kills what is
// left should the process exit first.
import { parentPort, workerData } from "node:worker_threads";
import { trackChildProcesses } from "./child-process-tracker.js";
import { attemptCredential, type CredentialAttemptRequest } from "./credential-attempt.js";
import type {
  CredentialWorkerData,
  CredentialWorkerMessage,
  CredentialWorkerRequest,
} from "./credential-runner.js";
import { createDoctorNetwork } from "./doctor-network.js";

const data = workerData as CredentialWorkerData;
const network = createDoctorNetwork({ env: process.env, ca: data.ca });

const send = (message: CredentialWorkerMessage) => {
  parentPort?.postMessage(message);
};

const children = trackChildProcesses({
  onStart: (pid) => send({ type: "child-started", pid }),
  onEnd: (pid) => send({ type: "child-ended", pid }),
});

async function attempt(id: number, request: CredentialAttemptRequest): Promise<void> {
  send({ type: "started", id });
  const result = await children.runAs(id, () =>
    attemptCredential(request, { env: process.env, httpClient: network.httpClient }),
  );
  send({ type: "result", id, result });
}

parentPort?.on("message", (message: CredentialWorkerRequest) => {
  switch (message.type) {
    case "attempt":
      void attempt(message.id, message.request);
      break;
    case "abandon":
      children.kill(message.id);
      break;
    case "stop":
      children.killAll();
      send({ type: "stopped" });
      break;
  }
});
