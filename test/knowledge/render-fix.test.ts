import { describe, expect, it } from "vitest";
import type { CauseEntry } from "../../src/knowledge/cause.js";
import { getCause } from "../../src/knowledge/causes.js";
import {
  type FixValues,
  fixTemplateFor,
  hasLanguageFixes,
  renderCause,
  renderFix,
  renderFixForLanguages,
} from "../../src/knowledge/render-fix.js";

describe("renderFix", () => {
  it("fills known placeholders", () => {
    expect(
      renderFix(
        'az role assignment create --role "{role}" --assignee-object-id {principalId} --assignee-principal-type {principalType} --scope {scope}',
        {
          role: "Cognitive Services OpenAI User",
          principalId: "6f1e2d3c-0000-4000-8000-000000000001",
          principalType: "ServicePrincipal",
          scope:
            "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/contoso",
        },
      ),
    ).toBe(
      'az role assignment create --role "Cognitive Services OpenAI User" --assignee-object-id 6f1e2d3c-0000-4000-8000-000000000001 --assignee-principal-type ServicePrincipal --scope /subscriptions/0000/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/contoso',
    );
  });

  it("turns unknown placeholders into kebab-case markers", () => {
    expect(renderFix("az role assignment list --assignee {principalId} --all", {})).toBe(
      "az role assignment list --assignee <principal-id> --all",
    );
    expect(renderFix("{subdomainEndpoint} {apiVersion} {aadsts} {clientIP} {vmName}", {})).toBe(
      "<subdomain-endpoint> <api-version> <aadsts> <client-ip> <vm-name>",
    );
  });

  it("renders numbers and treats empty strings as unknown", () => {
    expect(
      renderFix("retry after {retryAfterSeconds}s, status {status}", { retryAfterSeconds: 22, status: 429 }),
    ).toBe("retry after 22s, status 429");
    expect(renderFix("{tenantId}|{status}", { tenantId: "  ", status: Number.NaN })).toBe(
      "<tenant-id>|<status>",
    );
  });

  it("leaves shell variables, JSON, JMESPath and object literals alone", () => {
    const template =
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell variable is exactly what this test needs
      'export X=${HOME} && curl -w "%{http_code}" -d \'{"a":1}\' --query "[].{role:roleDefinitionName}" && f({ endpoint })';
    expect(renderFix(template, { endpoint: "https://contoso.openai.azure.com" })).toBe(template);
  });

  it("reads only own properties of the values", () => {
    expect(renderFix("{constructor} {toString}", {})).toBe("<constructor> <to-string>");
  });

  it("never throws on bad input", () => {
    expect(renderFix(undefined as unknown as string, {})).toBe("");
    expect(renderFix("x {tenantId}", null as unknown as FixValues)).toBe("x <tenant-id>");
    expect(renderFix("{endpoint}", { endpoint: {} as unknown as string })).toBe("<endpoint>");
  });

  it("renders the catalog's fix for a wrong audience", () => {
    expect(
      renderFix(getCause("token.wrong-audience")?.fix ?? "", {
        expectedScope: "https://cognitiveservices.azure.us/.default",
      }),
    ).toBe(
      [
        "// Ask for the endpoint's audience (https://cognitiveservices.azure.com/.default on public Azure), not ARM or Graph",
        'const azureADTokenProvider = getBearerTokenProvider(new DefaultAzureCredential(), "https://cognitiveservices.azure.us/.default");',
      ].join("\n"),
    );
  });
});

describe("renderCause", () => {
  it("renders title, why, confirm and fix", () => {
    const entry: CauseEntry = {
      code: "token.wrong-tenant",
      family: "token",
      stage: "token",
      title: "Token from {tokenTenant}",
      why: "The resource lives in {resourceTenant}.",
      confirm: "az account show --subscription {subscriptionId} --query tenantId --output tsv",
      fix: "az login --tenant {resourceTenant}",
      example: "ignored {tokenTenant}",
    };
    expect(renderCause(entry, { tokenTenant: "aaaa", resourceTenant: "bbbb" })).toEqual({
      title: "Token from aaaa",
      why: "The resource lives in bbbb.",
      confirm: "az account show --subscription <subscription-id> --query tenantId --output tsv",
      fix: "az login --tenant bbbb",
    });
  });

  it("renders the catalog's rbac.control-plane-role-only fix with doctor context", () => {
    const cause = getCause("rbac.control-plane-role-only");
    expect(cause).toBeDefined();
    const rendered = renderCause(cause as CauseEntry, {
      principalId: "6f1e2d3c-0000-4000-8000-000000000001",
      principalType: "User",
      scope: "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/contoso",
    });
    expect(rendered.title).toBe("The principal holds only control-plane roles, which grant no data actions");
    expect(rendered.fix).toBe(
      [
        "# Add a data-plane role; Owner/Contributor stay as they are",
        "# --scope is the account id: /subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.CognitiveServices/accounts/<name>",
        'az role assignment create --role "Cognitive Services OpenAI User" --assignee-object-id 6f1e2d3c-0000-4000-8000-000000000001 --assignee-principal-type User --scope /subscriptions/0000/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/contoso',
      ].join("\n"),
    );
    expect(rendered.confirm.split("\n")[0]).toBe(
      'az role assignment list --assignee 6f1e2d3c-0000-4000-8000-000000000001 --all --query "[].{role:roleDefinitionName, scope:scope}" --output table',
    );
  });

  it("uses a placeholder's default when the value is unknown, and the value when it is known", () => {
    const template =
      'az role assignment create --role "{role=Cognitive Services OpenAI User}" --assignee-object-id {principalId}';
    expect(renderFix(template, {})).toBe(
      'az role assignment create --role "Cognitive Services OpenAI User" --assignee-object-id <principal-id>',
    );
    expect(renderFix(template, { role: "Azure AI User", principalId: "4f1c" })).toBe(
      'az role assignment create --role "Azure AI User" --assignee-object-id 4f1c',
    );
  });
});

