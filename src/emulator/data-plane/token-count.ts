/**
 * The emulator's tokenizer: about four characters per token, as OpenAI's rule of thumb for English
 * text. Usage in responses and the TPM limiter use these same functions, so a client can predict both.
 *
 * - text: `ceil(characters / 4)`, 0 for empty text;
 * - chat prompt: every message costs 3 tokens of framing plus its text (and its `name`), and every
 *   reply is primed with 3 more (the accounting OpenAI documents for its chat models);
 * - token arrays (embeddings or completions input given as token ids): one token per id.
 *
 * @example
 * countTextTokens("Hello world!"); // 3
 */
export const CHARS_PER_TOKEN = 4;

/**
 * Tokens of a text: `ceil(length / 4)`.
 *
 * @example
 * countTextTokens("abcde"); // 2
 */
export function countTextTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/**
 * The text of a chat message `content`: a string, or the `text` parts of a content array (images and
 * audio parts count nothing here).
 *
 * @example
 * messageText([{ type: "text", text: "hi" }, { type: "image_url", image_url: { url: "..." } }]); // "hi"
 */
export function messageText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((part: unknown) =>
      typeof part === "object" && part !== null && typeof (part as { text?: unknown }).text === "string"
        ? (part as { text: string }).text
        : "",
    )
    .join("");
}

const MESSAGE_FRAMING_TOKENS = 3;
const REPLY_PRIMING_TOKENS = 3;

/**
 * Prompt tokens of a chat request's `messages`.
 *
 * @example
 * countChatPromptTokens([{ role: "user", content: "Hello world!" }]); // 3 + 3 + 3 = 9
 */
export function countChatPromptTokens(messages: readonly unknown[]): number {
  let total = REPLY_PRIMING_TOKENS;
  for (const message of messages) {
    const m = (typeof message === "object" && message !== null ? message : {}) as {
      content?: unknown;
      name?: unknown;
    };
    total += MESSAGE_FRAMING_TOKENS + countTextTokens(messageText(m.content));
    if (typeof m.name === "string") total += countTextTokens(m.name);
  }
  return total;
}

/**
 * Cuts `text` so that it counts at most `maxTokens` tokens.
 *
 * @example
 * truncateToTokens("abcdefghij", 2); // { text: "abcdefgh", truncated: true }
 */
export function truncateToTokens(text: string, maxTokens: number): { text: string; truncated: boolean } {
  const limit = Math.max(0, maxTokens) * CHARS_PER_TOKEN;
  return text.length > limit ? { text: text.slice(0, limit), truncated: true } : { text, truncated: false };
}
