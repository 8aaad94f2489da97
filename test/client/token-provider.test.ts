import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/identity";
import { CredentialUnavailableError } from "@azure/identity";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { KeylessTokenError } from "../../src/client/keyless-errors.js";
import { createTokenProvider } from "../../src/client/token-provider.js";

// A TokenCredential is the provider's boundary: these credentials stand in for Entra at it, with
// a clock the test moves. The emulator tests (create-azure-openai.test.ts) use the real ones.

const SECRET = new TextEncoder().encode("test-signing-key-0123456789abcdef");

async function jwt(claims: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).sign(SECRET);
}

class ScriptedCredential implements TokenCredential {
  calls: string[] = [];
  constructor(
    private readonly clock: { now: number },
    private readonly lifetimeMs: number,
    private readonly delayMs = 0,
  ) {}
  async getToken(scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken> {
    this.calls.push(String(scopes));
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const exp = Math.floor((this.clock.now + this.lifetimeMs) / 1000);
    return {
      token: await jwt({
        aud: "https://cognitiveservices.azure.com",
        oid: "1b2c",
        n: this.calls.length,
        exp,
      }),
      expiresOnTimestamp: exp * 1000,
    };
  }
}

const MINUTE = 60_000;
const ENDPOINT = "https://contoso.openai.azure.com";

describe("createTokenProvider", () => {
  it("derives the scope from the endpoint: sovereign clouds and Foundry projects", () => {
    const credential = new ScriptedCredential({ now: 0 }, MINUTE);
    expect(createTokenProvider({ endpoint: "https://contoso.openai.azure.us", credential }).scope).toBe(
      "https://cognitiveservices.azure.us/.default",
    );
    expect(
      createTokenProvider({ endpoint: "https://x.services.ai.azure.com/api/projects/p", credential }).scope,
    ).toBe("https://ai.azure.com/.default");
    expect(createTokenProvider({ scope: "https://ml.azure.com/.default", credential }).scope).toBe(
      "https://ml.azure.com/.default",
    );
  });

  it("refreshes ahead of expiry in the background, handing out the current token meanwhile", async () => {
    const clock = { now: Date.UTC(2026, 11, 2) };
    const credential = new ScriptedCredential(clock, 60 * MINUTE, 20);
    const provider = createTokenProvider({ endpoint: ENDPOINT, credential, now: () => clock.now });
    const first = await provider();
    clock.now += 56 * MINUTE; // past the 5-minute margin, still valid
    expect(await provider()).toBe(first);
    expect(credential.calls).toHaveLength(2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await provider();
    expect(second).not.toBe(first);
    expect(credential.calls).toHaveLength(2);
  });

  it("never hands out a token that expires within 30 s: it waits for a fresh one", async () => {
    const clock = { now: Date.UTC(2026, 11, 2) };
    const credential = new ScriptedCredential(clock, 60 * MINUTE);
    const provider = createTokenProvider({ endpoint: ENDPOINT, credential, now: () => clock.now });
    const first = await provider();
    clock.now += 60 * MINUTE - 10_000;
    const second = await provider();
    expect(second).not.toBe(first);
    expect(provider.acquisitions).toBe(2);
  });

  it("a short-lived token is refreshed at half its life, not on every call", async () => {
    const clock = { now: Date.UTC(2026, 11, 2) };
    const credential = new ScriptedCredential(clock, 4 * MINUTE);
    const provider = createTokenProvider({ endpoint: ENDPOINT, credential, now: () => clock.now });
    await provider();
    clock.now += MINUTE;
    await provider();
    await provider();
    expect(credential.calls).toHaveLength(1);
  });

  it("a credential failure rejects with KeylessTokenError carrying explain()'s cause, with no secret in it", async () => {
    const failing: TokenCredential = {
      getToken: async () => {
        throw new CredentialUnavailableError(
          "AzureCliCredential: Please run 'az login' from a command prompt to authenticate before using this credential. client_secret=canary-5d1e-secret",
        );
      },
    };
    const provider = createTokenProvider({ endpoint: ENDPOINT, credential: failing });
    const error = await provider().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KeylessTokenError);
    const tokenError = error as KeylessTokenError;
    expect(tokenError.diagnosis?.code).toBe("credential.cli-not-logged-in");
    expect(tokenError.message).toBe(
      "could not get a token for https://cognitiveservices.azure.com/.default: AzureCliCredential: Please run 'az login' from a command prompt to authenticate before using this credential. client_secret=[redacted] [keyless: credential.cli-not-logged-in: The Azure CLI has no signed-in account (or its sign-in expired)]",
    );
  });

  it("refuses a token already expired by its own exp claim (a clock behind the issuer's)", async () => {
    const clock = { now: Date.UTC(2026, 11, 2) };
    const stale: TokenCredential = {
      getToken: async () => ({
        token: await jwt({
          aud: "https://cognitiveservices.azure.com",
          exp: Math.floor(clock.now / 1000) - 60,
        }),
        expiresOnTimestamp: clock.now + 60 * MINUTE,
      }),
    };
    const provider = createTokenProvider({ endpoint: ENDPOINT, credential: stale, now: () => clock.now });
    await expect(provider()).rejects.toThrow(
      "the credential returned a token for https://cognitiveservices.azure.com/.default that expires at 2026-12-01T23:59:00.000Z, already past or within 30 s",
    );
  });
});
