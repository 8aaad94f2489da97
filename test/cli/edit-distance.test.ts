import { describe, expect, it } from "vitest";
import { editDistance } from "../../src/cli/edit-distance.js";

describe("editDistance", () => {
  it("counts insertions, deletions and substitutions", () => {
    expect(editDistance("", "")).toBe(0);
    expect(editDistance("json", "json")).toBe(0);
    expect(editDistance("--jsno", "--json")).toBe(2);
    expect(editDistance("token.expird", "token.expired")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });
});
