import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import http from "node:http";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import {
  type EmulatorCommandOptions,
  envFileSummary,
  renderScenarioList,
  runEmulatorCommand,
} from "../../src/cli/commands/emulator-command.js";
import { runCli } from "../../src/cli/main.js";
import { listScenarioNames } from "../../src/emulator/scenarios/index.js";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";

interface LiveRun {
  stdout: () => string;
  stderr: () => string;
  done: Promise<number>;
}

/** Runs `keyless emulator` in-process with captured streams until `signal` aborts. */
function runInProcess(
  args: string[],
  options: EmulatorCommandOptions,
  env: Record<string, string> = {},
): LiveRun {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString("utf8");
  });
  stderr.on("data", (chunk: Buffer) => {
    err += chunk.toString("utf8");
  });
  const done = runEmulatorCommand(args, { stdin: new PassThrough(), stdout, stderr, env }, options);
  return { stdout: () => out, stderr: () => err, done };
}

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function envOf(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split("\n")
      .filter((line) => /^[A-Za-z_]+=/.test(line))
      .map((line) => {
        const index = line.indexOf("=");
        return [line.slice(0, index), line.slice(index + 1).replace(/^'(.*)'$/, "$1")];
      }),
  );
}

function getJson(url: string, token: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { authorization: `Bearer ${token}` } }, (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => {
          text += chunk.toString();
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      })
      .on("error", reject);
  });
}

