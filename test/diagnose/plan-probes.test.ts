import { describe, expect, it } from "vitest";
import type { DiagnoseOptions } from "../../src/diagnose/diagnose-options.js";
import { planProbes } from "../../src/diagnose/plan-probes.js";
import { validateDiagnoseOptions } from "../../src/diagnose/validate-diagnose-options.js";

function plan(options: Partial<DiagnoseOptions> & Pick<DiagnoseOptions, "env">) {
  return planProbes(validateDiagnoseOptions({ endpoint: "https://contoso.openai.azure.com", ...options }));
}

describe("planProbes", () => {
  it("plans the request, the credential budget and IMDS from the options and env", () => {
    const planned = plan({ env: {}, deployment: "gpt-4o", timeoutMs: 10_000 });
    expect(planned.target?.display).toBe(
      "POST /openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21",
    );
    expect(planned.credentials.timeoutMs).toBe(5_000);
    expect(planned.imds).toEqual({ resource: "https://cognitiveservices.azure.com" });
    expect(planned.comparisons).toEqual({});
    expect(planned.arm).toEqual({ cloud: "public", scope: "https://management.azure.com/.default" });
  });

  it("asks the host's identity endpoint whichever it is; not when another credential is named", () => {
    expect(plan({ env: { IDENTITY_ENDPOINT: "http://localhost:42356/msi/token" } }).imds).toEqual({
      resource: "https://cognitiveservices.azure.com",
    });
    expect(plan({ env: {}, credential: "AzureCliCredential" }).imds).toBeUndefined();
    expect(plan({ env: {}, credential: "ManagedIdentityCredential" }).imds).toBeDefined();
  });

  it("plans the comparisons: the static token, the API key and, on a sovereign endpoint, the public scope", () => {
    const planned = planProbes(
      validateDiagnoseOptions({
        endpoint: "https://contoso.openai.azure.us",
        env: { AZURE_OPENAI_AD_TOKEN: "eyJ.static", KEYLESS_API_KEY: "key-1" },
      }),
    );
    expect(planned.comparisons).toEqual({
      staticToken: { variable: "AZURE_OPENAI_AD_TOKEN", token: "eyJ.static" },
      apiKey: { value: "key-1", source: "KEYLESS_API_KEY" },
      publicScope: "https://cognitiveservices.azure.com/.default",
    });
    expect(planned.secrets).toEqual(["key-1"]);
    expect(planned.arm.cloud).toBe("usgov");
  });

  it("requests the app's scope when told it, says where the scope comes from, and then compares no public scope", () => {
    const told = plan({ env: {}, scope: "https://ml.azure.com/.default", deployment: "gpt-4o" });
    expect(told).toMatchObject({
      scope: "https://ml.azure.com/.default",
      endpointScope: "https://cognitiveservices.azure.com/.default",
      scopeSource: "option",
    });
    expect(told.imds).toEqual({ resource: "https://ml.azure.com" });
    expect(plan({ env: {} })).toMatchObject({
      scope: "https://cognitiveservices.azure.com/.default",
      scopeSource: "endpoint",
    });
    const sovereign = (scope?: string) =>
      planProbes(
        validateDiagnoseOptions({
          endpoint: "https://contoso.openai.azure.us",
          env: {},
          ...(scope === undefined ? {} : { scope }),
        }),
      ).comparisons;
    expect(sovereign()).toEqual({ publicScope: "https://cognitiveservices.azure.com/.default" });
    // Told the app's scope, right or wrong, the doctor calls with it and has nothing to compare.
    expect(sovereign("https://cognitiveservices.azure.us/.default")).toEqual({});
    expect(sovereign("https://cognitiveservices.azure.com/.default")).toEqual({});
  });

  it("plans the app's call on the endpoint's form, and a Foundry project's call on <project>/openai/v1", () => {
    expect(plan({ env: {}, deployment: "gpt-4o", call: "responses" }).target?.display).toBe(
      "POST /openai/responses?api-version=2025-04-01-preview",
    );
    expect(plan({ env: {}, deployment: "gpt-4o", call: "responses" }).call).toBe("responses");
    const project = planProbes(
      validateDiagnoseOptions({
        endpoint: "https://contoso.services.ai.azure.com/api/projects/proj",
        deployment: "gpt-4o",
        env: {},
      }),
    );
    expect(project.scope).toBe("https://ai.azure.com/.default");
    expect(project.target).toMatchObject({
      method: "POST",
      url: "https://contoso.services.ai.azure.com/api/projects/proj/openai/v1/chat/completions",
      display: "POST /api/projects/proj/openai/v1/chat/completions",
    });
  });
});
