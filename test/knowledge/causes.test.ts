import { describe, expect, it } from "vitest";
import { AADSTS_ENTRIES, lookupAadsts } from "../../src/knowledge/aadsts.js";
import type { CauseCode } from "../../src/knowledge/cause.js";
import {
  CAUSE_FAMILIES,
  CAUSES,
  causeFamily,
  getCause,
  isCauseCode,
  listCauseCodes,
} from "../../src/knowledge/causes.js";
import type { FixLanguage } from "../../src/knowledge/fix-language.js";
import { codeFenceLanguage, isCommentLine, splitTextBlocks } from "../../src/knowledge/text-blocks.js";

// The list in /work/notes/cause-codes.md (DESIGN list, then the keyless additions), in its order.
const CAUSE_CODES = [
  "endpoint.regional-no-subdomain",
  "endpoint.extra-path",
  "endpoint.unreachable",
  "endpoint.not-azure",
  "token.wrong-audience",
  "token.expired",
  "token.wrong-tenant",
  "token.in-api-key-header",
  "key.invalid",
  "key.sent-as-bearer",
  "key.auth-disabled",
  "rbac.missing-data-action",
  "rbac.control-plane-role-only",
  "rbac.wrong-scope",
  "rbac.propagation-pending",
  "rbac.other-principal",
  "network.firewall",
  "network.private-endpoint",
  "network.proxy-refused",
  "network.tls-untrusted",
  "network.html-instead-of-json",
  "network.body-cut-short",
  "resource.deployment-not-found",
  "resource.api-version",
  "resource.managed-identity-not-enabled",
  "gateway.apim-subscription-key",
  "credential.chain-exhausted",
  "credential.env-incomplete",
  "credential.env-unexpected-identity",
  "credential.empty-client-id",
  "credential.bad-token-credentials-env",
  "credential.tenant-not-allowed",
  "credential.cli-not-installed",
  "credential.cli-not-logged-in",
  "credential.cli-timeout",
  "credential.azd-not-installed",
  "credential.azd-not-logged-in",
  "credential.azd-timeout",
  "credential.powershell-not-installed",
  "credential.powershell-not-logged-in",
  "credential.mi-unavailable",
  "credential.mi-identity-not-assigned",
  "credential.mi-multiple-identities",
  "credential.mi-gateway",
  "credential.mi-retries-exhausted",
  "credential.mi-audience-not-supported",
  "credential.mi-app-service-env-missing",
  "credential.mi-pod-identity-not-ready",
  "credential.workload-incomplete",
  "credential.pipelines-unavailable",
  "credential.pipelines-service-connection",
  "credential.pipelines-oidc-unauthorized",
  "credential.cert-invalid",
  "credential.cache-unavailable",
  "client.key-and-token",
  "client.missing-credentials",
  "client.static-token",
  "client.api-version-missing",
  "client.base-url-and-endpoint",
  "endpoint.invalid-url",
  "network.public-access-disabled",
  "network.vnet-wrong-endpoint",
  "resource.service-error",
  "resource.rate-limited",
  "credential.env-not-configured",
  "credential.required-env-missing",
  "credential.authority-not-https",
  "credential.authority-untrusted",
  "credential.tenant-invalid",
  "credential.entra-unavailable",
  "credential.mi-endpoint-error",
  "credential.mi-timeout",
  "credential.mi-user-assigned-not-supported",
  "credential.vscode-unavailable",
  "credential.broker-unavailable",
  "credential.cli-subscription-invalid",
  "credential.azd-mfa-required",
  "credential.powershell-module-missing",
  "client.token-provider-failed",
  "client.token-provider-not-string",
  "client.endpoint-missing",
  "client.invalid-header-value",
  "client.status-without-body",
] satisfies CauseCode[];

