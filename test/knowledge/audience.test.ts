import { describe, expect, it } from "vitest";
import { normalizeAudience, sameAudience } from "../../src/knowledge/audience.js";

describe("normalizeAudience", () => {
  it("trims, drops trailing slashes and lower-cases", () => {
    expect(normalizeAudience(" HTTPS://CognitiveServices.azure.com// ")).toBe(
      "https://cognitiveservices.azure.com",
    );
  });

  it("keeps a path other than the root", () => {
    expect(normalizeAudience("api://App/One/")).toBe("api://app/one");
    expect(sameAudience("api://app/one", "api://app")).toBe(false);
  });

  it("compares a token's aud with a resource URI", () => {
    expect(sameAudience("https://ai.azure.com/", "https://AI.azure.com")).toBe(true);
    expect(sameAudience("https://ml.azure.com", "https://ai.azure.com")).toBe(false);
  });
});
