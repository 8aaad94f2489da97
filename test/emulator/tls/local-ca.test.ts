import { X509Certificate } from "node:crypto";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { createLocalCa } from "../../../src/emulator/tls/local-ca.js";

function get(options: https.RequestOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    https
      .get(options, (res) => {
        let body = "";
        res.on("data", (d: Buffer) => {
          body += d.toString();
        });
        res.on("end", () => resolve(body));
      })
      .on("error", reject);
  });
}

describe("createLocalCa", () => {
  it("issues leaves that a client trusting only the CA accepts, for IPs and DNS names", async () => {
    const ca = await createLocalCa();
    const leaf = await ca.leafFor(["127.0.0.1", "localhost", "::1"]);
    const server = https.createServer({ cert: leaf.certPem, key: leaf.keyPem }, (_req, res) => res.end("ok"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      expect(await get({ host: "127.0.0.1", port, ca: ca.caPem, path: "/" })).toBe("ok");
      expect(await get({ host: "127.0.0.1", servername: "localhost", port, ca: ca.caPem, path: "/" })).toBe(
        "ok",
      );
      await expect(get({ host: "127.0.0.1", port, path: "/" })).rejects.toThrow(
        /self.signed|unable to verify|local issuer/i,
      );
    } finally {
      server.close();
    }
  });

  it("puts every host name in the subject alternative names and signs with the CA", async () => {
    const ca = await createLocalCa({ commonName: "test CA" });
    const leaf = await ca.leafFor(["login.microsoftonline.com", "127.0.0.1"]);
    const cert = new X509Certificate(leaf.certPem);
    const caCert = new X509Certificate(ca.caPem);
    expect(cert.subjectAltName).toBe("IP Address:127.0.0.1, DNS:login.microsoftonline.com");
    expect(cert.checkIssued(caCert)).toBe(true);
    expect(cert.verify(caCert.publicKey)).toBe(true);
    expect(caCert.ca).toBe(true);
    expect(caCert.subject).toBe("CN=test CA\nO=keyless");
    expect(cert.ca).toBe(false);
  });

  it("caches one leaf per set of host names, whatever the order and case", async () => {
    const ca = await createLocalCa();
    const a = await ca.leafFor(["Login.microsoftonline.com", "127.0.0.1"]);
    const b = await ca.leafFor(["127.0.0.1", "login.microsoftonline.com"]);
    const c = await ca.leafFor(["management.azure.com"]);
    expect(b).toBe(a);
    expect(c.certPem).not.toBe(a.certPem);
  });

  it("refuses an empty host name list", async () => {
    const ca = await createLocalCa();
    await expect(ca.leafFor([" "])).rejects.toThrow("local CA: leafFor() needs at least one host name");
  });
});