describe("CAUSES", () => {
  it("holds exactly the cause-code list, in its order", () => {
    expect(CAUSES.map((cause) => cause.code)).toEqual(CAUSE_CODES);
  });

  it.each(CAUSE_CODES)("%s has a title, why, confirm and fix", (code) => {
    const cause = getCause(code);
    expect(cause?.code).toBe(code);
    for (const text of [cause?.title, cause?.why, cause?.confirm, cause?.fix]) {
      expect(text?.trim().length ?? 0).toBeGreaterThan(0);
    }
    if (cause?.example !== undefined) expect(cause.example.trim().length).toBeGreaterThan(0);
  });

  it("states every title on one line", () => {
    expect(CAUSES.filter((cause) => cause.title.includes("\n")).map((cause) => cause.code)).toEqual([]);
  });

  it("gives every entry the family its code starts with", () => {
    const wrong = CAUSES.filter((cause) => cause.family !== cause.code.split(".")[0]).map(
      (cause) => cause.code,
    );
    expect(wrong).toEqual([]);
    expect(CAUSES.every((cause) => CAUSE_FAMILIES.includes(cause.family))).toBe(true);
  });

  it("gives an example error for every entry that has a known error text", () => {
    const withoutExample = CAUSES.filter((cause) => cause.example === undefined).map((cause) => cause.code);
    expect(withoutExample).toEqual(["endpoint.not-azure", "resource.api-version", "credential.azd-timeout"]);
  });

  it("grants the least-privilege data role for rbac.control-plane-role-only", () => {
    expect(getCause("rbac.control-plane-role-only")?.fix).toContain(
      'az role assignment create --role "{role=Cognitive Services OpenAI User}" --assignee-object-id {principalId} --assignee-principal-type {principalType} --scope {scope}',
    );
  });

  it("unsets the key and passes only the token provider for key.auth-disabled", () => {
    const fix = getCause("key.auth-disabled")?.fix ?? "";
    expect(fix.split("\n")[0]).toBe("unset AZURE_OPENAI_API_KEY");
    expect(fix).toContain(
      'azureADTokenProvider: getBearerTokenProvider(new DefaultAzureCredential(), "{expectedScope=https://cognitiveservices.azure.com/.default}")',
    );
    expect(fix).not.toContain("apiKey");
  });

  it("requests the expected scope for token.wrong-audience, public Azure's when the error names none", () => {
    expect(getCause("token.wrong-audience")?.fix).toContain(
      'getBearerTokenProvider(new DefaultAzureCredential(), "{expectedScope=https://cognitiveservices.azure.com/.default}")',
    );
  });

  it("tells the flat-401 causes apart by exp, aud and the header used", () => {
    expect(getCause("token.wrong-audience")?.confirm).toContain("`exp` is in the future and `aud` differs");
    expect(getCause("token.expired")?.confirm).toContain(
      "`exp` in the past with the right `aud` confirms it",
    );
    expect(getCause("key.sent-as-bearer")?.confirm).toContain("Check which header carried the credential");
  });

  it("quotes the Azure bodies verbatim, typos included", () => {
    expect(getCause("token.expired")?.example).toBe(
      '{"statusCode": 401, "message": "Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired."}',
    );
    expect(getCause("key.auth-disabled")?.example).toBe(
      '{"error":{"code":"AuthenticationTypeDisabled","message": "Key based authentication is disabled for this resource."}}',
    );
    expect(getCause("network.public-access-disabled")?.example).toBe(
      "Public access is disabled. Please configure private endpoint.",
    );
  });
});

describe("getCause", () => {
  it("builds aadsts.<n> entries from the AADSTS table", () => {
    const entry = lookupAadsts("7000215");
    expect(entry).toBeDefined();
    expect(getCause("aadsts.7000215")).toEqual({
      code: "aadsts.7000215",
      family: "aadsts",
      stage: "credential",
      title: entry?.title,
      why: entry?.meaning,
      confirm: entry?.confirm,
      fix: entry?.fix,
      ...(entry?.example === undefined ? {} : { example: entry.example }),
    });
  });

  it("maps every AADSTS table entry", () => {
    for (const entry of AADSTS_ENTRIES) {
      const cause = getCause(`aadsts.${entry.code}`);
      expect(cause?.title).toBe(entry.title);
      expect(cause?.why).toBe(entry.meaning);
      expect(cause?.example).toBe(entry.example);
    }
  });

  it("answers an AADSTS number the table does not know with a generic entry", () => {
    expect(lookupAadsts("9999999")).toBeUndefined();
    const cause = getCause("aadsts.9999999");
    expect(cause?.code).toBe("aadsts.9999999");
    expect(cause?.family).toBe("aadsts");
    expect(cause?.title).toBe("Microsoft Entra ID rejected the sign-in (AADSTS9999999)");
    expect(cause?.fix).toBe(
      "Look the code up at https://login.microsoftonline.com/error?code=9999999 and apply the remediation it gives for the failing credential.",
    );
    expect(cause?.why).toContain("AADSTS9999999");
  });

  it("returns undefined for anything else", () => {
    // Strings from outside (JSON, the command line): a literal that is no code would not compile.
    const outside: string[] = ["nope", "aadsts.abc", "aadsts.", "rbac.nope", ""];
    for (const text of outside) expect(getCause(text), text).toBeUndefined();
  });
});

