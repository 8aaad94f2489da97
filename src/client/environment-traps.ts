import { sameAudience } from "../knowledge/audience.js";
import type { CauseCode } from "../knowledge/cause.js";
import { classifyEndpoint, redactEndpoint } from "../knowledge/endpoint-form.js";
import { diagnosisFor } from "./diagnose-failure.js";
import { KeylessConfigError } from "./keyless-errors.js";

/** Variables openai-node (and the other SDKs) read as an API key beside a token provider. */
const KEY_VARIABLES = ["AZURE_OPENAI_API_KEY"] as const;

/**
 * What {@link findEnvironmentTrap} looks at: the endpoint, the scope asked for (when the app gave
 * one) and the environment the client reads.
 *
 * @example
 * const input: TrapInput = { endpoint, env: process.env };
 */
export interface TrapInput {
  endpoint: string;
  scope?: string;
  env: Record<string, string | undefined>;
}

function refuse(code: CauseCode, message: string, endpoint: string, evidence: string[]): KeylessConfigError {
  return new KeylessConfigError(message, diagnosisFor(code, { endpoint }, evidence));
}

/**
 * The first configuration that cannot work keyless, as the error to throw, or `undefined`:
 * an invalid or regional endpoint, an endpoint that is not Azure's, a scope the endpoint does not
 * accept (the public Cognitive Services scope on a Foundry project or a sovereign cloud), an API
 * key variable beside the token provider (`openai` throws "mutually exclusive"), and
 * `OPENAI_BASE_URL` beside an endpoint. Variable values are never quoted.
 *
 * @example
 * const trap = findEnvironmentTrap({ endpoint: "https://eastus.api.cognitive.microsoft.com", env: {} });
 * trap?.diagnosis.code; // "endpoint.regional-no-subdomain"
 */
export function findEnvironmentTrap(input: TrapInput): KeylessConfigError | undefined {
  const shown = redactEndpoint(input.endpoint);
  const c = classifyEndpoint(input.endpoint);
  const blocking = c.problems.find(
    (p) => p.code === "endpoint.invalid-url" || p.code === "endpoint.regional-no-subdomain",
  );
  if (blocking !== undefined) return refuse(blocking.code, blocking.message, shown, []);
  if (!c.acceptsEntraTokens) {
    return refuse(
      "endpoint.not-azure",
      `endpoint ${shown} does not accept Microsoft Entra ID tokens`,
      shown,
      [],
    );
  }
  if (input.scope !== undefined && c.scope !== undefined) {
    const asked = input.scope.replace(/\/\.default$/, "");
    const accepted = c.acceptedAudiences;
    if (accepted.length > 0 && !accepted.some((a) => sameAudience(a, asked))) {
      return refuse(
        "token.wrong-audience",
        `scope ${input.scope} is not one endpoint ${shown} accepts; ask for ${c.scope}`,
        shown,
        [`accepted audiences: ${accepted.join(", ")}`],
      );
    }
  }
  for (const name of KEY_VARIABLES) {
    if ((input.env[name] ?? "") !== "") {
      return refuse(
        "client.key-and-token",
        `${name} is set: openai reads it beside the token provider and refuses both; unset it to go keyless`,
        shown,
        [`${name} is set (value not shown)`],
      );
    }
  }
  if ((input.env.OPENAI_BASE_URL ?? "") !== "") {
    return refuse(
      "client.base-url-and-endpoint",
      `OPENAI_BASE_URL is set beside the endpoint ${shown}: openai refuses both; unset OPENAI_BASE_URL`,
      shown,
      ["OPENAI_BASE_URL is set"],
    );
  }
  return undefined;
}
