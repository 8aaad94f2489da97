import type { ArcChallengeStore } from "./arc-challenge-store.js";

/**
 * What the managed identity endpoint handlers share beyond the emulator context: id generation,
 * the secret the App Service / Service Fabric endpoints expect, and the Arc challenge files.
 *
 * @example
 * const deps: ManagedIdentityHandlerDeps = { newId: randomUUID, identityHeader: "s3cr3t", arc: store };
 */
export interface ManagedIdentityHandlerDeps {
  /** A new GUID (correlation and trace ids). */
  newId: () => string;
  /** The value `IDENTITY_HEADER` must carry (App Service `X-IDENTITY-HEADER`, Service Fabric `secret`). */
  identityHeader: string;
  arc: ArcChallengeStore;
}
