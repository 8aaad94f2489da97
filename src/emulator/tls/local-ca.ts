import { webcrypto } from "node:crypto";
import { isIP } from "node:net";
import { x509 } from "./x509.js";

/**
 * A server certificate and its private key, both PEM.
 *
 * @example
 * const { certPem, keyPem }: LeafCertificate = await ca.leafFor(["127.0.0.1"]);
 */
export interface LeafCertificate {
  certPem: string;
  keyPem: string;
}

/**
 * The emulator's certificate authority: lives in memory, signs one leaf per set of host names.
 *
 * @example
 * const ca = await createLocalCa();
 * const { certPem, keyPem } = await ca.leafFor(["127.0.0.1", "localhost"]);
 * https.createServer({ cert: certPem, key: keyPem });
 */
export interface LocalCa {
  /** The CA certificate (PEM): what clients must trust (`NODE_EXTRA_CA_CERTS`, `ca` option). */
  caPem: string;
  /** A leaf certificate for the host names (DNS names or IP addresses), cached per set of names. */
  leafFor(hostnames: readonly string[]): Promise<LeafCertificate>;
  /** The CA's own certificate and private key, to create the same CA again (`--state-dir`). */
  exportCa(): Promise<SavedLocalCa>;
}

/**
 * A CA as {@link LocalCa.exportCa} saves it: both PEM. The private key is a secret: keep it in an
 * owner-only file.
 *
 * @example
 * const saved: SavedLocalCa = await ca.exportCa();
 * const same = await createLocalCa({ saved });
 */
export interface SavedLocalCa {
  certPem: string;
  keyPem: string;
}

/**
 * Options of {@link createLocalCa}.
 *
 * @example
 * const options: LocalCaOptions = { commonName: "keyless test CA" };
 */
export interface LocalCaOptions {
  commonName?: string;
  /** Wall-clock time for validity periods (TLS peers check real time, not the emulated clock). */
  now?: () => number;
  /** A CA saved by {@link LocalCa.exportCa}: reused instead of a new one, so clients keep trusting it. */
  saved?: SavedLocalCa;
}

const ECDSA: webcrypto.EcKeyGenParams = { name: "ECDSA", namedCurve: "P-256" };
const SIGNING: webcrypto.EcdsaParams = { name: "ECDSA", hash: "SHA-256" };
const DAY_MS = 24 * 60 * 60 * 1000;

async function privateKeyPem(key: webcrypto.CryptoKey): Promise<string> {
  const pkcs8 = await webcrypto.subtle.exportKey("pkcs8", key);
  return `${x509.PemConverter.encode(pkcs8, "PRIVATE KEY")}\n`;
}

function randomSerial(): string {
  // A positive serial: clear the top bit of the first byte.
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return Buffer.from(bytes).toString("hex");
}

function subjectAltNames(hostnames: readonly string[]): x509.JsonGeneralName[] {
  return hostnames.map((name) => ({ type: isIP(name) === 0 ? "dns" : "ip", value: name }));
}

/**
 * Creates a local certificate authority (ECDSA P-256, valid for ten years) and issues TLS server
 * certificates from it on demand, for `127.0.0.1`/`localhost` in direct mode and for each Azure host
 * name a client CONNECTs to in proxy mode. Nothing touches the disk.
 *
 * @example
 * const ca = await createLocalCa();
 * const leaf = await ca.leafFor(["login.microsoftonline.com"]);
 */
export async function createLocalCa(options: LocalCaOptions = {}): Promise<LocalCa> {
  const now = options.now ?? Date.now;
  const commonName = options.commonName ?? "keyless emulator local CA";
  if (options.saved !== undefined) return localCaFrom(options.saved, now);
  const caKeys = (await webcrypto.subtle.generateKey(ECDSA, true, [
    "sign",
    "verify",
  ])) as webcrypto.CryptoKeyPair;
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: `CN=${commonName}, O=keyless`,
    notBefore: new Date(now() - DAY_MS),
    notAfter: new Date(now() + 3650 * DAY_MS),
    keys: caKeys,
    signingAlgorithm: SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  return issuingCa(caCert, caKeys, now);
}

async function localCaFrom(saved: SavedLocalCa, now: () => number): Promise<LocalCa> {
  let caCert: x509.X509Certificate;
  let privateKey: webcrypto.CryptoKey;
  try {
    caCert = new x509.X509Certificate(saved.certPem);
    privateKey = await webcrypto.subtle.importKey(
      "pkcs8",
      x509.PemConverter.decodeFirst(saved.keyPem),
      ECDSA,
      true,
      ["sign"],
    );
  } catch (error) {
    throw new RangeError(`the saved local CA cannot be read (${(error as Error).message})`);
  }
  const publicKey = await caCert.publicKey.export(ECDSA, ["verify"]);
  return issuingCa(caCert, { privateKey, publicKey }, now);
}

async function issuingCa(
  caCert: x509.X509Certificate,
  caKeys: webcrypto.CryptoKeyPair,
  now: () => number,
): Promise<LocalCa> {
  const authorityKeyId = await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey);
  const leaves = new Map<string, Promise<LeafCertificate>>();

  async function issue(hostnames: readonly string[]): Promise<LeafCertificate> {
    const keys = (await webcrypto.subtle.generateKey(ECDSA, true, [
      "sign",
      "verify",
    ])) as webcrypto.CryptoKeyPair;
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: randomSerial(),
      subject: `CN=${hostnames[0] ?? "localhost"}`,
      issuer: caCert.subject,
      notBefore: new Date(now() - DAY_MS),
      notAfter: new Date(now() + 365 * DAY_MS),
      publicKey: keys.publicKey,
      signingKey: caKeys.privateKey,
      signingAlgorithm: SIGNING,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
          true,
        ),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension(subjectAltNames(hostnames)),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
        authorityKeyId,
      ],
    });
    return { certPem: `${cert.toString("pem")}\n`, keyPem: await privateKeyPem(keys.privateKey) };
  }

  return {
    caPem: `${caCert.toString("pem")}\n`,
    async exportCa() {
      return { certPem: `${caCert.toString("pem")}\n`, keyPem: await privateKeyPem(caKeys.privateKey) };
    },
    leafFor(hostnames: readonly string[]): Promise<LeafCertificate> {
      const names = [...new Set(hostnames.map((h) => h.trim().toLowerCase()).filter((h) => h !== ""))].sort();
      if (names.length === 0)
        return Promise.reject(new RangeError("local CA: leafFor() needs at least one host name"));
      const key = names.join(",");
      let leaf = leaves.get(key);
      if (leaf === undefined) {
        leaf = issue(names);
        leaves.set(key, leaf);
        // A failed issuance must not poison the cache.
        leaf.catch(() => leaves.delete(key));
      }
      return leaf;
    },
  };
}
