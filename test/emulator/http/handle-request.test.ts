import { beforeAll, describe, expect, it } from "vitest";
import type { EmulatorContext } from "../../../src/emulator/app/context.js";
import { createEmulatorApp, type EmulatorApp } from "../../../src/emulator/app/create-emulator-app.js";
import { allow, withDecision } from "../../../src/emulator/app/request-decision.js";
import type { EmulatorRequest } from "../../../src/emulator/http/emulator-request.js";
import { EmulatorResponse } from "../../../src/emulator/http/emulator-response.js";
import { createRequestHandler, INTERNAL_ERROR_BODY } from "../../../src/emulator/http/handle-request.js";
import type { Surface } from "../../../src/emulator/http/surface.js";
import { createTestEmulator } from "../entra/test-emulator.js";

let ctx: EmulatorContext;
let app: EmulatorApp;
beforeAll(async () => {
  const { ctx: base } = await createTestEmulator();
  app = await createEmulatorApp({ world: base.world, clock: base.clock, keys: base.keys, urls: base.urls });
  ctx = app.context;
});

function request(host: string, path: string, method = "GET"): EmulatorRequest {
  return {
    method,
    url: new URL(path, `https://${host === "emulator" ? "127.0.0.1:8443" : host}`),
    host,
    headers: new Headers(),
    body: "",
    remoteAddress: "127.0.0.1",
    via: "direct",
    secure: true,
  };
}

describe("the emulator's request handler", () => {
  it("offers requests to the control API, Entra, managed identity, ARM and the data plane, in that order", () => {
    expect(app.surfaces.map((s) => s.name)).toEqual([
      "control",
      "entra",
      "managed-identity",
      "arm",
      "data-plane",
    ]);
  });

  it("routes by virtual host and logs the surface's decision without leaking the header", async () => {
    const tenant = ctx.world.tenants[0]?.id ?? "";
    const response = await app.request(
      request("login.microsoftonline.com", `/${tenant}/discovery/v2.0/keys`),
    );
    expect(response.status).toBe(200);
    expect([...response.headers.keys()].filter((name) => name.startsWith("x-keyless"))).toEqual([]);
    expect(ctx.log.entries().at(-1)).toEqual({
      time: ctx.clock.now(),
      surface: "entra",
      method: "GET",
      host: "login.microsoftonline.com",
      path: `/${tenant}/discovery/v2.0/keys`,
      status: 200,
      decision: { outcome: "allow", code: "ok", detail: `jwks v2 for ${tenant}` },
    });
  });

  it("answers 404 JSON when no surface claims the request", async () => {
    const response = await app.request(request("example.com", "/x?y=1"));
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: "NotFound", message: "The emulator serves no Azure endpoint at GET example.com/x." },
    });
    expect(ctx.log.entries().at(-1)).toMatchObject({
      surface: "none",
      path: "/x?y=1",
      status: 404,
      decision: { outcome: "deny", code: "unrouted", detail: "no surface serves this host and path" },
    });
  });

  it("turns a throwing surface into a logged, generic 500", async () => {
    const broken: Surface = {
      name: "broken",
      claims: () => true,
      handle: async () => {
        throw new TypeError("client_secret=abc leaked?");
      },
    };
    const response = await createRequestHandler([broken])(request("emulator", "/"), ctx);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe(INTERNAL_ERROR_BODY);
    expect(ctx.log.entries().at(-1)).toMatchObject({
      surface: "broken",
      status: 500,
      decision: { outcome: "error", code: "internal", detail: "TypeError: client_secret=[redacted] leaked?" },
    });
  });

  it("logs allow/deny by status when a surface records no decision, and keeps a recorded one", async () => {
    const plain: Surface = {
      name: "plain",
      claims: () => true,
      handle: async () => new EmulatorResponse(403),
    };
    await createRequestHandler([plain])(request("emulator", "/"), ctx);
    expect(ctx.log.entries().at(-1)?.decision).toEqual({ outcome: "deny", code: "no-decision", detail: "" });
    const decided: Surface = {
      name: "decided",
      claims: () => true,
      handle: async () => withDecision(new EmulatorResponse(200, "ok"), allow("because\r\nreasons")),
    };
    await createRequestHandler([decided])(request("emulator", "/"), ctx);
    expect(ctx.log.entries().at(-1)?.decision).toEqual({
      outcome: "allow",
      code: "ok",
      detail: "because reasons",
    });
  });
});
