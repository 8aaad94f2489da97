import { describe, expect, it } from "vitest";
import { deterministicEmbedding } from "../../../src/emulator/data-plane/embeddings.js";
import { streamPieces } from "../../../src/emulator/data-plane/generate-reply.js";
import {
  countChatPromptTokens,
  countTextTokens,
  messageText,
  truncateToTokens,
} from "../../../src/emulator/data-plane/token-count.js";

describe("token counting", () => {
  it("counts about four characters per token", () => {
    expect(countTextTokens("")).toBe(0);
    expect(countTextTokens("abcd")).toBe(1);
    expect(countTextTokens("abcde")).toBe(2);
    expect(countChatPromptTokens([{ role: "user", content: "Hello world!" }])).toBe(9);
    expect(
      countChatPromptTokens([
        { role: "system", content: "x", name: "bob" },
        { role: "user", content: [{ type: "text", text: "abcdefgh" }] },
      ]),
    ).toBe(3 + 3 + 1 + 1 + 3 + 2);
    expect(
      messageText([{ type: "text", text: "a" }, { type: "image_url" }, { type: "text", text: "b" }]),
    ).toBe("ab");
  });

  it("truncates to a token budget", () => {
    expect(truncateToTokens("abcdefghij", 2)).toEqual({ text: "abcdefgh", truncated: true });
    expect(truncateToTokens("abc", 2)).toEqual({ text: "abc", truncated: false });
  });

  it("splits replies into pieces that concatenate back", () => {
    expect(streamPieces("Hello big world")).toEqual(["Hello ", "big ", "world"]);
    expect(streamPieces("")).toEqual([]);
  });
});

describe("deterministicEmbedding", () => {
  it("is a reproducible unit vector of the requested size", () => {
    const a = deterministicEmbedding("text-embedding-3-small", "hello", 256);
    const b = deterministicEmbedding("text-embedding-3-small", "hello", 256);
    const c = deterministicEmbedding("text-embedding-3-small", "world", 256);
    expect(a.length).toBe(256);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    const norm = Math.sqrt(Array.from(a).reduce((s, v) => s + v * v, 0));
    expect(norm).toBeCloseTo(1, 5);
  });
});
