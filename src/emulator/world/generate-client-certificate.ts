import { createHash, webcrypto, X509Certificate } from "node:crypto";
import { x509 } from "../tls/x509.js";

/**
 * A certificate with its private key, both PEM, as a client credential needs them.
 *
 * @example
 * const { certificatePem, privateKeyPem }: GeneratedCertificate = await generateClientCertificate("CN=app");
 */
export interface GeneratedCertificate {
  certificatePem: string;
  privateKeyPem: string;
}

/**
 * The parts of a certificate Entra ID matches client assertions against.
 *
 * @example
 * const { x5t, x5tS256 }: CertificateThumbprints = certificateThumbprints(pem);
 */
export interface CertificateThumbprints {
  /** base64url SHA-1 of the DER certificate (`x5t`). */
  x5t: string;
  /** base64url SHA-256 of the DER certificate (`x5t#S256`). */
  x5tS256: string;
  /** SPKI public key, PEM. */
  publicKeyPem: string;
  /** Validity, epoch ms. */
  notBefore: number;
  notAfter: number;
}

const RSA: webcrypto.RsaHashedKeyGenParams = {
  name: "RSASSA-PKCS1-v1_5",
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: "SHA-256",
};
const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/**
 * Generates a self-signed RSA 2048 certificate for an application's certificate credential (what
 * `ClientCertificateCredential` signs its assertion with). Validity uses wall-clock time.
 *
 * @example
 * const { certificatePem, privateKeyPem } = await generateClientCertificate("CN=app");
 */
export async function generateClientCertificate(
  subject: string,
  now: number = Date.now(),
): Promise<GeneratedCertificate> {
  const keys = (await webcrypto.subtle.generateKey(RSA, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: subject,
    notBefore: new Date(now - 24 * 60 * 60 * 1000),
    notAfter: new Date(now + 2 * YEAR_MS),
    keys,
    signingAlgorithm: RSA,
    extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
  });
  const pkcs8 = await webcrypto.subtle.exportKey("pkcs8", keys.privateKey);
  return {
    // PEM blocks end with a newline, so a key and a certificate concatenate into one valid file.
    certificatePem: `${cert.toString("pem")}\n`,
    privateKeyPem: `${x509.PemConverter.encode(pkcs8, "PRIVATE KEY")}\n`,
  };
}

/**
 * Thumbprints and public key of a PEM certificate, as Entra ID stores a certificate credential.
 *
 * @throws {TypeError} when the text is not a PEM certificate.
 * @example
 * certificateThumbprints(pem).x5tS256; // "x9sLb..." (base64url SHA-256 of the DER)
 */
export function certificateThumbprints(certificatePem: string): CertificateThumbprints {
  const cert = new X509Certificate(certificatePem);
  return {
    x5t: createHash("sha1").update(cert.raw).digest("base64url"),
    x5tS256: createHash("sha256").update(cert.raw).digest("base64url"),
    publicKeyPem: cert.publicKey.export({ type: "spki", format: "pem" }).toString(),
    notBefore: Date.parse(cert.validFrom),
    notAfter: Date.parse(cert.validTo),
  };
}
