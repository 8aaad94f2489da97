import { describe, expect, it } from "vitest";
import { trimEndChars, trimStartChars, WHITESPACE } from "../../src/knowledge/trim-chars.js";

describe("trimEndChars / trimStartChars", () => {
  it("trims only the given characters at one end", () => {
    expect(trimEndChars("https://x.y///", "/")).toBe("https://x.y");
    expect(trimStartChars("`'value'`", "`'\"")).toBe("value'`");
    expect(trimEndChars("a, \n", `${WHITESPACE},`)).toBe("a");
  });

  it("keeps a text with nothing to trim, and empties one made only of them", () => {
    expect(trimEndChars("abc", "/")).toBe("abc");
    expect(trimEndChars("////", "/")).toBe("");
  });

  it("answers for a long run that does not end the text (the case a regular expression made quadratic)", () => {
    const text = `${"/".repeat(100_000)}x`;
    expect(trimEndChars(text, "/")).toBe(text);
  });
});
