import { describe, expect, it } from "vitest";
import { renderDoctorMarkdown } from "../../../src/cli/render/doctor-markdown.js";
import { renderDoctorText } from "../../../src/cli/render/doctor-text.js";
import { createStyle } from "../../../src/cli/render/text-layout.js";
import type { DiagnosisReport } from "../../../src/diagnose/diagnosis-report.js";
import { createFinding } from "../../../src/diagnose/finding.js";
import type { CauseCode } from "../../../src/knowledge/cause.js";

// The doctor sees the setup, not the code: where the fix is code, it shows it in every language.

const values = {
  endpoint: "https://contoso-openai.openai.azure.us",
  expectedScope: "https://cognitiveservices.azure.us/.default",
};

function reportWith(code: CauseCode): DiagnosisReport {
  const finding = createFinding(code, { severity: "error", basis: "data-plane", evidence: [], values });
  return {
    ok: false,
    primary: finding,
    findings: [finding],
    endpoint: {
      input: values.endpoint,
      host: "contoso-openai.openai.azure.us",
      cloud: "usgov",
      kind: "openai",
      acceptsEntraTokens: true,
      scope: values.expectedScope,
      problems: [],
      via: "direct",
    },
    environment: { variables: [], problems: [] },
    chain: { order: [] },
    credentials: [],
    request: "POST /openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21",
    durationMs: 1000,
    deadlineMs: 30_000,
  } as unknown as DiagnosisReport;
}

describe("the doctor's fix in every language", () => {
  it("a code fix (token.wrong-audience) carries one entry per language, the JavaScript one first", () => {
    const finding = createFinding("token.wrong-audience", {
      severity: "error",
      basis: "data-plane",
      evidence: [],
      values,
    });
    expect(finding.fixes?.map((f) => f.languages)).toEqual([
      ["js"],
      ["python"],
      ["csharp"],
      ["go"],
      ["java"],
    ]);
    expect(finding.fixes?.[0]?.fix).toBe(finding.fix);
    expect(finding.fixes?.[1]?.fix).toContain(
      'token_provider = get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.us/.default")',
    );
  });

  it("a command fix (rbac.wrong-scope) is the same in every language: no per-language entries", () => {
    const finding = createFinding("rbac.wrong-scope", {
      severity: "error",
      basis: "arm",
      evidence: [],
      values: {},
    });
    expect(finding.fixes).toBeUndefined();
  });

  it("the text verdict labels each language and keeps each code line whole", () => {
    const text = renderDoctorText(reportWith("token.wrong-audience"), {
      width: 80,
      style: createStyle({ color: false }),
    });
    for (const label of ["JavaScript / TypeScript", "Python", "C#", "Go", "Java"]) {
      expect(text).toMatch(new RegExp(`\\n    ${label.replace(/[/#]/g, "\\$&")} \\(`));
    }
    expect(text).toContain("Fix (in your app's language)\n");
    expect(text).toContain(
      '\n      token_provider = get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.us/.default")\n',
    );
  });

  it("the Markdown report shows each language in its own block", () => {
    const markdown = renderDoctorMarkdown(reportWith("token.wrong-audience"));
    expect(markdown).toContain("**Fix** (in your app's language)");
    expect(markdown.match(/^\*(JavaScript|Python|C#|Go|Java)[^*]*\*$/gm)).toHaveLength(5);
  });
});
