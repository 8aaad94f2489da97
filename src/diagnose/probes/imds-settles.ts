import type { CauseCode } from "../../knowledge/cause.js";
import { type ImdsFacts, imdsCause } from "./probe-imds.js";

/** ManagedIdentityCredential's own IMDS probe and first attempts fit in this; only retries run past it. */
const MI_RETRY_GRACE_MS = 4000;

/** Answers after which the credential's retries end the same way. */
const SETTLING_CAUSES: ReadonlySet<CauseCode> = new Set<CauseCode>([
  "credential.mi-unavailable",
  "credential.mi-gateway",
  "credential.mi-endpoint-error",
]);

/**
 * Whether the raw IMDS probe proves that `ManagedIdentityCredential` can only fail (dropped
 * connections, silence, a gateway error, throttling or a 5xx), once the credential has had time for its own first
 * attempts: then it resolves with the reason, and what is left of the credential's run are retries
 * that end the same way. Otherwise (no IMDS probe, or an answer that settles nothing) it resolves
 * with `undefined`, and the credential is waited for as usual.
 *
 * @example
 * const reason = await imdsSettles(probeImds(env, resource, 3_000, network));
 * // "one direct request to http://169.254.169.254/metadata/identity/oauth2/token answered HTTP 502 (credential.mi-gateway)"
 */
export async function imdsSettles(
  probe: Promise<ImdsFacts | undefined>,
  graceMs = MI_RETRY_GRACE_MS,
): Promise<string | undefined> {
  const grace = new Promise((resolve) => setTimeout(resolve, graceMs).unref());
  const [facts] = await Promise.all([probe, grace]);
  const cause = facts === undefined ? undefined : imdsCause(facts);
  if (facts === undefined || cause === undefined || !SETTLING_CAUSES.has(cause)) return undefined;
  const answer =
    facts.status !== undefined
      ? `answered HTTP ${facts.status}`
      : facts.stalledStatus !== undefined
        ? `answered HTTP ${facts.stalledStatus} and was still sending its body at the deadline (${facts.connectionError ?? "timeout"})`
        : `gave no HTTP answer (${facts.timedOut ? "timeout" : (facts.connectionError ?? "no response")})`;
  return `one direct request to ${facts.url} ${answer} (${cause})`;
}
