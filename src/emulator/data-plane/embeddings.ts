import { createHash } from "node:crypto";
import { err, ok, type Result } from "../app/result.js";
import { boundedInteger, type InferenceCall, type PreparedInference, shownValue } from "./inference-call.js";
import { invalidRequest, type Refusal } from "./refusal.js";
import { jsonResponse } from "./response-headers.js";
import { countTextTokens } from "./token-count.js";

const MAX_INPUTS = 2048;
const DEFAULT_DIMENSIONS = 1536;
// text-embedding-3-large answers 3072 dimensions unless asked for fewer.
const LARGE_MODEL_DIMENSIONS = 3072;

interface EmbeddingInput {
  /** What the vector is derived from. */
  seedText: string;
  tokens: number;
}

function isTokenArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "number");
}

function readInputs(input: unknown): EmbeddingInput[] | undefined {
  if (typeof input === "string") return [{ seedText: input, tokens: countTextTokens(input) }];
  if (isTokenArray(input)) return [{ seedText: `tokens:${input.join(",")}`, tokens: input.length }];
  if (!Array.isArray(input) || input.length === 0) return undefined;
  const inputs: EmbeddingInput[] = [];
  for (const item of input) {
    if (typeof item === "string") inputs.push({ seedText: item, tokens: countTextTokens(item) });
    else if (isTokenArray(item)) inputs.push({ seedText: `tokens:${item.join(",")}`, tokens: item.length });
    else return undefined;
  }
  return inputs;
}

/** mulberry32: a tiny, well-mixed 32-bit PRNG; enough for reproducible pseudo-embeddings. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The emulator's embedding of a text: a unit vector (float32 precision) drawn from a PRNG seeded
 * with SHA-256 of the model and the text, so the same input always gives the same vector and
 * different inputs give unrelated ones.
 *
 * @example
 * deterministicEmbedding("text-embedding-3-small", "hello", 4).length; // 4
 */
export function deterministicEmbedding(model: string, text: string, dimensions: number): Float32Array {
  const digest = createHash("sha256").update(`${model}\u0000${text}`).digest();
  const next = mulberry32(digest.readUInt32LE(0));
  const values = new Float64Array(dimensions);
  let norm = 0;
  for (let i = 0; i < dimensions; i += 1) {
    const v = next() * 2 - 1;
    values[i] = v;
    norm += v * v;
  }
  const scale = norm === 0 ? 0 : 1 / Math.sqrt(norm);
  return Float32Array.from(values, (v) => v * scale);
}

/**
 * Validates an embeddings request and prepares the `list` answer: one deterministic unit vector per
 * input (a string, a token array, or up to 2048 of either), `dimensions` honoured (default 1536,
 * 3072 for text-embedding-3-large), as float arrays or, with `encoding_format: "base64"` (what
 * openai-node asks for by default), base64 of little-endian float32s. Usage counts input tokens only.
 *
 * @example
 * const prepared = prepareEmbeddings(call);
 */
export function prepareEmbeddings(call: InferenceCall): Result<PreparedInference, Refusal> {
  const { body, deployment } = call;
  if (body.input === undefined || body.input === null)
    return err(invalidRequest("'input' is a required property", "input"));
  const inputs = readInputs(body.input);
  if (inputs === undefined)
    return err(
      invalidRequest(
        `${JSON.stringify(body.input)} is not valid under any of the given schemas - 'input'`,
        "input",
      ),
    );
  if (inputs.length > MAX_INPUTS)
    return err(invalidRequest(`Too many inputs. The max number of inputs is ${MAX_INPUTS}.`, "input"));
  const format = body.encoding_format ?? "float";
  if (format !== "float" && format !== "base64") {
    return err(
      invalidRequest(
        `'${shownValue(format)}' is not one of ['float', 'base64'] - 'encoding_format'`,
        "encoding_format",
      ),
    );
  }
  // The model's own dimension is the most it answers (a larger `dimensions` once ran the emulator
  // out of memory); Azure refuses more with the OpenAI API's 400.
  const modelDimensions =
    deployment.model === "text-embedding-3-large" ? LARGE_MODEL_DIMENSIONS : DEFAULT_DIMENSIONS;
  const requested = boundedInteger(body, "dimensions", 1, modelDimensions);
  if (!requested.ok) return requested;
  const dimensions = requested.value ?? modelDimensions;
  const promptTokens = inputs.reduce((sum, i) => sum + i.tokens, 0);

  return ok({
    totalTokens: promptTokens,
    respond(meta) {
      const data = inputs.map((input, index) => {
        const vector = deterministicEmbedding(deployment.model, input.seedText, dimensions);
        const embedding =
          format === "base64"
            ? Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString("base64")
            : Array.from(vector);
        return { embedding, index, object: "embedding" };
      });
      const payload = {
        data,
        model: deployment.model,
        object: "list",
        usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
      };
      return jsonResponse(200, JSON.stringify(payload), meta);
    },
  });
}
