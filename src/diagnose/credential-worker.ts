// Worker-thread entry: runs credential attempts for the main thread, so that whatever a credential
// leaves running when the doctor's deadline passes (managed identity backs off for up to a minute,
// a CLI may hang) ends when the worker is terminated. @azure/identity is loaded once, here.
// process.env here is the environment the doctor was given (the Worker's `env` option), so the
// credentials, the CLIs they run and the proxy settings read that one, never the caller's.
import { parentPort, workerData } from "node:worker_threads";
import { attemptCredential, type CredentialAttemptRequest } from "./credential-attempt.js";
import type { CredentialWorkerData } from "./credential-runner.js";
import { createDoctorNetwork } from "./doctor-network.js";

const data = workerData as CredentialWorkerData;
const network = createDoctorNetwork({ env: process.env, ca: data.ca });

parentPort?.on("message", (message: { id: number; request: CredentialAttemptRequest }) => {
  void attemptCredential(message.request, { env: process.env, httpClient: network.httpClient }).then(
    (result) => {
      parentPort?.postMessage({ id: message.id, result });
    },
  );
});
