import { describe, expect, it } from "vitest";
import { JWT_IN_TEXT, looksLikeJwt } from "../../src/knowledge/jwt-shape.js";

const UNSIGNED = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.";
const SIGNED = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";

describe("the JWT shape", () => {
  it("finds every token in running text, signed or not", () => {
    const text = `Authorization: Bearer ${SIGNED} then api-key: ${UNSIGNED} end`;
    expect(text.replace(JWT_IN_TEXT, "<jwt>")).toBe("Authorization: Bearer <jwt> then api-key: <jwt> end");
  });

  it("does not take a word that merely starts with eyJ, or a key", () => {
    expect("eyJust.text".replace(JWT_IN_TEXT, "<jwt>")).toBe("eyJust.text");
    expect(looksLikeJwt("0123456789abcdef0123456789abcdef")).toBe(false);
  });

  it("tells a whole value", () => {
    expect(looksLikeJwt(` ${SIGNED} `)).toBe(true);
    expect(looksLikeJwt(`x${SIGNED}`)).toBe(false);
  });
});
