import { describe, expect, it } from "vitest";
import { stableId } from "../../../src/emulator/world/stable-id.js";

describe("stableId", () => {
  it("is deterministic and shaped like a version-4 UUID with the RFC 4122 variant", () => {
    const id = stableId("tenant", "contoso");
    expect(id).toBe(stableId("tenant", "contoso"));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("is the SHA-256 of kind:name laid out as a GUID", () => {
    // sha256("tenant:contoso") starts fd46b0ccba27?bee?c9513bad50640e3... (version and variant nibbles set).
    expect(stableId("tenant", "contoso")).toBe("fd46b0cc-ba27-4bee-ac95-13bad50640e3");
  });

  it("differs by kind and by name", () => {
    expect(stableId("user", "contoso")).not.toBe(stableId("tenant", "contoso"));
    expect(stableId("tenant", "fabrikam")).not.toBe(stableId("tenant", "contoso"));
  });
});
