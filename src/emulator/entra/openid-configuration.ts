import type { EmulatorContext } from "../app/context.js";
import { allow, withDecision } from "../app/request-decision.js";
import type { EmulatorRequest } from "../http/emulator-request.js";
import { EmulatorResponse } from "../http/emulator-response.js";
import { requestBaseUrl } from "../http/request-base-url.js";
import { AADSTS } from "./aadsts-failures.js";
import { entraErrorResponse, responseIds } from "./entra-error.js";
import { LOGIN_HOSTS, loginOrigin, v1Issuer, v2Issuer } from "./login-hosts.js";
import { lookupTenant } from "./tenant-lookup.js";
import type { EntraRuntime } from "./token-call.js";

const CLOUD_INSTANCE: Record<string, string> = {
  public: "microsoftonline.com",
  usgov: "microsoftonline.us",
  china: "partner.microsoftonline.cn",
};

/**
 * `GET /{tenant}/v2.0/.well-known/openid-configuration` (version 2) and the v1
 * `GET /{tenant}/.well-known/openid-configuration`: Entra's discovery document. Endpoints point
 * where the client reached the emulator (the real host in proxy mode, `https://127.0.0.1:PORT` in
 * direct mode); `issuer` is the tenant's real Entra issuer (MSAL accepts a Microsoft issuer for any
 * authority, and tokens carry it). A tenant requested by domain is answered with its id; `common`
 * and `organizations` keep the `{tenantid}` placeholder in `issuer`.
 *
 * @example
 * const response = await openIdConfiguration(request, ctx, runtime, "contoso.onmicrosoft.com", 2);
 */
export function openIdConfiguration(
  request: EmulatorRequest,
  ctx: EmulatorContext,
  runtime: EntraRuntime,
  tenantSegment: string,
  version: 1 | 2,
): EmulatorResponse {
  const requestCloud = LOGIN_HOSTS.get(request.host);
  const lookup = lookupTenant(ctx.world, tenantSegment);
  const failOrigin = loginOrigin(requestCloud ?? "public");
  if (lookup.kind === "failure")
    return entraErrorResponse(ctx, responseIds(request, runtime.newId), failOrigin, lookup.failure);
  if (lookup.kind === "tenant" && requestCloud !== undefined && lookup.tenant.cloud !== requestCloud) {
    return entraErrorResponse(
      ctx,
      responseIds(request, runtime.newId),
      failOrigin,
      AADSTS.tenantNotFound(tenantSegment),
    );
  }
  const cloud = lookup.kind === "tenant" ? lookup.tenant.cloud : (requestCloud ?? "public");
  const tenantId = lookup.kind === "tenant" ? lookup.tenant.id : "{tenantid}";
  const pathTenant = lookup.kind === "tenant" ? lookup.tenant.id : lookup.segment;
  const base = `${requestBaseUrl(request, ctx)}/${pathTenant}`;
  const document =
    version === 2
      ? {
          token_endpoint: `${base}/oauth2/v2.0/token`,
          token_endpoint_auth_methods_supported: [
            "client_secret_post",
            "private_key_jwt",
            "client_secret_basic",
          ],
          jwks_uri: `${base}/discovery/v2.0/keys`,
          response_modes_supported: ["query", "fragment", "form_post"],
          subject_types_supported: ["pairwise"],
          id_token_signing_alg_values_supported: ["RS256"],
          response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
          scopes_supported: ["openid", "profile", "email", "offline_access"],
          issuer: v2Issuer(cloud, tenantId),
          request_uri_parameter_supported: false,
          userinfo_endpoint: "https://graph.microsoft.com/oidc/userinfo",
          authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
          device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
          http_logout_supported: true,
          frontchannel_logout_supported: true,
          end_session_endpoint: `${base}/oauth2/v2.0/logout`,
          claims_supported: [
            "sub",
            "iss",
            "cloud_instance_name",
            "cloud_instance_host_name",
            "cloud_graph_host_name",
            "msgraph_host",
            "aud",
            "exp",
            "iat",
            "auth_time",
            "acr",
            "nonce",
            "preferred_username",
            "name",
            "tid",
            "ver",
            "at_hash",
            "c_hash",
            "email",
          ],
          kerberos_endpoint: `${base}/kerberos`,
          tenant_region_scope: "NA",
          cloud_instance_name: CLOUD_INSTANCE[cloud],
          cloud_graph_host_name: "graph.windows.net",
          msgraph_host: "graph.microsoft.com",
          rbac_url: "https://pas.windows.net",
        }
      : {
          token_endpoint: `${base}/oauth2/token`,
          token_endpoint_auth_methods_supported: [
            "client_secret_post",
            "private_key_jwt",
            "client_secret_basic",
          ],
          jwks_uri: `${requestBaseUrl(request, ctx)}/common/discovery/keys`,
          response_modes_supported: ["query", "fragment", "form_post"],
          subject_types_supported: ["pairwise"],
          id_token_signing_alg_values_supported: ["RS256"],
          response_types_supported: ["code", "id_token", "code id_token", "token id_token", "token"],
          scopes_supported: ["openid"],
          issuer:
            lookup.kind === "tenant" ? v1Issuer(cloud, tenantId) : `https://sts.windows.net/{tenantid}/`,
          microsoft_multi_refresh_token: true,
          authorization_endpoint: `${base}/oauth2/authorize`,
          device_authorization_endpoint: `${base}/oauth2/devicecode`,
          http_logout_supported: true,
          frontchannel_logout_supported: true,
          end_session_endpoint: `${base}/oauth2/logout`,
          claims_supported: [
            "sub",
            "iss",
            "aud",
            "exp",
            "iat",
            "auth_time",
            "acr",
            "amr",
            "nonce",
            "email",
            "given_name",
            "family_name",
            "nickname",
          ],
          check_session_iframe: `${base}/oauth2/checksession`,
          userinfo_endpoint: `${base}/openid/userinfo`,
          kerberos_endpoint: `${base}/kerberos`,
          tenant_region_scope: "NA",
          cloud_instance_name: CLOUD_INSTANCE[cloud],
          cloud_graph_host_name: "graph.windows.net",
          msgraph_host: "graph.microsoft.com",
          rbac_url: "https://pas.windows.net",
        };
  return withDecision(
    new EmulatorResponse(200, JSON.stringify(document), {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "max-age=86400, private",
    }),
    allow(`openid-configuration v${version} for ${pathTenant}`),
  );
}
