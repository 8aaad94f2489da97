import { invalidRequestBody } from "./error-bodies.js";

/**
 * A refusal decided by one of the data plane's checks: Azure's status and verbatim body, extra
 * headers, and the log line explaining the decision (never a secret).
 *
 * @example
 * const refusal: Refusal = { status: 404, body: DEPLOYMENT_NOT_FOUND_BODY, decision: "deny resource.deployment-not-found: ..." };
 */
export interface Refusal {
  status: number;
  body: string;
  headers?: Record<string, string>;
  decision: string;
}

/**
 * The 400 refusal for a request body the operation cannot accept, in Azure's `invalid_request_error`
 * shape, shared by chat completions, completions and embeddings.
 *
 * @example
 * return invalidRequest("'messages' is a required property", "messages");
 */
export function invalidRequest(message: string, param: string | null = null): Refusal {
  return {
    status: 400,
    body: invalidRequestBody(message, param),
    decision: `deny request.invalid: ${message}`,
  };
}
