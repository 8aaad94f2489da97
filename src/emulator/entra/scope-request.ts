import { sameAudience } from "../../knowledge/audience.js";
import { AADSTS } from "./aadsts-failures.js";
import type { EntraFailure } from "./entra-error.js";

/**
 * What a token request asks for: one resource, the permissions on it (`.default` included), and the
 * OpenID Connect scopes MSAL adds to user flows.
 *
 * @example
 * parseScopeParameter("https://cognitiveservices.azure.com/.default openid");
 * // { ok: true, resource: "https://cognitiveservices.azure.com", permissions: [".default"], oidc: ["openid"], ... }
 */
export interface ScopeRequest {
  ok: true;
  /** The resource as requested (a trailing slash is kept: Entra puts it in `aud`). */
  resource: string;
  permissions: string[];
  oidc: string[];
  /** The non-OIDC scopes as sent. */
  resourceScopes: string[];
}

/**
 * A scope parameter Entra refuses.
 *
 * @example
 * const refused: ScopeFailure = { ok: false, failure: AADSTS.invalidScope("x") };
 */
export interface ScopeFailure {
  ok: false;
  failure: EntraFailure;
}

const OIDC_SCOPES: ReadonlySet<string> = new Set(["openid", "profile", "offline_access", "email"]);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const URI = /^([a-z][a-z0-9+.-]*:\/\/[^/]+)(\/.*)?$/i;
const GRAPH = "https://graph.microsoft.com";

function splitScope(scope: string): { resource: string; permission: string } | undefined {
  const uri = URI.exec(scope);
  if (uri !== null) {
    const path = uri[2] ?? "";
    if (path === "") return { resource: scope, permission: "" };
    const last = scope.lastIndexOf("/");
    return { resource: scope.slice(0, last), permission: scope.slice(last + 1) };
  }
  if (GUID.test(scope)) return { resource: scope, permission: "" };
  const slash = scope.indexOf("/");
  if (slash > 0 && GUID.test(scope.slice(0, slash)))
    return { resource: scope.slice(0, slash), permission: scope.slice(slash + 1) };
  // A bare permission name (User.Read) is a Microsoft Graph permission.
  if (/^[A-Za-z][\w.]*$/.test(scope)) return { resource: GRAPH, permission: scope };
  return undefined;
}

/**
 * Parses a v2 `scope` parameter the way Entra does: space-separated scopes of at most one resource
 * (AADSTS28000 otherwise), each a URI or GUID with an optional permission (AADSTS70011 when
 * neither). Only OIDC scopes means a Microsoft Graph token.
 *
 * @example
 * parseScopeParameter("cognitiveservices.azure.com/.default"); // { ok: false, failure: AADSTS70011 }
 */
export function parseScopeParameter(raw: string): ScopeRequest | ScopeFailure {
  const scopes = raw.split(/\s+/).filter((s) => s !== "");
  const oidc = scopes.filter((s) => OIDC_SCOPES.has(s.toLowerCase()));
  const resourceScopes = scopes.filter((s) => !OIDC_SCOPES.has(s.toLowerCase()));
  if (resourceScopes.length === 0) {
    return { ok: true, resource: GRAPH, permissions: ["User.Read"], oidc, resourceScopes: [] };
  }
  let resource: string | undefined;
  const permissions: string[] = [];
  for (const scope of resourceScopes) {
    const parts = splitScope(scope);
    if (parts === undefined) return { ok: false, failure: AADSTS.invalidScope(raw) };
    if (resource !== undefined && !sameAudience(resource, parts.resource)) {
      return { ok: false, failure: AADSTS.scopeMultipleResources(raw) };
    }
    resource ??= parts.resource;
    if (parts.permission !== "") permissions.push(parts.permission);
  }
  return { ok: true, resource: resource ?? GRAPH, permissions, oidc, resourceScopes };
}
