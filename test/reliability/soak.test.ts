import { ClientSecretCredential } from "@azure/identity";
import { describe, expect, it } from "vitest";
import { createAzureOpenAI } from "../../src/client/create-azure-openai.js";
import { diagnose } from "../../src/diagnose/diagnose.js";
import { createDoctorNetwork } from "../../src/diagnose/doctor-network.js";
import { startEmulator } from "../../src/emulator/start-emulator.js";
import { explain } from "../../src/knowledge/explain.js";
import { REAL_WORLD_CORPUS } from "../fixtures/real-world-corpus.js";

/*
 * The soak: one emulator on real sockets, and against it, at once, 8 keyless chat loops (the
 * library's client, TLS through the emulator's proxy), explain() over the real-world corpus, and a
 * doctor run every 30 s; memory sampled throughout. 5 s in every `npm test`;
 * KEYLESS_SOAK_MINUTES=10 npx vitest run test/reliability/soak.test.ts for the long run (with
 * NODE_OPTIONS=--expose-gc, memory is sampled after a full collection). Prints one
 * summary line (operations, failures, p50/p99/slowest per kind, heap and RSS at start and end).
 */

const MINUTES = Number(process.env.KEYLESS_SOAK_MINUTES ?? "0");
const DURATION_MS = MINUTES > 0 ? MINUTES * 60_000 : 5_000;
const DOCTOR_EVERY_MS = 30_000;
const CHAT_LOOPS = 8;

interface Kind {
  latencies: number[];
  failures: string[];
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const mb = (bytes: number) => Math.round(bytes / 1_048_576);

describe("soak", () => {
  it(
    `chat, explain and the doctor against one emulator for ${MINUTES > 0 ? `${MINUTES} min` : "5 s"}: no failure, memory sampled`,
    async () => {
      const emulator = await startEmulator({ scenario: "default", port: 0 });
      const kinds: Record<"chat" | "explain" | "doctor", Kind> = {
        chat: { latencies: [], failures: [] },
        explain: { latencies: [], failures: [] },
        doctor: { latencies: [], failures: [] },
      };
      const memory: { heapUsed: number; rss: number }[] = [];
      // With NODE_OPTIONS=--expose-gc, each sample follows a full collection: live memory only.
      const collect = (globalThis as { gc?: () => void }).gc;
      const sample = () => {
        collect?.();
        const { heapUsed, rss } = process.memoryUsage();
        memory.push({ heapUsed, rss });
      };
      sample();
      const sampler = setInterval(sample, Math.max(1000, DURATION_MS / 20));
      try {
        const env = emulator.env;
        const network = createDoctorNetwork({ env, ca: [emulator.ca] });
        const credential = new ClientSecretCredential(
          env.AZURE_TENANT_ID ?? "",
          env.AZURE_CLIENT_ID ?? "",
          env.AZURE_CLIENT_SECRET ?? "",
          { authorityHost: env.AZURE_AUTHORITY_HOST, httpClient: network.httpClient },
        );
        const client = createAzureOpenAI({
          env,
          ca: [emulator.ca],
          credential,
          deployment: "gpt-4o",
          maxRetries: 0,
        });
        const until = Date.now() + DURATION_MS;
        const timed = async (kind: keyof typeof kinds, run: () => Promise<unknown> | unknown) => {
          const started = performance.now();
          try {
            await run();
          } catch (error) {
            kinds[kind].failures.push(error instanceof Error ? error.message.slice(0, 200) : String(error));
          }
          kinds[kind].latencies.push(performance.now() - started);
        };
        const chatLoop = async () => {
          while (Date.now() < until) {
            await timed("chat", async () => {
              const completion = await client.chat.completions.create({
                model: "gpt-4o",
                messages: [{ role: "user", content: "soak" }],
              });
              if (!completion.choices[0]?.message.content?.includes("You said"))
                throw new Error("unexpected reply");
            });
          }
        };
        const explainLoop = async () => {
          let i = 0;
          while (Date.now() < until) {
            const text = REAL_WORLD_CORPUS[i++ % REAL_WORLD_CORPUS.length]?.text ?? "";
            await timed("explain", () => explain(text));
            await new Promise((resolve) => setImmediate(resolve));
          }
        };
        const doctorLoop = async () => {
          do {
            const next = Date.now() + DOCTOR_EVERY_MS;
            await timed("doctor", async () => {
              const report = await diagnose({
                endpoint: env.AZURE_OPENAI_ENDPOINT ?? "",
                env,
                ca: [emulator.ca],
              });
              if (!report.ok) throw new Error(`doctor: ${report.primary?.code}`);
            });
            while (Date.now() < Math.min(next, until))
              await new Promise((resolve) => setTimeout(resolve, 200));
          } while (Date.now() < until);
        };
        await Promise.all([...Array.from({ length: CHAT_LOOPS }, chatLoop), explainLoop(), doctorLoop()]);
      } finally {
        clearInterval(sampler);
        sample();
        await emulator.close();
      }
      const first = memory[0];
      const last = memory.at(-1);
      const summary = {
        minutes: DURATION_MS / 60_000,
        ...Object.fromEntries(
          Object.entries(kinds).map(([name, k]) => [
            name,
            {
              ops: k.latencies.length,
              failures: k.failures.length,
              p50Ms: +percentile(k.latencies, 50).toFixed(2),
              p99Ms: +percentile(k.latencies, 99).toFixed(2),
              slowestMs: +k.latencies.reduce((a, b) => Math.max(a, b), 0).toFixed(2),
            },
          ]),
        ),
        heapMb: {
          start: mb(first?.heapUsed ?? 0),
          peak: mb(memory.reduce((a, m) => Math.max(a, m.heapUsed), 0)),
          end: mb(last?.heapUsed ?? 0),
        },
        rssMb: { start: mb(first?.rss ?? 0), end: mb(last?.rss ?? 0) },
      };
      process.stdout.write(`soak summary: ${JSON.stringify(summary)}\n`);
      expect({
        chat: kinds.chat.failures.slice(0, 3),
        explain: kinds.explain.failures.slice(0, 3),
        doctor: kinds.doctor.failures.slice(0, 3),
      }).toEqual({ chat: [], explain: [], doctor: [] });
      expect(kinds.chat.latencies.length).toBeGreaterThan(CHAT_LOOPS);
      expect(kinds.doctor.latencies.length).toBeGreaterThanOrEqual(1);
    },
    DURATION_MS + 120_000,
  );
});
