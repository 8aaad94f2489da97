import {
  createEmptyPipeline,
  createPipelineRequest,
  decompressResponsePolicy,
  userAgentPolicy,
} from "@azure/core-rest-pipeline";
import type { DoctorNetwork } from "./doctor-network.js";

/**
 * A request the doctor sends itself (data plane, raw ARM reads).
 *
 * @example
 * const request: ProbeRequest = { method: "GET", url: "https://management.azure.com/tenants?api-version=2022-12-01", headers: {}, timeoutMs: 10_000 };
 */
export interface ProbeRequest {
  method: "GET" | "POST";
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  abortSignal?: AbortSignal;
  /** Allow plain `http:` (IMDS and the other local identity endpoints speak nothing else). */
  allowInsecureConnection?: boolean;
}

/**
 * The answer, or why there was none. `body` holds at most {@link MAX_PROBE_BODY_BYTES}.
 *
 * @example
 * const response: ProbeResponse = { status: 401, headers: { "apim-request-id": "..." }, body: "{...}", durationMs: 120 };
 */
export type ProbeResponse =
  | { status: number; headers: Record<string, string>; body: string; durationMs: number }
  | {
      status?: undefined;
      error: string;
      timedOut: boolean;
      durationMs: number;
      /** The headers came, then the connection closed before the body's last byte. */
      cutShort?: { status: number; received: number; expected?: number };
      /** The headers came, and the body was still arriving at the deadline (a dripping server). */
      stalled?: { status: number; received: number };
    };

/** Azure's error bodies are a few hundred bytes; a success body beyond this is not needed. */
export const MAX_PROBE_BODY_BYTES = 64 * 1024;

const STREAM_EVERY_STATUS = new Set([Number.POSITIVE_INFINITY]);

function pipeline() {
  const p = createEmptyPipeline();
  // No proxy policy: the network's HTTP client applies the proxy its environment names.
  p.addPolicy(decompressResponsePolicy());
  p.addPolicy(userAgentPolicy({ userAgentPrefix: "keyless-doctor" }));
  return p;
}

/** Raised into the body's stream when the deadline passes with the body still arriving. */
class BodyDeadlineError extends Error {
  constructor(
    readonly status: number,
    readonly received: number,
  ) {
    super(`the answer's body was still arriving at the deadline (${received} bytes after the headers)`);
    this.name = "BodyDeadlineError";
  }
}

/** Raised when the connection closed, before the deadline, with the body still incomplete. */
class BodyCutShortError extends Error {
  constructor(
    readonly status: number,
    readonly received: number,
    readonly expected: number | undefined,
  ) {
    super(
      `the connection closed before the answer's body was complete (${received}${
        expected === undefined ? "" : ` of ${expected}`
      } bytes after a ${status} status line)`,
    );
    this.name = "BodyCutShortError";
  }
}

async function readBounded(
  stream: NodeJS.ReadableStream | undefined,
  deadline: AbortSignal,
  answer: { status: number; contentLength?: string },
): Promise<string> {
  if (stream === undefined) return "";
  let size = 0;
  const destroyable = stream as NodeJS.ReadableStream & { destroy?: (error?: Error) => void };
  const onDeadline = () => destroyable.destroy?.(new BodyDeadlineError(answer.status, size));
  if (deadline.aborted) onDeadline();
  deadline.addEventListener("abort", onDeadline, { once: true });
  try {
    return await readChunks(stream, (n) => {
      size = n;
    });
  } catch (error) {
    if (deadline.aborted || (error as Error)?.name === "BodyDeadlineError") throw error;
    const declared = Number.parseInt(answer.contentLength ?? "", 10);
    throw new BodyCutShortError(answer.status, size, Number.isSafeInteger(declared) ? declared : undefined);
  } finally {
    deadline.removeEventListener("abort", onDeadline);
  }
}

async function readChunks(stream: NodeJS.ReadableStream, onSize: (size: number) => void): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array);
    chunks.push(buffer);
    size += buffer.length;
    onSize(size);
    if (size >= MAX_PROBE_BODY_BYTES) {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, MAX_PROBE_BODY_BYTES).toString("utf8");
}

/**
 * Sends one request through `@azure/core-rest-pipeline` and the network's HTTP client (the proxy
 * and CA certificates of the environment under diagnosis; no retries, a timeout) and reads the
 * status, headers and a bounded body. Never rejects.
 *
 * @example
 * const response = await sendProbeRequest({ method: "GET", url, headers: { authorization: `Bearer ${token}` }, timeoutMs: 10_000 }, network);
 * if (response.status === undefined) console.error(response.error);
 */
export async function sendProbeRequest(
  request: ProbeRequest,
  network: DoctorNetwork,
): Promise<ProbeResponse> {
  const started = Date.now();
  // One deadline for every byte, from the connection to the body's last one: a server that sends
  // its headers and then drips the body must not hold the doctor past --timeout.
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), request.timeoutMs);
  const signal =
    request.abortSignal === undefined
      ? deadline.signal
      : AbortSignal.any([request.abortSignal, deadline.signal]);
  const pipelineRequest = createPipelineRequest({
    url: request.url,
    method: request.method,
    timeout: request.timeoutMs,
    streamResponseStatusCodes: STREAM_EVERY_STATUS,
    abortSignal: signal,
    ...(request.body === undefined ? {} : { body: request.body }),
    ...(request.allowInsecureConnection === true ? { allowInsecureConnection: true } : {}),
  });
  for (const [name, value] of Object.entries(request.headers)) pipelineRequest.headers.set(name, value);
  try {
    const response = await pipeline().sendRequest(network.httpClient, pipelineRequest);
    const contentLength = response.headers.get("content-length");
    const body = await readBounded(response.readableStreamBody, signal, {
      status: response.status,
      ...(contentLength === undefined ? {} : { contentLength }),
    });
    return {
      status: response.status,
      headers: response.headers.toJSON(),
      body,
      durationMs: Date.now() - started,
    };
  } catch (error) {
    if (error instanceof BodyCutShortError && !deadline.signal.aborted) {
      const { status, received, expected } = error;
      return {
        error: error.message,
        timedOut: false,
        durationMs: Date.now() - started,
        cutShort: { status, received, ...(expected === undefined ? {} : { expected }) },
      };
    }
    const e = error as { name?: string; message?: string; code?: string };
    const timedOut =
      deadline.signal.aborted ||
      e?.name === "AbortError" ||
      e?.name === "BodyDeadlineError" ||
      /timeout|timed out|aborted/i.test(e?.message ?? "");
    const raw = e?.message ?? String(error);
    const message = deadline.signal.aborted
      ? `no complete answer within ${request.timeoutMs} ms${e?.name === "BodyDeadlineError" ? `: ${raw}` : ""}`
      : raw;
    return {
      error: e?.code !== undefined && !message.includes(e.code) ? `${e.code}: ${message}` : message,
      timedOut,
      durationMs: Date.now() - started,
      ...(error instanceof BodyDeadlineError
        ? { stalled: { status: error.status, received: error.received } }
        : {}),
    };
  } finally {
    clearTimeout(timer);
  }
}
