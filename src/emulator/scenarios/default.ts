import { createBaseWorld } from "./base-world.js";
import type { Scenario } from "./scenario.js";

/**
 * `default`: everything works. Tenant contoso; user alice (password; signed in to the Azure CLI and
 * azd); application "app" with a secret, a certificate and federated credentials (AKS workload
 * identity, Azure Pipelines); host "vm" (IMDS) with its system-assigned identity and the
 * user-assigned identity "uami". All hold "Cognitive Services OpenAI User" on contoso-openai
 * (gpt-4o, text-embedding-3-small, gpt-35-turbo-instruct), assigned 60 minutes ago.
 *
 * @example
 * const { world } = DEFAULT_SCENARIO;
 */
export const DEFAULT_SCENARIO: Scenario = {
  description:
    "Everything works: a user, an application (secret, certificate, federated credentials) and managed identities, all with Cognitive Services OpenAI User on contoso-openai.",
  world: createBaseWorld(),
};
