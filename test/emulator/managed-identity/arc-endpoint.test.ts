import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeJwt } from "jose";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EmulatorContext } from "../../../src/emulator/app/context.js";
import {
  createManagedIdentitySurface,
  type ManagedIdentitySurface,
} from "../../../src/emulator/managed-identity/surface.js";
import { createTestContext, emulatorRequest, readBody } from "./emulator-test-context.js";
import { MANAGED_IDENTITY_WORLD } from "./managed-identity-world.js";

const ENDPOINT = "http://127.0.0.1:8080/arc/metadata/identity/oauth2/token";
const QUERY = "?api-version=2019-11-01&resource=https%3A%2F%2Fmanagement.azure.com";

describe("Azure Arc token endpoint", () => {
  let ctx: EmulatorContext;
  let directory: string;
  let surface: ManagedIdentitySurface;
  let counter = 0;

  beforeEach(async () => {
    ctx = await createTestContext({ ...MANAGED_IDENTITY_WORLD, defaults: { host: "arc" } });
    directory = await mkdtemp(join(tmpdir(), "keyless-arc-"));
    counter = 0;
    surface = createManagedIdentitySurface({
      arcTokenDirectory: directory,
      randomToken: () => `token${++counter}`,
    });
  });

  afterEach(async () => {
    await surface.dispose();
    await rm(directory, { recursive: true, force: true });
  });

  function call(headers: Record<string, string>, query = QUERY) {
    return surface.handle(
      emulatorRequest(`${ENDPOINT}${query}`, { headers, host: "emulator", via: "direct" }),
      ctx,
    );
  }

  it("challenges a first request with 401 and a .key file holding the secret", async () => {
    const response = await call({ Metadata: "true" });
    expect(response.status).toBe(401);
    expect(await response.text()).toBe("");
    const path = join(directory, "token1.key");
    expect(response.headers["www-authenticate"]).toBe(`Basic realm=${path}`);
    expect(await readFile(path, "utf8")).toBe("token2");
    expect(response.decision).toEqual({
      outcome: "challenge",
      code: "no-credentials",
      detail: `arc: no Authorization header; secret written to ${path}`,
    });
  });

  it("issues the machine's token for Authorization: Basic <file contents> and deletes the file", async () => {
    const challenge = await call({ Metadata: "true" });
    const path = (challenge.headers["www-authenticate"] ?? "").replace("Basic realm=", "");
    const secret = await readFile(path, "utf8");
    const response = await call({ Metadata: "true", Authorization: `Basic ${secret}` });
    expect(response.status).toBe(200);
    const { json } = await readBody(response);
    const body = json as Record<string, string>;
    const arc = ctx.world.hosts.find((h) => h.name === "arc")?.identities[0];
    expect(body.client_id).toBe(arc?.clientId);
    expect(body.resource).toBe("https://management.azure.com");
    expect(decodeJwt(body.access_token ?? "")).toMatchObject({
      oid: arc?.objectId,
      idtyp: "app",
      aud: "https://management.azure.com",
    });
    expect(existsSync(path)).toBe(false);
  });

  it("challenges again for a wrong or reused secret", async () => {
    const challenge = await call({ Metadata: "true" });
    const path = (challenge.headers["www-authenticate"] ?? "").replace("Basic realm=", "");
    const secret = await readFile(path, "utf8");
    expect((await call({ Metadata: "true", Authorization: "Basic wrong" })).status).toBe(401);
    expect((await call({ Metadata: "true", Authorization: `Basic ${secret}` })).status).toBe(200);
    const reused = await call({ Metadata: "true", Authorization: `Basic ${secret}` });
    expect(reused.status).toBe(401);
    expect(reused.decision).toEqual({
      outcome: "challenge",
      code: "invalid-credentials",
      detail: expect.stringMatching(/^arc: unknown or reused secret; /),
    });
  });

  it("accepts msal-node's api-version 2020-06-01", async () => {
    const response = await call(
      { Metadata: "true" },
      "?api-version=2020-06-01&resource=https://vault.azure.net",
    );
    expect(response.status).toBe(401);
  });

  it("requires Metadata: true before challenging", async () => {
    const response = await call({});
    expect(response.status).toBe(400);
    expect(await response.text()).toBe(
      '{"error":"invalid_request","error_description":"Required metadata header not specified"}',
    );
    expect(await readdir(directory)).toEqual([]);
  });

  it("ignores a user-assigned selector and answers with the system identity (a legacy agent)", async () => {
    const challenge = await call({ Metadata: "true" });
    const path = (challenge.headers["www-authenticate"] ?? "").replace("Basic realm=", "");
    const secret = await readFile(path, "utf8");
    const response = await call(
      { Metadata: "true", Authorization: `Basic ${secret}` },
      `${QUERY}&client_id=aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa`,
    );
    expect(response.status).toBe(200);
    const { json } = await readBody(response);
    expect((json as Record<string, string>).client_id).not.toBe("aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa");
  });

  it("dispose() removes outstanding challenge files", async () => {
    await call({ Metadata: "true" });
    await call({ Metadata: "true" });
    expect((await readdir(directory)).sort()).toEqual(["token1.key", "token3.key"]);
    await surface.dispose();
    expect(await readdir(directory)).toEqual([]);
  });
});