describe("listCauseCodes", () => {
  const codes = listCauseCodes();

  it("lists the catalog, then one aadsts code per table entry", () => {
    expect(codes).toEqual([...CAUSE_CODES, ...AADSTS_ENTRIES.map((entry) => `aadsts.${entry.code}`)]);
  });

  it("lists well-formed codes without duplicates", () => {
    expect(codes.filter((code) => !/^[a-z]+(\.[a-z0-9-]+)+$/.test(code))).toEqual([]);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("lists only codes getCause knows, each with a valid family", () => {
    for (const code of codes) {
      const cause = getCause(code);
      expect(cause?.code).toBe(code);
      expect(causeFamily(code)).toBe(cause?.family);
    }
  });
});

describe("isCauseCode", () => {
  it("accepts catalog codes and any aadsts number", () => {
    expect(isCauseCode("credential.cli-timeout")).toBe(true);
    expect(isCauseCode("aadsts.7000215")).toBe(true);
    expect(isCauseCode("aadsts.9999999")).toBe(true);
  });

  it("rejects everything else", () => {
    expect(isCauseCode("credential.nope")).toBe(false);
    expect(isCauseCode("aadsts.12a")).toBe(false);
    expect(isCauseCode("AADSTS7000215")).toBe(false);
    expect(isCauseCode("")).toBe(false);
  });
});

describe("causeFamily", () => {
  it("returns the part before the first dot when it is a family", () => {
    expect(causeFamily("credential.cli-timeout")).toBe("credential");
    expect(causeFamily("aadsts.50126")).toBe("aadsts");
    expect(causeFamily("gateway")).toBe("gateway");
  });

  it("returns undefined for an unknown family", () => {
    expect(causeFamily("nope.thing")).toBeUndefined();
    expect(causeFamily("")).toBeUndefined();
  });
});

describe("CAUSES: fixes in every language", () => {
  const OTHER_LANGUAGES = ["python", "csharp", "go", "java"] as const;
  const PLACEHOLDER = /(?<!\$)\{([a-z][A-Za-z0-9]*)(?:=[^{}\n]*)?\}/g;
  const placeholders = (text: string): string[] => [...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? "");
  const codeLines = (text: string, language: FixLanguage): string[] =>
    splitTextBlocks(text)
      .filter((block) => block.kind === "code" && codeFenceLanguage(block.lines, language) !== "sh")
      .flatMap((block) => block.lines)
      .filter((line) => !isCommentLine(line) && line.trim() !== "");

  it("writes every fix that holds JavaScript once per other language too", () => {
    const missing = CAUSES.filter((cause) =>
      splitTextBlocks(cause.fix).some((b) => b.kind === "code" && codeFenceLanguage(b.lines) === "ts"),
    ).flatMap((cause) =>
      OTHER_LANGUAGES.filter((language) => cause.fixByLanguage?.[language] === undefined).map(
        (language) => `${cause.code}:${language}`,
      ),
    );
    expect(missing).toEqual([]);
  });

  it("keeps JavaScript out of the other languages' fixes", () => {
    const leaks = CAUSES.flatMap((cause) =>
      OTHER_LANGUAGES.filter((language) =>
        /getBearerTokenProvider\(|azureADTokenProvider|process\.env|\bconst |useIdentityPlugin/.test(
          cause.fixByLanguage?.[language] ?? "",
        ),
      ).map((language) => `${cause.code}:${language}`),
    );
    expect(leaks).toEqual([]);
  });

  it("writes each language's source the way that language does", () => {
    const wrong: string[] = [];
    for (const cause of CAUSES) {
      for (const language of OTHER_LANGUAGES) {
        const fix = cause.fixByLanguage?.[language];
        if (fix === undefined) continue;
        for (const line of codeLines(fix, language)) {
          const trimmed = line.trim();
          const ok =
            language === "python"
              ? !trimmed.endsWith(";") && !/\bnew /.test(trimmed)
              : language === "go"
                ? !trimmed.endsWith(";") && !/\bnew /.test(trimmed)
                : /[;{}]$/.test(trimmed) || /^(class |sealed )/.test(trimmed);
          if (!ok) wrong.push(`${cause.code}:${language}: ${trimmed}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it("names only values the JavaScript fix names (plus the client's endpoint, scope and api-version)", () => {
    const extra: string[] = [];
    for (const cause of CAUSES) {
      const allowed = new Set([...placeholders(cause.fix), "endpoint", "expectedScope", "apiVersion"]);
      for (const language of OTHER_LANGUAGES) {
        for (const name of placeholders(cause.fixByLanguage?.[language] ?? "")) {
          if (!allowed.has(name)) extra.push(`${cause.code}:${language}:{${name}}`);
        }
      }
    }
    expect(extra).toEqual([]);
  });

  it("asks for public Azure's Cognitive Services scope when the error names no audience", () => {
    expect(getCause("token.wrong-audience")?.fixByLanguage?.python).toContain(
      'get_bearer_token_provider(DefaultAzureCredential(), "{expectedScope=https://cognitiveservices.azure.com/.default}")',
    );
  });
});
