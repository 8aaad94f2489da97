import { readFile } from "node:fs/promises";
import { DiagnoseOptionsError } from "./diagnose-options-error.js";

const PEM_CERTIFICATE = "-----BEGIN CERTIFICATE-----";

/**
 * The extra CA certificates (PEM) a doctor run trusts besides Node's bundled roots: `ca` when given,
 * else the file `env.NODE_EXTRA_CA_CERTS` names, read now (Node reads that variable only when the
 * process starts, so a run given another environment must read it itself). An unreadable file is
 * skipped, as Node skips it at start.
 *
 * @throws {DiagnoseOptionsError} when a `ca` entry holds no PEM certificate.
 * @example
 * const ca = await loadTrustedCa({ env: emulator.env }); // [the emulator's CA certificate]
 * const same = await loadTrustedCa({ ca: emulator.ca, env: {} });
 */
export async function loadTrustedCa(options: {
  ca?: string | readonly string[] | undefined;
  env: Record<string, string | undefined>;
}): Promise<string[]> {
  if (options.ca !== undefined) {
    const given = typeof options.ca === "string" ? [options.ca] : [...options.ca];
    const index = given.findIndex((pem) => typeof pem !== "string" || !pem.includes(PEM_CERTIFICATE));
    if (index !== -1) {
      throw new DiagnoseOptionsError(
        `ca${typeof options.ca === "string" ? "" : `[${index}]`} holds no PEM certificate (${PEM_CERTIFICATE}); pass the CA certificate's PEM text, e.g. the emulator's \`ca\``,
      );
    }
    return given;
  }
  const file = options.env.NODE_EXTRA_CA_CERTS;
  if (file === undefined || file === "") return [];
  try {
    const pem = await readFile(file, "utf8");
    return pem.includes(PEM_CERTIFICATE) ? [pem] : [];
  } catch {
    return [];
  }
}
