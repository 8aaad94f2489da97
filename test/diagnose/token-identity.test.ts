import { UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import { decodeTokenIdentity, describeIdentity } from "../../src/diagnose/token-identity.js";

function jwt(claims: Record<string, unknown>): string {
  return new UnsecuredJWT(claims).encode();
}

describe("decodeTokenIdentity", () => {
  it("keeps the claims that say who and what for, and types the principal", () => {
    const identity = decodeTokenIdentity(
      jwt({
        aud: "https://cognitiveservices.azure.com",
        iss: "https://sts.windows.net/t/",
        tid: "t",
        oid: "o",
        upn: "alice@contoso.com",
        idtyp: "user",
        scp: "user_impersonation",
        iat: 100,
        nbf: 100,
        exp: 3700,
        ver: "1.0",
        secret_stuff: "ignored",
      }),
    );
    expect(identity).toEqual({
      principalType: "User",
      aud: "https://cognitiveservices.azure.com",
      iss: "https://sts.windows.net/t/",
      tid: "t",
      oid: "o",
      upn: "alice@contoso.com",
      idtyp: "user",
      scp: "user_impersonation",
      ver: "1.0",
      iat: 100,
      nbf: 100,
      exp: 3700,
    });
    expect(identity && describeIdentity(identity)).toBe("alice@contoso.com (User, oid o)");
  });

  it("types an app token as a service principal and describes it by app id", () => {
    const identity = decodeTokenIdentity(jwt({ oid: "o", appid: "a", idtyp: "app", roles: ["r"] }));
    expect(identity?.principalType).toBe("ServicePrincipal");
    expect(identity?.roles).toEqual(["r"]);
    expect(identity && describeIdentity(identity)).toBe("app a (ServicePrincipal, oid o)");
  });

  it("returns undefined for a value that is not a JWT (an API key sent as a token)", () => {
    expect(decodeTokenIdentity("0123456789abcdef0123456789abcdef")).toBeUndefined();
  });
});
