import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probeTenantDiscovery } from "../../../src/diagnose/probes/probe-tenant-discovery.js";

const TENANT = "0c5e9a7b-2d41-4f8e-b6a3-9e1d7c2f4a58";
const AADSTS = `AADSTS90002: Tenant '${TENANT}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`;
let server: Server;
let base: string;
let path = "";

beforeAll(async () => {
  server = createServer((req, res) => {
    path = req.url ?? "";
    res.writeHead(400, { "content-type": "application/json" }).end(
      JSON.stringify({
        error: "invalid_tenant",
        error_description: `${AADSTS}\r\nTrace ID: 1`,
        error_codes: [90002],
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("probeTenantDiscovery", () => {
  it("reads the AADSTS line of Entra's answer to OIDC discovery", async () => {
    const answer = await probeTenantDiscovery(
      { AZURE_AUTHORITY_HOST: `${base}/`, AZURE_TENANT_ID: TENANT },
      3_000,
    );
    expect(path).toBe(`/${TENANT}/v2.0/.well-known/openid-configuration`);
    expect(answer).toEqual({
      url: `${base}/${TENANT}/v2.0/.well-known/openid-configuration`,
      status: 400,
      aadsts: AADSTS,
    });
  });

  it("does not ask without a usable tenant", async () => {
    expect(await probeTenantDiscovery({ AZURE_AUTHORITY_HOST: base }, 3_000)).toBeUndefined();
    expect(
      await probeTenantDiscovery({ AZURE_AUTHORITY_HOST: base, AZURE_TENANT_ID: "a/b" }, 3_000),
    ).toBeUndefined();
  });
});
