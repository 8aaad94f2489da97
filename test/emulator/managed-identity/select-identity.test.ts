import { describe, expect, it } from "vitest";
import { endpointKindForPath } from "../../../src/emulator/managed-identity/endpoint-paths.js";
import {
  chooseIdentity,
  hostForKind,
  readSelector,
} from "../../../src/emulator/managed-identity/select-identity.js";
import { createTestContext } from "./emulator-test-context.js";
import { MANAGED_IDENTITY_WORLD } from "./managed-identity-world.js";

describe("readSelector", () => {
  it("prefers client_id, then object_id, then the resource id names given", () => {
    expect(readSelector(new URLSearchParams("object_id=o&client_id=c"), ["msi_res_id"])).toEqual({
      by: "client_id",
      value: "c",
    });
    expect(readSelector(new URLSearchParams("msi_res_id=r&object_id=o"), ["msi_res_id"])).toEqual({
      by: "object_id",
      value: "o",
    });
    expect(readSelector(new URLSearchParams("mi_res_id=r"), ["msi_res_id"])).toBeUndefined();
    expect(readSelector(new URLSearchParams("mi_res_id=r"), ["mi_res_id"])).toEqual({
      by: "resource_id",
      value: "r",
    });
    expect(readSelector(new URLSearchParams("principal_id=p"), ["mi_res_id"], ["principal_id"])).toEqual({
      by: "object_id",
      value: "p",
    });
    expect(readSelector(new URLSearchParams("client_id="), ["msi_res_id"])).toBeUndefined();
  });
});

describe("hostForKind and chooseIdentity", () => {
  it("prefers the default host of the kind, else the first host of the kind", async () => {
    const ctx = await createTestContext(MANAGED_IDENTITY_WORLD);
    expect(hostForKind(ctx.world, "imds")?.name).toBe("vm");
    expect(hostForKind(ctx.world, "app-service")?.name).toBe("web");
    ctx.world.defaults.host = "vm-multi";
    expect(hostForKind(ctx.world, "imds")?.name).toBe("vm-multi");
    expect(hostForKind(ctx.world, "arc")?.name).toBe("arc");
  });

  it("chooses like IMDS and App Service do", async () => {
    const ctx = await createTestContext(MANAGED_IDENTITY_WORLD);
    const host = (name: string) => {
      const found = ctx.world.hosts.find((h) => h.name === name);
      if (found === undefined) throw new Error(name);
      return found;
    };
    const imds = { singleUserAssignedDefault: true };
    const appService = { singleUserAssignedDefault: false };
    expect(chooseIdentity(host("vm"), undefined, imds)).toMatchObject({
      ok: true,
      identity: { name: "vm-system" },
    });
    expect(chooseIdentity(host("vm-multi"), undefined, imds)).toEqual({
      ok: false,
      reason: "multiple-user-assigned",
    });
    expect(chooseIdentity(host("vm-single"), undefined, imds)).toMatchObject({
      ok: true,
      identity: { name: "uami-b" },
    });
    expect(chooseIdentity(host("vm-single"), undefined, appService)).toEqual({
      ok: false,
      reason: "not-found",
    });
    expect(chooseIdentity(host("vm-none"), undefined, imds)).toEqual({ ok: false, reason: "not-found" });
    expect(chooseIdentity(host("vm"), { by: "client_id", value: "nope" }, imds)).toEqual({
      ok: false,
      reason: "not-found",
    });
  });
});

describe("endpointKindForPath", () => {
  it("maps each path (case and trailing slash tolerated) to its kind", () => {
    expect(endpointKindForPath("/metadata/identity/oauth2/token")).toBe("imds");
    expect(endpointKindForPath("/MSI/token/")).toBe("app-service");
    expect(endpointKindForPath("/cloudshell/token")).toBe("cloud-shell");
    expect(endpointKindForPath("/arc/metadata/identity/oauth2/token")).toBe("arc");
    expect(endpointKindForPath("/servicefabric/metadata/identity/oauth2/token")).toBe("service-fabric");
    expect(endpointKindForPath("/oauth2/token")).toBeUndefined();
    expect(endpointKindForPath("/")).toBeUndefined();
  });
});
