import { describe, expect, it } from "vitest";
import { AADSTS_ENTRIES, aadstsCodesIn, lookupAadsts } from "../../src/knowledge/aadsts.js";

// The error block from the azidentity (Go) troubleshooting guide, verbatim (seeds/001).
const GO_RESPONSE_401 = String.raw`ClientSecretCredential authentication failed
POST https://login.microsoftonline.com/3c631bb7-a9f7-4343-a5ba-a615913/oauth2/v2.0/token
--------------------------------------------------------------------------------
RESPONSE 401 Unauthorized
--------------------------------------------------------------------------------
{
"error": "invalid_client",
"error_description": "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '86be4c01-505b-45e9-bfc0-9b825fd84'.\r\nTrace ID: 03da4b8e-5ffe-48ca-9754-aff4276f0100\r\nCorrelation ID: 7b12f9bb-2eef-42e3-ad75-eee69ec9088d\r\nTimestamp: 2022-03-02 18:25:26Z",
"error_codes": [
7000215
],
"timestamp": "2022-03-02 18:25:26Z",
"trace_id": "03da4b8e-5ffe-48ca-9754-aff4276f0100",
"correlation_id": "7b12f9bb-2eef-42e3-ad75-eee69ec9088d",
"error_uri": "https://login.microsoftonline.com/error?code=7000215"
}
--------------------------------------------------------------------------------`;

// Every AADSTS code named in the shared references, seeds and design notes.
const CODES_NAMED_IN_SHARED = [
  "7000215",
  "7000222",
  "700016",
  "700027",
  "50126",
  "900023",
  "70011",
  "70021",
  "700211",
  "700212",
  "700213",
  "700024",
  "500011",
  "50076",
  "53003",
  "90002",
  "700021",
  "700023",
  "50027",
  "9002331",
  "50011",
  "50001",
];

// Codes the brief asks for beyond the shared references (7000274 is left out: public sources disagree on it).
const CODES_DEVELOPERS_MEET = [
  "65001",
  "50105",
  "90094",
  "53000",
  "53001",
  "53002",
  "530003",
  "50079",
  "50074",
  "50158",
  "90019",
  "50128",
  "50020",
  "50034",
  "50059",
  "650057",
  "1002012",
  "50012",
  "700082",
  "70043",
  "50173",
  "50133",
  "70008",
  "54005",
  "7000112",
  "50057",
  "50053",
  "50055",
  "50056",
  "7000218",
  "700054",
  "70000",
  "70003",
  "9002313",
  "70016",
  "70019",
  "70020",
  "50058",
  "65004",
  "50097",
  "50107",
  "700051",
  "90014",
  "90072",
  "50000",
  "50140",
  "500113",
  "650052",
  "700025",
  "530032",
  "50199",
  "9001023",
  "900144",
  "1003031",
];

// Examples that show an older wording than today's message (the STS has renamed the text since).
const EXAMPLES_WITH_OLDER_WORDING = new Set(["50012", "50027"]);

