import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { createClock } from "../../src/emulator/app/clock.js";
import { STATE_FILE } from "../../src/emulator/app/emulator-state.js";
import { WORKLOAD_ISSUER, WORKLOAD_SUBJECT } from "../../src/emulator/scenarios/base-world.js";
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
        AZURE_OPENAI_ENDPOINT: "https://contoso-openai.openai.azure.com",
        NODE_OPTIONS: `--import=${pathToFileURL(emulator.files.fetchProxyPreload ?? "").href}`,
        AZURE_OPENAI_DEPLOYMENT: "gpt-4o",
        OPENAI_API_VERSION: "2024-10-21",
      });
    } finally {
      await emulator.close();
    }
    await expect(stat(emulator.stateDir)).rejects.toThrow(/ENOENT/);
    // A shell that loaded the env keeps a working node after the emulator stopped.
    const after = execFileSync(process.execPath, ["-e", "process.stdout.write('node starts')"], {
      env: { NODE_OPTIONS: emulator.env.NODE_OPTIONS, PATH: process.env.PATH },
      encoding: "utf8",
    });
    expect(after).toBe("node starts");
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

  it("keeps the identity header in the state dir, and reads a state saved before it was kept", async () => {
    const stateDir = await mkdtemp(join(tmpdir(), "keyless-test-"));
    const world = {
      tenants: [{ name: "solo" }],
      managedIdentities: [{ name: "web-system", tenant: "solo", kind: "system" as const }],
      hosts: [{ name: "web", kind: "app-service" as const, identities: ["web-system"] }],
      defaults: { host: "web" },
    };
    try {
      const first = await startEmulator({ world, stateDir });
      await first.close();
      expect(first.identityHeader).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(first.env.IDENTITY_HEADER).toBe(first.identityHeader);
      const again = await startEmulator({ world, stateDir });
      await again.close();
      expect(again.identityHeader).toBe(first.identityHeader);
      expect(again.env.IDENTITY_HEADER).toBe(first.identityHeader);

      // A state file written before the identity header was kept: read, and given one from now on.
      const file = join(stateDir, STATE_FILE);
      const { identityHeader: _dropped, ...older } = JSON.parse(await readFile(file, "utf8")) as Record<
        string,
        unknown
      >;
      await writeFile(file, JSON.stringify(older));
      const upgraded = await startEmulator({ world, stateDir });
      await upgraded.close();
      expect(upgraded.identityHeader).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(upgraded.identityHeader).not.toBe(first.identityHeader);
      expect(JSON.parse(await readFile(file, "utf8")).identityHeader).toBe(upgraded.identityHeader);
    } finally {
      await rm(stateDir, { recursive: true, force: true });
    }
  });

  it("enables the control API, writes the shims and a workload identity token file, and reports requests", async () => {
    const entries: string[] = [];
    const emulator = await startEmulator({
      controlToken: "fixed-control-token",
      systemAccessToken: "fixed-system-token",
      path: "/usr/bin",
      onLog: (entry) => entries.push(`${entry.surface} ${entry.status} ${entry.path}`),
    });
    try {
      expect(emulator.control).toEqual({
        url: `${emulator.urls.base}/_keyless`,
        token: "fixed-control-token",
      });
      expect(emulator.env).toMatchObject({
        KEYLESS_CONTROL_URL: emulator.control.url,
        KEYLESS_CONTROL_TOKEN: "fixed-control-token",
        SYSTEM_ACCESSTOKEN: "fixed-system-token",
        PATH: `${join(emulator.stateDir, "bin")}:/usr/bin`,
      });
      expect(emulator.files.cliShims).toEqual({
        az: join(emulator.stateDir, "bin", "az"),
        azd: join(emulator.stateDir, "bin", "azd"),
      });
      const tokenFile = emulator.files.workloadIdentityToken ?? "";
      expect(tokenFile).toBe(join(emulator.stateDir, "azure-identity-token"));
      expect(((await stat(tokenFile)).mode & 0o777).toString(8)).toBe("600");
      const claims = decodeJwt(await readFile(tokenFile, "utf8"));
      const now = Math.floor(emulator.context.clock.now() / 1000);
      expect(claims).toMatchObject({
        iss: WORKLOAD_ISSUER,
        sub: WORKLOAD_SUBJECT,
        aud: "api://AzureADTokenExchange",
      });
      expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(24 * 3600);
      expect(Math.abs((claims.iat ?? 0) - now)).toBeLessThanOrEqual(5);
      expect("AZURE_FEDERATED_TOKEN_FILE" in emulator.env).toBe(false);
      const response = await fetch(`${emulator.urls.http}/_keyless/health`, {
        headers: { authorization: "Bearer fixed-control-token" },
      });
      expect(response.status).toBe(200);
      expect(entries).toEqual(["control 200 /_keyless/health"]);
    } finally {
      await emulator.close();
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
