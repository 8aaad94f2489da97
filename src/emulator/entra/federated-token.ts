import type { EmulatorContext } from "../app/context.js";

/**
 * The key id space of the emulator's own OIDC issuer (the one that signs federated tokens for
 * workload identity and Azure Pipelines tests); it is not a tenant.
 *
 * @example
 * ctx.keys.jwks(FEDERATED_ISSUER_KEY_SET).keys; // the issuer's public keys
 */
export const FEDERATED_ISSUER_KEY_SET = "keyless-federated-issuer";

/**
 * Options of {@link mintFederatedToken}.
 *
 * @example
 * const options: MintFederatedTokenOptions = { issuer: "https://oidc.example/", subject: "system:serviceaccount:default:app" };
 */
export interface MintFederatedTokenOptions {
  issuer: string;
  subject: string;
  /** Default `api://AzureADTokenExchange`, what Entra expects. */
  audience?: string;
  /** Default one hour. */
  lifetimeMs?: number;
  /** Shift `nbf`/`exp` (tests of AADSTS700024); default 0. */
  offsetMs?: number;
}

/**
 * Mints a federated token (what a Kubernetes service account token or an Azure Pipelines OIDC token
 * is) signed by the emulator's own OIDC issuer key. Entra then matches its `iss`/`sub`/`aud` against
 * an application's federated credentials, and verifies its signature because the emulator issued it.
 *
 * @example
 * const assertion = await mintFederatedToken(ctx, { issuer: WORKLOAD_ISSUER, subject: WORKLOAD_SUBJECT });
 */
export async function mintFederatedToken(
  ctx: EmulatorContext,
  options: MintFederatedTokenOptions,
): Promise<string> {
  const now = Math.floor((ctx.clock.now() + (options.offsetMs ?? 0)) / 1000);
  const lifetime = Math.floor((options.lifetimeMs ?? 3_600_000) / 1000);
  return ctx.keys.sign(FEDERATED_ISSUER_KEY_SET, {
    aud: options.audience ?? "api://AzureADTokenExchange",
    exp: now + lifetime,
    iat: now,
    iss: options.issuer,
    jti: ctx.newId(),
    nbf: now,
    sub: options.subject,
  });
}
