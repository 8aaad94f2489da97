import { describe, expect, it } from "vitest";
import {
  codeBlock,
  displayWidth,
  hangingText,
  isCommandLine,
  outputWidth,
  renderHelp,
  splitLongWord,
  wrapText,
} from "../../../src/cli/render/text-layout.js";

describe("outputWidth", () => {
  it("is the terminal's columns on a TTY, however wide", () => {
    expect(outputWidth({ isTTY: true, columns: 80 })).toBe(80);
    expect(outputWidth({ isTTY: true, columns: 200 })).toBe(200);
  });

  it("is COLUMNS when it is a positive integer, on a TTY or not", () => {
    expect(outputWidth({ isTTY: false }, { COLUMNS: "132" })).toBe(132);
    expect(outputWidth({ isTTY: true, columns: 80 }, { COLUMNS: "100" })).toBe(100);
    expect(outputWidth({ isTTY: false }, { COLUMNS: "abc" })).toBe(80);
    expect(outputWidth({ isTTY: false }, { COLUMNS: "0" })).toBe(80);
    expect(outputWidth({ isTTY: false }, { COLUMNS: "-5" })).toBe(80);
  });

  it("is 80 in pipes and CI logs, and never below 20", () => {
    expect(outputWidth({})).toBe(80);
    expect(outputWidth({ isTTY: false, columns: 300 })).toBe(80);
    expect(outputWidth({ isTTY: true, columns: 8 })).toBe(20);
  });
});

describe("wrapText", () => {
  it("wraps at word boundaries and keeps line breaks", () => {
    expect(wrapText("one two three four five six seven\neight", 24, "  ")).toBe(
      "  one two three four\n  five six seven\n  eight",
    );
  });

  it("leaves command lines whole and breaks an over-long word after a separator", () => {
    const command =
      'az role assignment create --role "Cognitive Services OpenAI User" --scope /subscriptions/x';
    expect(wrapText(command, 30)).toBe(command);
    expect(
      wrapText("lacks Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action", 40),
    ).toBe("lacks\nMicrosoft.CognitiveServices/accounts/\nOpenAI/deployments/chat/completions/\naction");
  });

  it("puts a long URL whole on its own line", () => {
    const url = "https://aka.ms/azsdk/js/identity/workloadidentitycredential/troubleshoot";
    expect(wrapText(`See the guide: ${url} for more`, 40)).toBe(`See the guide:\n${url}\nfor more`);
  });

  it("reads prose that starts with the program's name as prose", () => {
    expect(isCommandLine("keyless doctor: probing https://contoso.openai.azure.com ...")).toBe(false);
    expect(isCommandLine("  keyless explain --code rbac.missing-data-action")).toBe(true);
  });
});

describe("hangingText and codeBlock", () => {
  it("hangs continuation lines under the text after the marker", () => {
    expect(hangingText("- ", "role assignments of the principal covering account contoso", 30, "  ")).toBe(
      "  - role assignments of the\n    principal covering account\n    contoso",
    );
  });

  it("wraps comments with their marker repeated and leaves commands and code whole", () => {
    const fix = [
      "# Sign in to the tenant that owns the resource, then run the doctor again",
      "az login --tenant 72f988bf-86f1-41af-91ab-2d7cd011db47 --scope https://cognitiveservices.azure.com/.default",
      "// Pass a provider, which refreshes before exp, never a token string",
    ].join("\n");
    expect(codeBlock(fix, 40, "    ").split("\n")).toEqual([
      "    # Sign in to the tenant that owns",
      "    # the resource, then run the doctor",
      "    # again",
      "    az login --tenant 72f988bf-86f1-41af-91ab-2d7cd011db47 --scope https://cognitiveservices.azure.com/.default",
      "    // Pass a provider, which refreshes",
      "    // before exp, never a token string",
    ]);
  });

  it("measures text without its colour sequences", () => {
    expect(displayWidth("\u001b[1m✗ no token\u001b[22m")).toBe(10);
  });

  it("splits a word after a separator, never a URL unless asked", () => {
    expect(splitLongWord("abcdef/ghijkl/mnop", 8)).toEqual(["abcdef/", "ghijkl/", "mnop"]);
    expect(splitLongWord("https://example.com/a/b/c", 10)).toEqual(["https://example.com/a/b/c"]);
    expect(splitLongWord("https://example.com/a/b/c", 12, { urls: "split" })).toEqual([
      "https://",
      "example.com/",
      "a/b/c",
    ]);
  });
});

describe("renderHelp", () => {
  const help = {
    title: "keyless demo: show how a help text lays itself out for the terminal it is printed on",
    sections: [
      { heading: "Usage", usage: ["keyless demo [--first VALUE] [--second | --third] [--fourth NAME]"] },
      { paragraphs: ["Prose wraps at word boundaries, never in the middle of a word like reachability."] },
      {
        heading: "Options",
        definitions: [
          ["--first VALUE", "the first option, whose description is long enough to wrap"],
          ["-h, --help", "show this help"],
        ] as const,
      },
      {
        heading: "Examples",
        commands: [
          "keyless demo --first 1 --fourth a-very-long-name-that-is-not-wrapped",
          ["keyless demo --second", "a comment that goes above the command when the line is too long"],
        ] as const,
      },
    ],
  };

  it("fits the width, wrapping prose, synopses and option descriptions and keeping commands whole", () => {
    expect(renderHelp(help, 50).split("\n")).toEqual([
      "keyless demo: show how a help text lays itself out",
      "for the terminal it is printed on",
      "",
      "Usage",
      "  keyless demo [--first VALUE]",
      "               [--second | --third]",
      "               [--fourth NAME]",
      "",
      "Prose wraps at word boundaries, never in the",
      "middle of a word like reachability.",
      "",
      "Options",
      "  --first VALUE  the first option, whose",
      "                 description is long enough to",
      "                 wrap",
      "  -h, --help     show this help",
      "",
      "Examples",
      "  keyless demo --first 1 --fourth a-very-long-name-that-is-not-wrapped",
      "  # a comment that goes above the command when the",
      "  # line is too long",
      "  keyless demo --second",
      "",
    ]);
  });

  it("keeps a short comment after its command when the line fits", () => {
    expect(renderHelp(help, 200)).toContain(
      "  keyless demo --second   # a comment that goes above the command when the line is too long\n",
    );
  });
});

describe("codeBlock and a fix that is a sentence", () => {
  it("a prose fix of about 230 characters printed as one line at 80 columns: it wraps like prose", () => {
    const fix =
      "Create a new client secret in the app registration (Certificates & secrets), copy its Value column, not its Secret ID, and put that value in AZURE_CLIENT_SECRET; the secret ID is a GUID that Entra ID never accepts as a secret.";
    const block = codeBlock(fix, 80, "    ");
    expect(block.split("\n").every((line) => line.length <= 80)).toBe(true);
    expect(block.split("\n")[0]).toBe(
      "    Create a new client secret in the app registration (Certificates & secrets),",
    );
    expect(block.replace(/\n\s+/g, " ").trim()).toBe(fix);
  });

  it("keeps a code line whole however long it is", () => {
    const code =
      'token_provider = get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default")';
    expect(codeBlock(code, 80, "    ")).toBe(`    ${code}`);
  });
});
