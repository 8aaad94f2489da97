import { readFile } from "node:fs/promises";
import { DiagnoseOptionsError } from "./diagnose-options-error.js";

const PEM_CERTIFICATE = "-----BEGIN CERTIFICATE-----";

/**
 * The `ca` option as a list of PEM texts, checked: every entry must hold a certificate.
 *
 * @throws {DiagnoseOptionsError} when a `ca` entry holds no PEM certificate.
 * @example
 * checkCaOption(emulator.ca); // [emulator.ca]
 * checkCaOption(undefined); // undefined
 */
export function checkCaOption(ca: string | readonly string[] | undefined): string[] | undefined {
  if (ca === undefined) return undefined;
  const given = typeof ca === "string" ? [ca] : [...ca];
  const index = given.findIndex((pem) => typeof pem !== "string" || !pem.includes(PEM_CERTIFICATE));
  if (index !== -1) {
    throw new DiagnoseOptionsError(
      `ca${typeof ca === "string" ? "" : `[${index}]`} holds no PEM certificate (${PEM_CERTIFICATE}); pass the CA certificate's PEM text, e.g. the emulator's \`ca\``,
      { problem: { option: "ca", reason: "not-pem", ...(typeof ca === "string" ? {} : { index }) } },
    );
  }
  return given;
}

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
  const given = checkCaOption(options.ca);
  if (given !== undefined) return given;
  const file = options.env.NODE_EXTRA_CA_CERTS;
  if (file === undefined || file === "") return [];
  try {
    const pem = await readFile(file, "utf8");
    return pem.includes(PEM_CERTIFICATE) ? [pem] : [];
  } catch {
    return [];
  }
}
