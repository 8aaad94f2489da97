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
