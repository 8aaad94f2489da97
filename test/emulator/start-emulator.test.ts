import { X509Certificate } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createClock } from "../../src/emulator/clock.js";
import { startEmulator } from "../../src/emulator/start-emulator.js";
import { WorldFileError } from "../../src/emulator/world/world-file-error.js";

describe("startEmulator", () => {
  it("listens on loopback, writes the CA and client certificates, and prints the env", async () => {
    const emulator = await startEmulator();
    try {
      expect(emulator.urls.base).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(emulator.urls.http).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(emulator.context.urls).toEqual(emulator.urls);
      expect(emulator.files.caCertificate).toBe(join(emulator.stateDir, "ca.pem"));
      const ca = new X509Certificate(await readFile(emulator.files.caCertificate, "utf8"));
      expect(ca.ca).toBe(true);
      const clientPem = await readFile(emulator.files.clientCertificates["app/app-cert"] ?? "", "utf8");
      expect(clientPem).toMatch(
        /^-----BEGIN PRIVATE KEY-----\n[\s\S]+-----END PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\n/,
      );
      expect(
        ((await stat(emulator.files.clientCertificates["app/app-cert"] ?? "")).mode & 0o777).toString(8),
      ).toBe("600");
      expect(emulator.env).toMatchObject({
        AZURE_AUTHORITY_HOST: emulator.urls.base,
        NODE_EXTRA_CA_CERTS: emulator.files.caCertificate,
        HTTPS_PROXY: emulator.urls.http,
        AZURE_POD_IDENTITY_AUTHORITY_HOST: emulator.urls.http,
        AZURE_OPENAI_ENDPOINT: `${emulator.urls.base}/_host/contoso-openai.openai.azure.com`,
        AZURE_OPENAI_DEPLOYMENT: "gpt-4o",
        OPENAI_API_VERSION: "2024-10-21",
      });
    } finally {
      await emulator.close();
    }
    await expect(stat(emulator.stateDir)).rejects.toThrow(/ENOENT/);
    await emulator.close();
  });

  it("takes a world, a clock and a state dir it does not delete", async () => {
    const stateDir = await mkdtemp(join(tmpdir(), "keyless-test-"));
    try {
      const clock = createClock({ start: Date.parse("2030-01-01T00:00:00Z"), now: () => 0 });
      const emulator = await startEmulator({ world: { tenants: [{ name: "solo" }] }, clock, stateDir });
      await emulator.close();
      expect(emulator.world.tenants[0]?.domain).toBe("solo.onmicrosoft.com");
      expect(emulator.context.clock.now()).toBe(Date.parse("2030-01-01T00:00:00Z"));
      expect((await stat(join(stateDir, "ca.pem"))).isFile()).toBe(true);
      expect(emulator.env.AZURE_TENANT_ID).toBe(emulator.world.tenants[0]?.id);
      expect("AZURE_CLIENT_ID" in emulator.env).toBe(false);
    } finally {
      await rm(stateDir, { recursive: true, force: true });
    }
  });

  it("refuses an unknown scenario and an invalid world before listening", async () => {
    await expect(startEmulator({ scenario: "nope" })).rejects.toThrow(
      /^unknown scenario "nope"; use one of: default, seed-000, .+, or pass a world file$/,
    );
    const invalid = startEmulator({ world: { tenants: [] }, worldSource: "bad.yaml" });
    await expect(invalid).rejects.toBeInstanceOf(WorldFileError);
    await expect(invalid).rejects.toThrow(
      'world file "bad.yaml" is invalid:\n  - tenants: must list at least 1 item\n',
    );
  });
});
