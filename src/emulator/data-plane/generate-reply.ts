import { messageText } from "./token-count.js";

const QUOTE_LIMIT = 200;

function quote(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > QUOTE_LIMIT ? `${oneLine.slice(0, QUOTE_LIMIT)}...` : oneLine;
}

/**
 * The emulator's chat reply: a fixed sentence quoting the last user message, so tests can predict
 * every byte and see that the request reached the deployment.
 *
 * @example
 * chatReplyText([{ role: "user", content: "Say hello" }], "gpt-4o");
 * // 'This is the keyless emulator (gpt-4o). You said: "Say hello"'
 */
export function chatReplyText(messages: readonly unknown[], model: string): string {
  let last = "";
  for (const message of messages) {
    if (typeof message !== "object" || message === null) continue;
    const m = message as { role?: unknown; content?: unknown };
    if (m.role === "user") last = messageText(m.content);
  }
  const said = quote(last);
  return said === ""
    ? `This is the keyless emulator (${model}). You said nothing.`
    : `This is the keyless emulator (${model}). You said: "${said}"`;
}

/**
 * The emulator's text completion of a prompt: a fixed continuation that quotes the prompt.
 *
 * @example
 * completionText("Once upon a time", "gpt-35-turbo-instruct");
 * // ' [keyless emulator (gpt-35-turbo-instruct) completion of "Once upon a time"]'
 */
export function completionText(prompt: string, model: string): string {
  return ` [keyless emulator (${model}) completion of "${quote(prompt)}"]`;
}

/**
 * Splits a reply into streaming pieces: one word with its trailing space each, so that the pieces
 * concatenate to the reply exactly.
 *
 * @example
 * streamPieces("Hello big world"); // ["Hello ", "big ", "world"]
 */
export function streamPieces(text: string): string[] {
  return text.match(/\s*\S+\s*/g) ?? (text === "" ? [] : [text]);
}
