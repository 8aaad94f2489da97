import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { loadWorld } from "../../../src/emulator/world/load-world.js";
import { resolveWorld } from "../../../src/emulator/world/resolve-world.js";
import { worldSchema } from "../../../src/emulator/world/schema.js";
import { WorldFileError } from "../../../src/emulator/world/world-file-error.js";

/*
 * docs/world.md and examples/world.yaml against the schema: the example loads and resolves and uses
 * every field, the page documents every field, and its validation error examples are the exact
 * messages the emulator gives for the YAML shown.
 */

const ROOT = new URL("../../../", import.meta.url);
const DOC = readFileSync(new URL("docs/world.md", ROOT), "utf8");
const EXAMPLE = readFileSync(new URL("examples/world.yaml", ROOT), "utf8");

interface Node {
  _zod: { def: Record<string, unknown> & { type: string } };
}

function unwrap(node: Node): Node {
  let current = node;
  while (["optional", "default", "nullable", "prefault", "readonly"].includes(current._zod.def.type)) {
    current = current._zod.def.innerType as Node;
  }
  return current;
}

/** Every field path of the schema, `accounts.deployments.rpm` style (lists are transparent). */
function fieldPaths(node: Node, prefix = ""): string[] {
  const inner = unwrap(node);
  const def = inner._zod.def;
  if (def.type === "array") return fieldPaths(def.element as Node, prefix);
  if (def.type !== "object") return [];
  return Object.entries(def.shape as Record<string, Node>).flatMap(([key, child]) => {
    const path = prefix === "" ? key : `${prefix}.${key}`;
    return [path, ...fieldPaths(child, path)];
  });
}

/** Every field path a parsed document uses. */
function usedPaths(value: unknown, prefix = ""): Set<string> {
  const out = new Set<string>();
  if (Array.isArray(value)) {
    for (const item of value) for (const p of usedPaths(item, prefix)) out.add(p);
  } else if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      const path = prefix === "" ? key : `${prefix}.${key}`;
      out.add(path);
      // Free-form mappings (defaults.env, faults[].headers) hold names, not schema fields.
      if (path !== "defaults.env" && path !== "faults.headers")
        for (const p of usedPaths(child, path)) out.add(p);
    }
  }
  return out;
}

const SCHEMA_PATHS = fieldPaths(worldSchema as unknown as Node);

/** The message a world text is refused with. */
async function refusal(text: string): Promise<string> {
  try {
    const doc = loadWorld(text, "world.yaml");
    await resolveWorld(doc, { now: Date.parse("2025-06-02T09:00:00Z"), sourceName: "world.yaml" });
  } catch (error) {
    if (error instanceof WorldFileError) return error.message;
    throw error;
  }
  throw new Error(`the world was accepted:\n${text}`);
}

describe("examples/world.yaml", () => {
  it("loads and resolves", async () => {
    const doc = loadWorld(EXAMPLE, "examples/world.yaml");
    const world = await resolveWorld(doc, {
      now: Date.parse(doc.startTime ?? ""),
      sourceName: "examples/world.yaml",
    });
    expect(world.tenants.map((t) => [t.name, t.id, t.cloud])).toEqual([
      ["contoso", "72f988bf-86f1-41af-91ab-2d7cd011db47", "public"],
      ["fabrikam", world.tenants[1]?.id, "public"],
    ]);
    expect(world.accounts.map((a) => [a.name, a.hostnames, a.regionalHostname])).toEqual([
      [
        "contoso-openai",
        ["contoso-openai.openai.azure.com", "contoso-openai.cognitiveservices.azure.com"],
        "swedencentral.api.cognitive.microsoft.com",
      ],
      [
        "contoso-foundry",
        [
          "contoso-foundry-dev.openai.azure.com",
          "contoso-foundry-dev.cognitiveservices.azure.com",
          "contoso-foundry-dev.services.ai.azure.com",
        ],
        "eastus2.api.cognitive.microsoft.com",
      ],
      ["legacy-openai", [], "westeurope.api.cognitive.microsoft.com"],
    ]);
    const sub = "/subscriptions/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
    const account = `${sub}/resourceGroups/rg-ai/providers/Microsoft.CognitiveServices/accounts`;
    expect(world.roleAssignments.map((r) => [r.roleName, r.principalType, r.scope])).toEqual([
      ["Cognitive Services OpenAI User", "Group", `${sub}/resourceGroups/rg-ai`],
      ["Cognitive Services OpenAI User", "ServicePrincipal", `${account}/contoso-openai`],
      ["Cognitive Services OpenAI User", "ServicePrincipal", `${account}/contoso-openai`],
      ["Cognitive Services OpenAI User", "ServicePrincipal", `${account}/contoso-openai`],
      ["Azure AI User", "User", `${account}/contoso-foundry/projects/chat-project`],
      ["Reader", "User", sub],
    ]);
    expect(world.defaults).toEqual({
      account: "contoso-openai",
      deployment: "gpt-4o",
      application: "chat-app",
      host: "vm",
      endpoint: "subdomain",
      apiKey: "none",
      apiKeyVariable: "KEYLESS_API_KEY",
      clientSecret: "value",
      adToken: "none",
      env: { OPENAI_API_VERSION: "2024-10-21", SSL_CERT_FILE: null },
    });
    expect(world.azureCli.principal?.name).toBe("alice");
    expect(world.azureDeveloperCli.principal?.name).toBe("chat-app");
  });

  it("uses every field of the schema (a certificate PEM only in a comment: it is long)", () => {
    const used = usedPaths(YAML.parse(EXAMPLE));
    expect(SCHEMA_PATHS.filter((path) => !used.has(path))).toEqual([
      "applications.certificates.certificatePem",
    ]);
    expect(EXAMPLE).toContain("#   certificatePem: |");
  });
});

describe("docs/world.md", () => {
  it("documents every field of the schema in a table row", () => {
    const undocumented = SCHEMA_PATHS.map((path) => path.split(".").at(-1) ?? "").filter(
      (field) => !DOC.includes(`| \`${field}\` |`),
    );
    expect([...new Set(undocumented)]).toEqual([]);
  });

  it("quotes the exact message for each YAML example under Validation errors", async () => {
    const section = DOC.slice(DOC.indexOf("## Validation errors"));
    const pairs = [...section.matchAll(/```yaml\n([\s\S]*?)```\n\n```text\n([\s\S]*?)\n```/g)];
    expect(pairs.length).toBe(5);
    for (const [, yaml = "", message] of pairs) {
      expect(await refusal(yaml)).toBe(message);
    }
  });

  it("quotes the exact messages for broken YAML and an empty file", async () => {
    expect(DOC).toContain(`\`\`\`text\n${await refusal("tenants: [{ name: contoso }\n")}\n\`\`\``);
    expect(DOC).toContain(`\`\`\`text\n${await refusal("")}\n\`\`\``);
  });
});