describe("issue 12: the Arc endpoint answers 500 when not run as root, and leaves files behind", () => {
  let ctx: EmulatorContext;
  let root: string;

  beforeEach(async () => {
    ctx = await createTestContext({ ...MANAGED_IDENTITY_WORLD, defaults: { host: "arc" } });
    root = await mkdtemp(join(tmpdir(), "keyless-arc-issue12-"));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const challenge = (surface: ManagedIdentitySurface) =>
    surface.handle(
      emulatorRequest(`${ENDPOINT}${QUERY}`, {
        headers: { Metadata: "true" },
        host: "emulator",
        via: "direct",
      }),
      ctx,
    );

  it("writes the challenge into the state directory when msal's directory cannot be written, and removes it on stop", async () => {
    // A directory below a regular file cannot be created, not even by root (ENOTDIR).
    const { writeFile } = await import("node:fs/promises");
    await writeFile(join(root, "not-a-directory"), "");
    const stateDir = join(root, "state", "arc-tokens");
    let n = 0;
    const surface = createManagedIdentitySurface({
      arcTokenDirectory: join(root, "not-a-directory", "tokens"),
      arcFallbackDirectory: stateDir,
      randomToken: () => `t${++n}`,
    });
    const response = await challenge(surface);
    expect(response.status).toBe(401);
    expect(await response.text()).toBe("");
    expect(response.headers["www-authenticate"]).toBe(`Basic realm=${join(stateDir, "t1.key")}`);
    expect(await readFile(join(stateDir, "t1.key"), "utf8")).toBe("t2");
    expect(response.decision).toMatchObject({ outcome: "challenge", code: "no-credentials" });
    await surface.dispose();
    expect(existsSync(join(stateDir, "t1.key"))).toBe(false);
    expect(existsSync(join(root, "state"))).toBe(false);
  });

  it("never answers 500 when no directory can be written: the 401 still names the file", async () => {
    const { writeFile } = await import("node:fs/promises");
    await writeFile(join(root, "file"), "");
    const surface = createManagedIdentitySurface({
      arcTokenDirectory: join(root, "file", "a"),
      arcFallbackDirectory: join(root, "file", "b"),
      randomToken: () => "x",
    });
    const response = await challenge(surface);
    expect(response.status).toBe(401);
    expect(response.headers["www-authenticate"]).toBe(`Basic realm=${join(root, "file", "b", "x.key")}`);
    await surface.dispose();
  });

  it("removes the challenge files and every directory it created (msal's /var/opt/azcmagent/tokens) on stop", async () => {
    let n = 0;
    const tokens = join(root, "var", "opt", "azcmagent", "tokens");
    const surface = createManagedIdentitySurface({ arcTokenDirectory: tokens, randomToken: () => `k${++n}` });
    const response = await challenge(surface);
    expect(response.headers["www-authenticate"]).toBe(`Basic realm=${join(tokens, "k1.key")}`);
    expect(await readdir(tokens)).toEqual(["k1.key"]);
    await surface.dispose();
    expect(existsSync(join(root, "var"))).toBe(false);
  });
});
