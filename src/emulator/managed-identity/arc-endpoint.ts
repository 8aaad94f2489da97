import type { EmulatorContext } from "../app/context.js";
import { allow, deny, withDecision } from "../app/request-decision.js";
import type { EmulatorRequest } from "../http/emulator-request.js";
import { EmulatorResponse } from "../http/emulator-response.js";
import type { Host } from "../world/model.js";
import { IMDS_IDENTITY_NOT_FOUND } from "./error-bodies.js";
import type { ManagedIdentityHandlerDeps } from "./handler-deps.js";
import { invalidResourceResponse } from "./imds-endpoint.js";
import { isKnownResource } from "./known-resources.js";
import { checkMetadataRequest } from "./request-check.js";
import { imdsTokenBody, issueV1Token, jsonResponse } from "./token-response.js";

async function challenge(
  deps: ManagedIdentityHandlerDeps,
  code: "no-credentials" | "invalid-credentials",
  why: string,
): Promise<EmulatorResponse> {
  const { path } = await deps.arc.issue();
  const response = new EmulatorResponse(401, null, { "www-authenticate": `Basic realm=${path}` });
  return withDecision(response, {
    outcome: "challenge",
    code,
    detail: `arc: ${why}; secret written to ${path}`,
  });
}

/**
 * The Azure Arc agent's (himds) token endpoint (`GET $IDENTITY_ENDPOINT?api-version=2019-11-01|2020-06-01&resource=…`
 * with `Metadata: true`). A request without `Authorization` gets 401 with
 * `WWW-Authenticate: Basic realm=<dir>/<random>.key`, a file the emulator has just written; the
 * client reads it and repeats the request with `Authorization: Basic <file contents>`. A wrong or
 * reused secret gets a fresh challenge. The agent serves the machine's system-assigned identity and,
 * like the agents msal-node calls "legacy", ignores user-assigned selectors (msal then refuses the
 * token because the echoed `client_id` is not the one it asked for).
 *
 * @example
 * return handleArcTokenRequest(request, ctx, host, deps);
 */
export async function handleArcTokenRequest(
  request: EmulatorRequest,
  context: EmulatorContext,
  host: Host,
  deps: ManagedIdentityHandlerDeps,
): Promise<EmulatorResponse> {
  const checked = checkMetadataRequest(request, "arc", host, request.url.searchParams.get("resource"));
  if (!checked.ok) return checked.error;
  const resource = checked.value;

  const authorization = request.headers.get("authorization");
  if (authorization === null) return challenge(deps, "no-credentials", "no Authorization header");
  const match = /^Basic\s+(.+)$/i.exec(authorization.trim());
  if (match?.[1] === undefined || !(await deps.arc.redeem(match[1].trim()))) {
    return challenge(deps, "invalid-credentials", "unknown or reused secret");
  }

  const identity = host.identities.find((i) => i.identityKind === "system");
  if (identity === undefined) {
    return withDecision(
      jsonResponse(400, IMDS_IDENTITY_NOT_FOUND),
      deny("credential.mi-identity-not-assigned", `arc host ${host.name} has no system-assigned identity`),
    );
  }
  if (!isKnownResource(context.world, identity.tenantId, resource)) {
    return invalidResourceResponse(context, deps, resource, identity.tenantId);
  }
  const issued = await issueV1Token(context, identity, resource);
  return withDecision(
    jsonResponse(200, imdsTokenBody(issued, resource, identity)),
    allow(`arc token for ${identity.name} (${identity.clientId}) resource ${resource}`),
  );
}
