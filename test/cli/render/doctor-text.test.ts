import { describe, expect, it } from "vitest";
import { renderDoctorMarkdown } from "../../../src/cli/render/doctor-markdown.js";
import { renderDoctorText } from "../../../src/cli/render/doctor-text.js";
import { createStyle } from "../../../src/cli/render/text-layout.js";
import type { DiagnosisReport, Finding } from "../../../src/diagnose/diagnosis-report.js";

const primary: Finding = {
  code: "rbac.control-plane-role-only",
  severity: "error",
  basis: "data-plane",
  title: "The principal holds only control-plane roles, which grant no data actions",
  detail: "The EnvironmentCredential principal holds Cognitive Services Contributor on the account.",
  evidence: [
    "EnvironmentCredential: POST /openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21 -> 401 PermissionDenied",
  ],
  fix: 'az role assignment create --role "Cognitive Services OpenAI User" --assignee-object-id 3df3 --assignee-principal-type ServicePrincipal --scope /subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/contoso-openai',
  credential: "EnvironmentCredential",
};
const warning: Finding = {
  code: "client.key-and-token",
  severity: "warning",
  basis: "configuration",
  title: "The AzureOpenAI client got both an API key and a token provider",
  detail: "AZURE_OPENAI_API_KEY is set.",
  evidence: ["AZURE_OPENAI_API_KEY is set (value not shown)"],
  fix: "unset AZURE_OPENAI_API_KEY",
};

function report(extra: Partial<DiagnosisReport> = {}): DiagnosisReport {
  return {
    ok: false,
    primary,
    findings: [primary, warning],
    endpoint: {
      input: "https://contoso-openai.openai.azure.com",
      host: "contoso-openai.openai.azure.com",
      cloud: "public",
      kind: "openai",
      acceptsEntraTokens: true,
      scope: "https://cognitiveservices.azure.com/.default",
      problems: [],
      via: "direct",
      reachable: true,
    },
    deployment: "gpt-4o",
    apiVersion: "2024-10-21",
    request: "POST /openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21",
    chain: { order: ["EnvironmentCredential", "AzureCliCredential"], selected: "EnvironmentCredential" },
    credentials: [
      {
        name: "EnvironmentCredential",
        inChain: true,
        available: true,
        selectedByChain: true,
        identity: {
          principalType: "ServicePrincipal",
          appid: "373090df-1253-436b-b7bd-153cbf43aa40",
          oid: "3df3",
        },
        dataPlane: { status: 401, code: "PermissionDenied" },
        durationMs: 5,
      },
      {
        name: "AzureCliCredential",
        inChain: true,
        available: false,
        selectedByChain: false,
        reason: "Please run 'az login' from a command prompt to authenticate before using this credential.",
        cause: "credential.cli-not-logged-in",
        durationMs: 5,
      },
    ],
    environment: [],
    deadlineMs: 30_000,
    durationMs: 2100,
    ...extra,
  };
}

describe("renderDoctorText", () => {
  it("puts the verdict first, then the credentials table, then the other findings", () => {
    const text = renderDoctorText(report(), { width: 80, style: createStyle({ color: false }) });
    const lines = text.split("\n");
    expect(lines[0]).toBe("✗ The principal holds only control-plane roles, which grant no data actions");
    expect(lines[1]).toBe("  rbac.control-plane-role-only  (EnvironmentCredential)");
    expect(text.indexOf("Fix")).toBeLessThan(text.indexOf("Credentials"));
    expect(text.indexOf("Credentials")).toBeLessThan(text.indexOf("Other findings (1)"));
    expect(text).toContain(`\n    ${primary.fix}\n`);
    expect(text).toContain(
      "\nEndpoint     contoso-openai.openai.azure.com: public cloud, openai; direct;\n             reachable\nDeployment   gpt-4o; api-version 2024-10-21\n",
    );
    expect(text).not.toContain("…");
  });

  it("lays the credentials out as a table when the columns fit, wrapping the reason in its cell", () => {
    const text = renderDoctorText(report(), { width: 120, style: createStyle({ color: false }) });
    const table = text.slice(text.indexOf("Credentials"), text.indexOf("\n\n", text.indexOf("Credentials")));
    expect(table.split("\n")).toEqual([
      "Credentials  (in DefaultAzureCredential's order)",
      `  credential               result       identity / reason${" ".repeat(43)}data plane`,
      `  * EnvironmentCredential  token        app 373090df-1253-436b-b7bd-153cbf43aa40${" ".repeat(20)}401 PermissionDenied`,
      "                                        (ServicePrincipal, oid 3df3)",
      `    AzureCliCredential     unavailable  credential.cli-not-logged-in${" ".repeat(32)}-`,
    ]);
  });

  it("turns the table into one block per credential when even wrapped columns do not fit", () => {
    const text = renderDoctorText(report(), { width: 80, style: createStyle({ color: false }) });
    expect(text).toContain(
      [
        "Credentials  (in DefaultAzureCredential's order)",
        "  * EnvironmentCredential",
        "      result             token",
        "      identity / reason  app 373090df-1253-436b-b7bd-153cbf43aa40",
        "                         (ServicePrincipal, oid 3df3)",
        "      data plane         401 PermissionDenied",
        "    AzureCliCredential",
        "      result             unavailable",
        "      identity / reason  credential.cli-not-logged-in",
        "",
      ].join("\n"),
    );
  });

  it("says the call works when it does", () => {
    const text = renderDoctorText(report({ ok: true, primary: null, findings: [] }), {
      width: 100,
      style: createStyle({ color: false }),
    });
    expect(text.split("\n")[0]).toBe("✓ The keyless call works.");
  });
});

describe("renderDoctorMarkdown", () => {
  it("renders the verdict, the fix in a sh block and a credentials table", () => {
    const markdown = renderDoctorMarkdown(report());
    expect(markdown.startsWith("## keyless doctor: ❌ rbac.control-plane-role-only\n")).toBe(true);
    expect(markdown).toContain(`**Fix**\n\n\`\`\`sh\n${primary.fix}\n\`\`\``);
    expect(markdown).toContain("| credential | result | identity / reason | data plane |");
    expect(markdown).toContain("| * EnvironmentCredential | token |");
    expect(markdown).toContain("#### ⚠️ The AzureOpenAI client got both an API key and a token provider");
  });
});
