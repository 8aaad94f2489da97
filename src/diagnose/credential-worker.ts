// Worker-thread entry: runs credential attempts for the main thread, so that whatever a credential
// leaves running when the doctor's deadline passes (managed identity backs off for up to a minute,
// a CLI may hang) ends when the worker is terminated. @azure/identity is loaded once, here.
import { parentPort } from "node:worker_threads";
import { attemptCredential, type CredentialAttemptRequest } from "./credential-attempt.js";

parentPort?.on("message", (message: { id: number; request: CredentialAttemptRequest }) => {
  void attemptCredential(message.request, process.env).then((result) => {
    parentPort?.postMessage({ id: message.id, result });
  });
});
