import type { EmulatorContext } from "../app/context.js";
import { allow, deny, type RequestDecision, withDecision } from "../app/request-decision.js";
import { mintFederatedToken } from "../entra/federated-token.js";
import type { EmulatorRequest } from "../http/emulator-request.js";
import { EmulatorResponse } from "../http/emulator-response.js";
import type { Application, FederatedCredential, World } from "../world/model.js";
import { stableId } from "../world/stable-id.js";
import { hasBearerToken } from "./control-auth.js";

/**
 * Where the emulator's Azure Pipelines OIDC endpoint lives (`SYSTEM_OIDCREQUESTURI` is this on the
 * emulator's HTTPS origin); AzurePipelinesCredential appends `?api-version=7.1&serviceConnectionId=<id>`.
 *
 * @example
 * env.SYSTEM_OIDCREQUESTURI = `${urls.base}${PIPELINES_OIDC_PATH}`;
 */
export const PIPELINES_OIDC_PATH = "/_keyless/pipelines/oidctoken";

/**
 * An Azure Pipelines service connection of the world: an application's federated credential whose
 * subject is a service connection (`sc://<organization>/<project>/<connection>`).
 *
 * @example
 * const [connection] = pipelinesServiceConnections(world);
 * connection.id; // stable GUID, the credential's serviceConnectionId
 */
export interface PipelinesServiceConnection {
  /** The `serviceConnectionId` (stable: derived from the application and credential names). */
  id: string;
  application: Application;
  credential: FederatedCredential;
}

/**
 * Every Azure Pipelines service connection the world's federated credentials describe, in world
 * order (the default application's first is what the printed environment names).
 *
 * @example
 * pipelinesServiceConnections(world).map((c) => c.credential.subject); // ["sc://contoso/chat/contoso-openai-connection"]
 */
export function pipelinesServiceConnections(world: World): PipelinesServiceConnection[] {
  return world.applications.flatMap((application) =>
    application.federatedCredentials
      .filter((credential) => credential.subject.startsWith("sc://"))
      .map((credential) => ({
        id: stableId("service-connection", `${application.name}/${credential.name}`),
        application,
        credential,
      })),
  );
}

function vssError(
  status: number,
  message: string,
  typeKey: string,
  decision: RequestDecision,
): EmulatorResponse {
  const body = {
    $id: "1",
    innerException: null,
    message,
    typeName: `Microsoft.TeamFoundation.DistributedTask.WebApi.${typeKey}, Microsoft.TeamFoundation.DistributedTask.WebApi`,
    typeKey,
    errorCode: 0,
    eventId: 3000,
  };
  return withDecision(
    new EmulatorResponse(status, JSON.stringify(body), { "content-type": "application/json; charset=utf-8" }),
    decision,
  );
}

/**
 * Azure DevOps' answer to a bad `System.AccessToken`: 401 with TF400813 (the OIDC endpoint of a
 * real organisation answers so when `X-TFS-FedAuthRedirect: Suppress` stops the sign-in redirect).
 *
 * @example
 * (await response.json()).message === PIPELINES_UNAUTHORIZED_MESSAGE; // true for a wrong token
 */
export const PIPELINES_UNAUTHORIZED_MESSAGE =
  "TF400813: Resource not available for anonymous access. Client authentication required.";

/**
 * Answers `POST /_keyless/pipelines/oidctoken?api-version=7.1&serviceConnectionId=<id>` like Azure
 * DevOps' `oidctoken` API: `Authorization: Bearer <System.AccessToken>` must carry the emulator's
 * `SYSTEM_ACCESSTOKEN` (else 401 TF400813); an unknown service connection gets 400 "No service
 * connection found with identifier <id>"; otherwise `{"oidcToken": <jwt>}`, a federated token from
 * the emulator's issuer with the service connection's issuer, subject and first audience, which
 * Entra then exchanges for the application.
 *
 * @example
 * const response = await answerPipelinesOidcRequest(request, ctx, config.systemAccessToken);
 */
export async function answerPipelinesOidcRequest(
  request: EmulatorRequest,
  ctx: EmulatorContext,
  systemAccessToken: string,
): Promise<EmulatorResponse> {
  if (request.method !== "POST") {
    return vssError(
      405,
      `The requested resource does not support http method '${request.method}'.`,
      "HttpMethodNotAllowedException",
      deny("method-not-allowed", `pipelines oidctoken: method ${request.method}`),
    );
  }
  if (!hasBearerToken(request.headers.get("authorization"), systemAccessToken)) {
    return vssError(
      401,
      PIPELINES_UNAUTHORIZED_MESSAGE,
      "UnauthorizedRequestException",
      deny(
        "credential.pipelines-oidc-unauthorized",
        "pipelines oidctoken: System.AccessToken missing or not the emulator's SYSTEM_ACCESSTOKEN",
      ),
    );
  }
  const id = request.url.searchParams.get("serviceConnectionId") ?? "";
  const connection = pipelinesServiceConnections(ctx.world).find((c) => c.id === id.toLowerCase());
  if (connection === undefined) {
    return vssError(
      400,
      `No service connection found with identifier ${id}`,
      "ServiceEndpointNotFoundException",
      deny("credential.pipelines-service-connection", `pipelines oidctoken: no service connection ${id}`),
    );
  }
  const oidcToken = await mintFederatedToken(ctx, {
    issuer: connection.credential.issuer,
    subject: connection.credential.subject,
    ...(connection.credential.audiences[0] === undefined
      ? {}
      : { audience: connection.credential.audiences[0] }),
    lifetimeMs: 10 * 60_000,
  });
  return withDecision(
    EmulatorResponse.json(200, { oidcToken }),
    allow(
      `pipelines oidctoken for service connection ${id} (${connection.application.name}/${connection.credential.name}, ${connection.credential.subject})`,
    ),
  );
}
