import { describe, expect, it } from "vitest";
import { findResource } from "../../../src/emulator/entra/known-resources.js";
import { validateWorld } from "../../../src/emulator/world/load-world.js";
import { resolveWorld } from "../../../src/emulator/world/resolve-world.js";

const world = await resolveWorld(
  validateWorld(
    {
      tenants: [
        { name: "contoso", cloud: "public" },
        { name: "gov", cloud: "usgov" },
        { name: "mooncake", cloud: "china" },
      ],
    },
    "clouds",
  ),
  { now: 0 },
);
const tenant = (name: string) => {
  const found = world.tenants.find((t) => t.name === name);
  if (found === undefined) throw new Error(`no tenant ${name}`);
  return found;
};

describe("the resources Entra issues tokens for, per cloud", () => {
  it.each([
    ["contoso", "https://cognitiveservices.azure.com/", "https://cognitiveservices.azure.com"],
    ["contoso", "https://ai.azure.com", "https://ai.azure.com"],
    ["contoso", "https://ml.azure.com/", "https://ml.azure.com"],
    ["gov", "https://cognitiveservices.azure.us", "https://cognitiveservices.azure.us"],
    ["gov", "https://ml.azure.us/", "https://ml.azure.us"],
    ["mooncake", "https://cognitiveservices.azure.cn", "https://cognitiveservices.azure.cn"],
    ["mooncake", "https://ml.azure.cn", "https://ml.azure.cn"],
  ])("%s knows %s", (tenantName, resource, uri) => {
    expect(findResource(resource, tenant(tenantName), world)?.uri).toBe(uri);
  });

  it.each([
    ["contoso", "https://ml.azure.us"],
    ["gov", "https://ml.azure.com"],
    ["mooncake", "https://ml.azure.com"],
    // clouds.ts knows no sovereign Foundry audience.
    ["gov", "https://ai.azure.com"],
    ["mooncake", "https://ai.azure.com"],
  ])("%s does not know %s (AADSTS500011)", (tenantName, resource) => {
    expect(findResource(resource, tenant(tenantName), world)).toBeUndefined();
  });
});
