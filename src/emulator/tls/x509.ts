// tsyringe (used by @peculiar/x509) needs the Reflect metadata API before it loads: keep this first.
import "reflect-metadata";
import { webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

/**
 * `@peculiar/x509`, loaded after its reflection prerequisite and wired to Node's WebCrypto. Import
 * it from here, never from the package directly.
 *
 * @example
 * import { x509 } from "./x509.js";
 * const cert = new x509.X509Certificate(pem);
 */
export { x509 };
