import { CHAIN_CREDENTIALS, PIPELINES_CREDENTIAL } from "../../diagnose/chain-credentials.js";
import { DIAGNOSE_CALLS } from "../../diagnose/diagnose-defaults.js";
import type { DiagnoseOptionsError } from "../../diagnose/diagnose-options-error.js";
import { UsageError } from "../usage-error.js";

/**
 * The usage error `keyless doctor` prints for options `diagnose()` refused: the library checks
 * them once, and its error's `problem` is said here in the CLI's words (its flags, the variables it
 * reads defaults from).
 *
 * @example
 * doctorUsageError(new DiagnoseOptionsError("...", { problem: { option: "endpoint", reason: "missing" } })).message;
 * // "no endpoint to diagnose; pass --endpoint https://<name>.openai.azure.com or set AZURE_OPENAI_ENDPOINT (keyless doctor)."
 */
export function doctorUsageError(error: DiagnoseOptionsError): UsageError {
  const problem = error.problem;
  const say = (message: string) => new UsageError(`${message} (keyless doctor).`, { cause: error });
  switch (problem?.option) {
    case "endpoint":
      return say(
        "no endpoint to diagnose; pass --endpoint https://<name>.openai.azure.com or set AZURE_OPENAI_ENDPOINT",
      );
    case "credential":
      return say(
        `--credential "${problem.value}" is not a credential the doctor can try; use a DefaultAzureCredential member (${CHAIN_CREDENTIALS.join(", ")}) or ${PIPELINES_CREDENTIAL}`,
      );
    case "scope":
      return say(
        problem.reason === "empty"
          ? "--scope is empty; pass the scope the app requests its tokens for, e.g. --scope https://cognitiveservices.azure.com/.default, or leave it out to use the endpoint's"
          : `--scope "${problem.value}" is not a scope; pass the one the app requests its tokens for, a resource URI with /.default, e.g. --scope https://cognitiveservices.azure.com/.default`,
      );
    case "call":
      return say(
        `--call "${problem.value}" is not a call the doctor probes; use one of: ${DIAGNOSE_CALLS.join(", ")} (the call the app makes)`,
      );
    case "apiKeyEnv":
      if (problem.reason === "not-set" || problem.reason === "empty") {
        return say(
          `--api-key-env ${problem.value}: ${problem.value} is ${problem.reason === "not-set" ? "not set" : "empty"}, so there is no API key to compare with; set it to the key or name the variable that holds it`,
        );
      }
      return say(
        `--api-key-env "${problem.value}" is not a variable name; name the variable that holds the key, e.g. --api-key-env AZURE_OPENAI_API_KEY`,
      );
    default:
      return say(error.message);
  }
}
