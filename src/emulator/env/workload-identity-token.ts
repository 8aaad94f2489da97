import { writeFile } from "node:fs/promises";
import type { EmulatorContext } from "../app/context.js";
import { mintFederatedToken } from "../entra/federated-token.js";
import type { Application, FederatedCredential, World } from "../world/model.js";

/**
 * How long the workload identity token file stays valid: a day of emulated time, so a long session
 * does not outlive it (Kubernetes refreshes its projected tokens; the emulator writes one).
 *
 * @example
 * mintFederatedToken(ctx, { issuer, subject, lifetimeMs: WORKLOAD_TOKEN_LIFETIME_MS });
 */
export const WORKLOAD_TOKEN_LIFETIME_MS = 24 * 60 * 60_000;

/**
 * The federated credential a workload identity token file stands for: the default application's
 * first one that is not an Azure Pipelines service connection (`sc://` subject).
 *
 * @example
 * workloadIdentityCredential(world)?.credential.subject; // "system:serviceaccount:default:chat-app"
 */
export function workloadIdentityCredential(
  world: World,
): { application: Application; credential: FederatedCredential } | undefined {
  const application = world.applications.find((a) => a.name === world.defaults.application);
  const credential = application?.federatedCredentials.find((f) => !f.subject.startsWith("sc://"));
  return application === undefined || credential === undefined ? undefined : { application, credential };
}

/**
 * Writes what a Kubernetes pod with workload identity finds in `AZURE_FEDERATED_TOKEN_FILE`: a
 * federated token from the emulator's issuer with the credential's issuer, subject and first
 * audience (owner-only file). Returns the path, or `undefined` when the default application has
 * no such credential.
 *
 * @example
 * const path = await writeWorkloadIdentityToken(ctx, join(stateDir, "azure-identity-token"));
 */
export async function writeWorkloadIdentityToken(
  ctx: EmulatorContext,
  path: string,
): Promise<string | undefined> {
  const found = workloadIdentityCredential(ctx.world);
  if (found === undefined) return undefined;
  const { credential } = found;
  const token = await mintFederatedToken(ctx, {
    issuer: credential.issuer,
    subject: credential.subject,
    ...(credential.audiences[0] === undefined ? {} : { audience: credential.audiences[0] }),
    lifetimeMs: WORKLOAD_TOKEN_LIFETIME_MS,
  });
  await writeFile(path, token, { mode: 0o600 });
  return path;
}
