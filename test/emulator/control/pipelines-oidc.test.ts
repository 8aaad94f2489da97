import { decodeJwt, decodeProtectedHeader } from "jose";
import { describe, expect, it } from "vitest";
import {
  PIPELINES_OIDC_PATH,
  PIPELINES_UNAUTHORIZED_MESSAGE,
  pipelinesServiceConnections,
} from "../../../src/emulator/control/pipelines-oidc.js";
import { FEDERATED_ISSUER_KEY_SET } from "../../../src/emulator/entra/federated-token.js";
import { PIPELINES_ISSUER, PIPELINES_SUBJECT } from "../../../src/emulator/scenarios/base-world.js";
import { stableId } from "../../../src/emulator/world/stable-id.js";
import { CONTROL_TOKEN, createControlHarness, START, SYSTEM_ACCESS_TOKEN } from "./control-harness.js";

describe("Azure Pipelines OIDC endpoint", () => {
  it("lists the world's service connections (sc:// subjects) with stable ids", async () => {
    const h = await createControlHarness();
    const connections = pipelinesServiceConnections(h.ctx.world);
    expect(connections.map((c) => [c.id, c.application.name, c.credential.name])).toEqual([
      [stableId("service-connection", "app/pipelines"), "app", "pipelines"],
    ]);
  });

  it("mints an oidcToken for the service connection, signed by the emulator's federated issuer", async () => {
    const h = await createControlHarness();
    const id = stableId("service-connection", "app/pipelines");
    const response = await h.send({
      method: "POST",
      path: `${PIPELINES_OIDC_PATH}?api-version=7.1&serviceConnectionId=${id}`,
      token: SYSTEM_ACCESS_TOKEN,
      headers: { "x-tfs-fedauthredirect": "Suppress" },
    });
    expect(response.status).toBe(200);
    const { oidcToken } = (await response.json()) as { oidcToken: string };
    expect(Object.keys(decodeJwt(oidcToken)).sort()).toEqual([
      "aud",
      "exp",
      "iat",
      "iss",
      "jti",
      "nbf",
      "sub",
    ]);
    expect(decodeJwt(oidcToken)).toMatchObject({
      iss: PIPELINES_ISSUER,
      sub: PIPELINES_SUBJECT,
      aud: "api://AzureADTokenExchange",
      iat: START / 1000,
      exp: START / 1000 + 600,
    });
    expect(decodeProtectedHeader(oidcToken).kid).toBe(h.ctx.keys.jwks(FEDERATED_ISSUER_KEY_SET).keys[0]?.kid);
    expect(h.ctx.log.entries().at(-1)).toMatchObject({
      surface: "control",
      status: 200,
      decision: {
        outcome: "allow",
        code: "ok",
        detail: `pipelines oidctoken for service connection ${id} (app/pipelines, ${PIPELINES_SUBJECT})`,
      },
    });
  });

  it("an unknown service connection gets Azure DevOps' 400 naming it", async () => {
    const h = await createControlHarness();
    const id = "1bd8e6f4-0d1f-4c6b-9a51-2f8ad39c1e77";
    const response = await h.send({
      method: "POST",
      path: `${PIPELINES_OIDC_PATH}?api-version=7.1&serviceConnectionId=${id}`,
      token: SYSTEM_ACCESS_TOKEN,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      $id: "1",
      innerException: null,
      message: `No service connection found with identifier ${id}`,
      typeName:
        "Microsoft.TeamFoundation.DistributedTask.WebApi.ServiceEndpointNotFoundException, Microsoft.TeamFoundation.DistributedTask.WebApi",
      typeKey: "ServiceEndpointNotFoundException",
      errorCode: 0,
      eventId: 3000,
    });
  });

  it("refuses a missing or wrong System.AccessToken (the control token is not one) with 401 TF400813", async () => {
    const h = await createControlHarness();
    const id = stableId("service-connection", "app/pipelines");
    for (const token of [null, "wrong", CONTROL_TOKEN]) {
      const response = await h.send({
        method: "POST",
        path: `${PIPELINES_OIDC_PATH}?api-version=7.1&serviceConnectionId=${id}`,
        token,
      });
      expect(response.status).toBe(401);
      expect(((await response.json()) as { message: string }).message).toBe(PIPELINES_UNAUTHORIZED_MESSAGE);
    }
    expect(PIPELINES_UNAUTHORIZED_MESSAGE).toBe(
      "TF400813: Resource not available for anonymous access. Client authentication required.",
    );
    const get = await h.send({
      method: "GET",
      path: `${PIPELINES_OIDC_PATH}?serviceConnectionId=${id}`,
      token: SYSTEM_ACCESS_TOKEN,
    });
    expect(get.status).toBe(405);
  });
});
