#!/usr/bin/env node
import { runCli } from "../dist/cli/main.js";

// A reader that stops reading (`keyless explain ... | head`) closes the pipe: that ends the
// command quietly, never with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
}

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