function templateToPattern(code: string, message: string): RegExp {
  const parts = message.split(/\{[A-Za-z_]+\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^AADSTS${code}: ${parts.join("[\\s\\S]*?")}`);
}

function entry(code: string) {
  const found = lookupAadsts(code);
  if (found === undefined) throw new Error(`no entry for AADSTS${code}`);
  return found;
}

describe("AADSTS_ENTRIES", () => {
  it("has at least 60 entries", () => {
    expect(AADSTS_ENTRIES.length).toBeGreaterThanOrEqual(60);
  });

  it("uses digits-only codes, unique and sorted by numeric value", () => {
    const codes = AADSTS_ENTRIES.map((e) => e.code);
    for (const code of codes) expect(code).toMatch(/^[1-9]\d*$/);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual([...codes].sort((a, b) => Number(a) - Number(b)));
  });

  it("fills every field with one-line, non-empty text", () => {
    for (const e of AADSTS_ENTRIES) {
      for (const text of [e.title, e.message, e.meaning, e.confirm, e.fix]) {
        expect(text.trim().length, `AADSTS${e.code}`).toBeGreaterThan(0);
        expect(text, `AADSTS${e.code}`).not.toContain("\n");
      }
      expect(e.message.startsWith("AADSTS"), `AADSTS${e.code} message carries no prefix`).toBe(false);
    }
  });

  it("only uses the documented placeholders in fixes", () => {
    for (const e of AADSTS_ENTRIES) {
      const placeholders = e.fix.match(/\{[A-Za-z_]+\}/g) ?? [];
      for (const p of placeholders) expect(["{clientId}", "{tenantId}", "{principalId}"]).toContain(p);
    }
  });

  it("has examples that are printed lines of the entry's own message", () => {
    for (const e of AADSTS_ENTRIES) {
      if (e.example === undefined || EXAMPLES_WITH_OLDER_WORDING.has(e.code)) continue;
      expect(e.example, `AADSTS${e.code}`).toMatch(templateToPattern(e.code, e.message));
    }
  });

  it("keeps the older-wording examples pointing at their own code", () => {
    expect(entry("50012").example).toBe(
      "AADSTS70002: Error validating credentials. AADSTS50012: Client assertion is not within its valid time range.",
    );
    expect(entry("50027").example).toBe(
      "AADSTS70002: Error validating credentials. AADSTS50027: Invalid JWT token. No certificate thumbprint specified in token header.",
    );
  });

  it("covers every AADSTS code named in the shared references", () => {
    for (const code of CODES_NAMED_IN_SHARED) expect(lookupAadsts(code)?.code, `AADSTS${code}`).toBe(code);
  });

  it("covers the codes developers meet most", () => {
    for (const code of CODES_DEVELOPERS_MEET) expect(lookupAadsts(code)?.code, `AADSTS${code}`).toBe(code);
  });

  it("does not claim 7000274, whose meaning public sources disagree on", () => {
    expect(lookupAadsts("7000274")).toBeUndefined();
  });
});

describe("exact messages", () => {
  it("matches the AADSTS7000215 description in the Go troubleshooting guide's RESPONSE 401 block", () => {
    const body = GO_RESPONSE_401.slice(GO_RESPONSE_401.indexOf("{"), GO_RESPONSE_401.lastIndexOf("}") + 1);
    const description = (JSON.parse(body) as { error_description: string }).error_description;
    const printed = description.slice(0, description.indexOf("\r\n"));
    const message = entry("7000215").message.replace("{appId}", "86be4c01-505b-45e9-bfc0-9b825fd84");
    expect(`AADSTS7000215: ${message}`).toBe(printed);
    expect(entry("7000215").message).toBe(
      "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{appId}'.",
    );
  });

  it("has the AADSTS700016 message", () => {
    expect(entry("700016").message).toBe(
      "Application with identifier '{appId}' was not found in the directory '{tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.",
    );
  });

  it("has the AADSTS7000222 message", () => {
    expect(entry("7000222").message).toBe(
      "The provided client secret keys for app '{appId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.",
    );
  });

  it("has the AADSTS50126 message", () => {
    expect(entry("50126").message).toBe("Error validating credentials due to invalid username or password.");
  });

  it("has the AADSTS700027 message, which begins with the guides' wording", () => {
    const message = entry("700027").message;
    expect(message).toBe(
      "Client assertion contains an invalid signature. [Reason - {reason}, Thumbprint of key used by client: '{thumbprint}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '{appId}'. Review the documentation at https://docs.microsoft.com/en-us/graph/deployments to determine the corresponding service endpoint and https://docs.microsoft.com/en-us/graph/api/application-get?view=graph-rest-1.0&tabs=http to build a query request URL, such as 'https://graph.microsoft.com/beta/applications/{appId}']",
    );
    expect(message.startsWith("Client assertion contains an invalid signature.")).toBe(true);
  });

  it("has the AADSTS900023 message and the Go guide's example", () => {
    expect(entry("900023").message).toBe(
      "Specified tenant identifier '{tenant}' is neither a valid DNS name, nor a valid external domain.",
    );
    expect(entry("900023").example).toBe(
      "AADSTS900023: Specified tenant identifier 'some tenant ID' is neither a valid DNS name, nor a valid external domain.",
    );
  });
});

describe("lookupAadsts", () => {
  it("accepts digits, a number and the AADSTS prefix", () => {
    const byDigits = lookupAadsts("7000215");
    expect(byDigits?.code).toBe("7000215");
    expect(lookupAadsts(7000215)).toBe(byDigits);
    expect(lookupAadsts("AADSTS7000215")).toBe(byDigits);
  });

  it("tolerates surrounding whitespace and a lower-case prefix", () => {
    expect(lookupAadsts(" aadsts700016 ")?.code).toBe("700016");
  });

  it("returns undefined for unknown or malformed codes", () => {
    expect(lookupAadsts("12345")).toBeUndefined();
    expect(lookupAadsts("")).toBeUndefined();
    expect(lookupAadsts("AADSTS")).toBeUndefined();
    expect(lookupAadsts("7000215x")).toBeUndefined();
    expect(lookupAadsts("AADSTS7000215: Invalid client secret")).toBeUndefined();
    expect(lookupAadsts(-7000215)).toBeUndefined();
    expect(lookupAadsts(7000215.5)).toBeUndefined();
  });
});

describe("aadstsCodesIn", () => {
  it("finds the one code in the Go guide's RESPONSE 401 block", () => {
    expect(aadstsCodesIn(GO_RESPONSE_401)).toEqual(["7000215"]);
  });

  it("returns distinct codes in order of first appearance", () => {
    const text =
      "AADSTS70002: Error validating credentials. AADSTS50012: Client assertion is not within its valid time range.\nretry: AADSTS70002";
    expect(aadstsCodesIn(text)).toEqual(["70002", "50012"]);
  });

  it("reads the whole number, so 700027 is not taken for 70002", () => {
    expect(aadstsCodesIn("invalid_client: 700027 - AADSTS700027: Client assertion ...")).toEqual(["700027"]);
  });

  it("finds codes in URL-encoded error descriptions", () => {
    expect(
      aadstsCodesIn(
        "?error=access_denied&error_description=AADSTS1003031%3a+Misconfigured+required+resource+access",
      ),
    ).toEqual(["1003031"]);
  });

  it("returns an empty list when no code is present", () => {
    expect(aadstsCodesIn("")).toEqual([]);
    expect(aadstsCodesIn("AADSTS: no digits, error_codes: [7000215]")).toEqual([]);
  });

  it("finds the single code in a 10 MB random string quickly", () => {
    // Lower-case letters, digits and punctuation only, so the noise cannot spell "AADSTS".
    const alphabet = Buffer.from("abcdefghijklmnopqrstuvwxyz0123456789 :.,_-\n", "latin1");
    const noise = Buffer.alloc(10 * 1024 * 1024);
    let seed = 42;
    for (let i = 0; i < noise.length; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      noise[i] = alphabet[seed % alphabet.length] ?? 0x61;
    }
    const half = noise.length / 2;
    const text = `${noise.toString("latin1", 0, half)} AADSTS700024: Client assertion is not within its valid time range. ${noise.toString("latin1", half)}`;
    expect(text.length).toBeGreaterThan(10_000_000);

    // Speed is measured in bench/, not asserted here.
    expect(aadstsCodesIn(text)).toEqual(["700024"]);
  });
});
