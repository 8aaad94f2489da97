import { CHAIN_CREDENTIALS } from "../../diagnose/chain-credentials.js";
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
        `--credential "${problem.value}" is not a DefaultAzureCredential member; use one of: ${CHAIN_CREDENTIALS.join(", ")}`,
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