describe("fixes per language", () => {
  const values: FixValues = { endpoint: "https://contoso.openai.azure.com", apiVersion: "2024-10-21" };

  it("renders the fix of the language asked for, JavaScript by default", () => {
    const entry = getCause("token.expired") as CauseEntry;
    expect(renderCause(entry, values).fix).toBe(
      [
        "// Pass a provider, which refreshes before exp, never a token string",
        'const client = new AzureOpenAI({ endpoint: "https://contoso.openai.azure.com", azureADTokenProvider: getBearerTokenProvider(new DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default"), apiVersion: "2024-10-21" });',
      ].join("\n"),
    );
    expect(renderCause(entry, values, "python").fix).toBe(
      [
        "# Pass a token provider, which refreshes before exp, never a token string",
        'client = AzureOpenAI(azure_endpoint="https://contoso.openai.azure.com", azure_ad_token_provider=get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default"), api_version="2024-10-21")',
      ].join("\n"),
    );
  });

  it("falls back to the shared fix where a language has none", () => {
    const entry = getCause("rbac.wrong-scope") as CauseEntry;
    expect(hasLanguageFixes(entry)).toBe(false);
    expect(fixTemplateFor(entry, "java")).toBe(entry.fix);
    expect(hasLanguageFixes(getCause("token.expired") as CauseEntry)).toBe(true);
  });

  it("renderFixForLanguages gives the doctor one entry per language where the fix is code", () => {
    expect(renderFixForLanguages("token.expired", values)).toEqual([
      {
        languages: ["js"],
        label: "JavaScript / TypeScript (@azure/identity, openai)",
        fix: renderCause(getCause("token.expired") as CauseEntry, values, "js").fix,
      },
      {
        languages: ["python"],
        label: "Python (azure-identity, openai)",
        fix: renderCause(getCause("token.expired") as CauseEntry, values, "python").fix,
      },
      {
        languages: ["csharp"],
        label: "C# (Azure.Identity, Azure.AI.OpenAI)",
        fix: [
          "// Pass the credential, which refreshes before exp, never a token string",
          'var client = new AzureOpenAIClient(new Uri("https://contoso.openai.azure.com"), new DefaultAzureCredential());',
        ].join("\n"),
      },
      {
        languages: ["go"],
        label: "Go (azidentity, openai-go)",
        fix: [
          "// Pass the credential, which refreshes before exp, never a token string",
          "cred, err := azidentity.NewDefaultAzureCredential(nil)",
          'client := openai.NewClient(azure.WithEndpoint("https://contoso.openai.azure.com", "2024-10-21"), azure.WithTokenCredential(cred))',
        ].join("\n"),
      },
      {
        languages: ["java"],
        label: "Java (azure-identity, azure-ai-openai)",
        fix: [
          "// Pass the credential, which refreshes before exp, never a token string",
          'OpenAIClient client = new OpenAIClientBuilder().credential(new DefaultAzureCredentialBuilder().build()).endpoint("https://contoso.openai.azure.com").buildClient();',
        ].join("\n"),
      },
    ]);
  });

  it("renderFixForLanguages gives one entry for every language where the fix is a command", () => {
    expect(renderFixForLanguages("key.invalid", { resourceName: "contoso", resourceGroup: "rg" })).toEqual([
      {
        languages: ["js", "python", "csharp", "go", "java"],
        label: "Any language",
        fix: renderFix((getCause("key.invalid") as CauseEntry).fix, {
          resourceName: "contoso",
          resourceGroup: "rg",
        }),
      },
    ]);
  });

  it("renderFixForLanguages returns nothing for an unknown code", () => {
    expect(renderFixForLanguages("rbac.nope", {})).toEqual([]);
    expect(renderFixForLanguages(undefined as unknown as string, {})).toEqual([]);
  });
});
