#!/usr/bin/env node
import { runCli } from "../dist/cli/main.js";

const code = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
// The command has answered: leave now, once what it wrote is flushed, rather than when the last
// socket a probe left half-open (a proxy that never answers CONNECT, say) finally closes.
const flushed = (stream) => new Promise((resolve) => stream.write("", resolve));
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit(code);
