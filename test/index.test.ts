import { describe, expect, it } from "vitest";
import * as keyless from "../src/index.js";

describe("public library API", () => {
  it("exports the knowledge functions by name", () => {
    expect(Object.keys(keyless).sort()).toEqual([
      "AADSTS_ENTRIES",
      "BUILT_IN_ROLES",
      "BUILT_IN_SCENARIOS",
      "CAUSES",
      "CLOUDS",
      "DiagnoseOptionsError",
      "FIX_LANGUAGES",
      "JWT_IN_TEXT",
      "KeylessAuthError",
      "KeylessConfigError",
      "KeylessTokenError",
      "WorldFileError",
      "classifyEndpoint",
      "createAzureOpenAI",
      "createTokenProvider",
      "dataActionForRequest",
      "detectFixLanguage",
      "diagnose",
      "diagnoseFurther",
      "expectedAudienceForEndpoint",
      "explain",
      "findRole",
      "getCause",
      "getScenario",
      "inspectToken",
      "isCauseCode",
      "listCauseCodes",
      "listScenarioNames",
      "loadWorld",
      "looksLikeJwt",
      "lookupAadsts",
      "migrate",
      "normalizeAudience",
      "renderFixForLanguages",
      "roleGrantsDataAction",
      "rolesGrantingDataAction",
      "sameAudience",
      "scopeForEndpoint",
      "startEmulator",
      "validateWorld",
    ]);
  });

  it("explains through the package entry", () => {
    const [top] = keyless.explain(
      '{"error":{"code":"AuthenticationTypeDisabled","message": "Key based authentication is disabled for this resource."}}',
    );
    expect(top?.code).toBe("key.auth-disabled");
  });
});