describe("keyless emulator (in-process)", () => {
  it("prints its help with examples", async () => {
    const run = await runCliInProcess(["emulator", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^keyless emulator: /);
    expect(run.stdout).toContain("\nExamples\n  keyless emulator --scenario seed-000 -- node app.js\n");
    expect(Math.max(...run.stdout.split("\n").map((line) => line.length))).toBeLessThanOrEqual(80);
  });

  it("--list-scenarios: a table on a wide terminal, blocks in a log", async () => {
    expect(renderScenarioList(100).split("\n").slice(0, 6)).toEqual([
      "default",
      "    Everything works: a user, an application (secret, certificate, federated credentials) and",
      "    managed identities, all with Cognitive Services OpenAI User on contoso-openai.",
      "seed-000  (cause: rbac.control-plane-role-only)",
      "    The API key works, but the token gets 401 PermissionDenied: the principals hold Cognitive",
      "    Services Contributor (can list keys, no data actions) instead of Cognitive Services OpenAI User.",
    ]);
    const wide = renderScenarioList(160).split("\n");
    expect(wide[0]).toMatch(/^NAME {2,}CAUSE {2,}DESCRIPTION$/);
    const descriptionColumn = wide[0]?.indexOf("DESCRIPTION") ?? 0;
    expect(wide[1]).toMatch(/^default {2,}- {2,}Everything works: /);
    expect(wide[1]?.indexOf("Everything")).toBe(descriptionColumn);
    expect(wide[2]).toMatch(new RegExp(`^ {${descriptionColumn}}\\S`));
    for (const line of wide) expect(line.length).toBeLessThanOrEqual(160);
    for (const width of [80, 100, 120]) {
      for (const line of renderScenarioList(width).split("\n"))
        expect(line.length).toBeLessThanOrEqual(width);
    }
    const run = await runCliInProcess(["emulator", "--list-scenarios"]);
    expect(run.code).toBe(0);
    for (const name of listScenarioNames())
      expect(run.stdout).toMatch(new RegExp(`^${name.replace(/\./g, "\\.")}\\b`, "m"));
  });

  it("usage errors exit 2 with one line: unknown scenario, both sources, bad port, missing file", async () => {
    const unknown = await runCliInProcess(["emulator", "--scenario", "nope"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      `keyless emulator: unknown scenario "nope". Known scenarios: ${listScenarioNames().join(", ")}. Run "keyless emulator --list-scenarios" for what each one does.\n`,
    );
    expect((await runCliInProcess(["emulator", "--scenario", "default", "--world", "w.yaml"])).stderr).toBe(
      "keyless emulator: pass either --world FILE or --scenario NAME, not both.\n",
    );
    expect((await runCliInProcess(["emulator", "--port", "https"])).stderr).toBe(
      'keyless emulator: --port must be a port number from 0 to 65535, not "https" (0 picks a free port).\n',
    );
    expect((await runCliInProcess(["emulator", "--http-port", "70000"])).code).toBe(2);
    expect((await runCliInProcess(["emulator", "--world", "/nonexistent/world.yaml"])).stderr).toBe(
      'keyless emulator: input file "/nonexistent/world.yaml" does not exist; check the path.\n',
    );
    expect((await runCliInProcess(["emulator", "extra"])).code).toBe(2);
  });

  it("an invalid world file exits 2 with the WorldFileError message and no stack", async () => {
    const dir = await mkdtemp(join(tmpdir(), "keyless-cli-"));
    try {
      const file = join(dir, "world.yaml");
      await writeFile(
        file,
        "tenants:\n  - name: contoso\naccounts:\n  - name: a\n    subscription: nope\n    resourceGroup: rg\n",
      );
      const run = await runCliInProcess(["emulator", "--world", file]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toBe(
        `keyless emulator: world file "${file}" is invalid:\n  - accounts[0].subscription: subscription "nope" is not declared under subscriptions\nFix the fields above and load the world again (docs/world.md describes every field).\n`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("starts a world file, prints and writes the env, logs requests, stops cleanly on abort", async () => {
    const dir = await mkdtemp(join(tmpdir(), "keyless-cli-"));
    const stop = new AbortController();
    try {
      const world = join(dir, "world.json");
      await writeFile(world, JSON.stringify({ tenants: [{ name: "solo" }] }));
      const envFile = join(dir, "emulator.env");
      const run = runInProcess(
        ["--world", world, "--write-env", envFile],
        { signal: stop.signal },
        { PATH: "/usr/bin:/bin" },
      );
      await until(() => run.stderr().includes(" ready in "), "the ready line");
      const written = await readFile(envFile, "utf8");
      expect(((await stat(envFile)).mode & 0o777).toString(8)).toBe("600");
      const env = envOf(written);
      // The secrets went to the file only: stdout says where, and which names it holds.
      expect(run.stdout()).toBe(envFileSummary(envFile, env));
      expect(run.stdout()).toMatch(new RegExp(`^Wrote ${Object.keys(env).length} variables to `));
      for (const name of ["KEYLESS_CONTROL_TOKEN", "SYSTEM_ACCESSTOKEN"]) {
        expect(run.stdout()).toContain(name);
        expect(run.stdout()).not.toContain(env[name] ?? "-");
      }
      expect(env.PATH).toMatch(/^\/.+\/bin:"\$PATH"$/);
      expect(run.stderr()).toMatch(
        new RegExp(
          `^keyless emulator: ready in \\d+ ms with world file "${world.replace(/[.]/g, "\\.")}": https://127\\.0\\.0\\.1:\\d+ \\(HTTPS\\), http://127\\.0\\.0\\.1:\\d+ \\(proxy, managed identity\\)\\. Stop with Ctrl-C\\.\\n$`,
        ),
      );
      const httpOrigin = env.HTTP_PROXY ?? "";
      const health = await getJson(`${httpOrigin}/_keyless/health`, env.KEYLESS_CONTROL_TOKEN ?? "");
      expect(health.status).toBe(200);
      await until(() => run.stderr().includes("/_keyless/health"), "the request log line");
      expect(run.stderr()).toMatch(
        /\n\d{4}-\d\d-\d\dT[\d:.]+Z control GET emulator\/_keyless\/health 200 allow control health\n$/,
      );
      expect(run.stderr()).not.toContain(env.KEYLESS_CONTROL_TOKEN ?? "-");
      stop.abort();
      expect(await run.done).toBe(0);
      expect(run.stderr()).toMatch(/keyless emulator: stopping \(stop requested\)\.\n$/);
      await expect(getJson(`${httpOrigin}/_keyless/health`, "x")).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      stop.abort();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("--quiet logs no requests", async () => {
    const stop = new AbortController();
    const run = runInProcess(["--quiet"], { signal: stop.signal });
    try {
      await until(() => run.stderr().includes(" ready in "), "the ready line");
      const env = envOf(run.stdout());
      await getJson(`${env.HTTP_PROXY}/_keyless/health`, env.KEYLESS_CONTROL_TOKEN ?? "");
      stop.abort();
      expect(await run.done).toBe(0);
      expect(
        run
          .stderr()
          .split("\n")
          .filter((line) => line !== ""),
      ).toHaveLength(2);
    } finally {
      stop.abort();
    }
  });

  it("a port in use exits 2 naming the port", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const run = await runCliInProcess(["emulator", "--http-port", String(port), "--quiet"]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toBe(
        `keyless emulator: port ${port} is already in use on 127.0.0.1; stop what uses it, or pick another with --port / --http-port (0 picks a free one).\n`,
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it("is listed in the CLI's help", async () => {
    const run = await runCli(["--help"], {
      stdin: new PassThrough(),
      stdout: new PassThrough(),
      stderr: new PassThrough(),
      env: {},
    });
    expect(run).toBe(0);
  });
});

// The bin runs the built CLI (npm test builds first through "pretest").
describe("bin/keyless.js emulator as a process", () => {
  it("prints the env once ready, then exits 0 on SIGTERM", async () => {
    const child = spawn(
      process.execPath,
      ["bin/keyless.js", "emulator", "--scenario", "default", "--port", "0"],
      {
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/" },
      },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      await until(() => err.includes(" ready in "), "the ready line");
      const env = envOf(out);
      expect(Object.keys(env).slice(0, 6)).toEqual([
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "NO_PROXY",
        "no_proxy",
      ]);
      expect(env.AZURE_OPENAI_DEPLOYMENT).toBe("gpt-4o");
      expect(env.KEYLESS_CONTROL_TOKEN).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(out.split("\n")[0]).toBe(
        "# Proxy mode: Azure host names go through the emulator, loopback stays direct",
      );
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(err).toMatch(/keyless emulator: stopping \(SIGTERM\)\.\n$/);
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("a bad world file exits 2 with the message and no stack; --list-scenarios exits 0", async () => {
    const dir = await mkdtemp(join(tmpdir(), "keyless-bin-"));
    try {
      const file = join(dir, "bad.yaml");
      await writeFile(file, "tenants: [\n");
      const bad = spawnSync(process.execPath, ["bin/keyless.js", "emulator", "--world", file], {
        encoding: "utf8",
        timeout: 20_000,
      });
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(
        new RegExp(
          `^keyless emulator: world file "${file.replace(/[.]/g, "\\.")}" is invalid:\\n  - line \\d+, column \\d+: `,
        ),
      );
      expect(bad.stderr).not.toMatch(/\n\s+at /);
      const list = spawnSync(process.execPath, ["bin/keyless.js", "emulator", "--list-scenarios"], {
        encoding: "utf8",
        timeout: 20_000,
      });
      expect(list.status).toBe(0);
      expect(list.stdout.split("\n")[0]).toBe("default");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
