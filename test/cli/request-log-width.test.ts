import { describe, expect, it } from "vitest";
import type { RequestLogEntry } from "../../src/emulator/app/context.js";
import { formatRequestLogEntry } from "../../src/emulator/app/request-log.js";

describe("formatRequestLogEntry with a width", () => {
  const entry: RequestLogEntry = {
    time: 0,
    surface: "entra",
    method: "POST",
    host: "login.microsoftonline.com",
    path: "/fd46b0cc-ba27-4bee-ac95-13bad50640e3/oauth2/v2.0/token",
    status: 401,
    decision: {
      outcome: "deny",
      code: "aadsts.7000215",
      detail: "invalid client secret for app 373090df-1253-436b-b7bd-153cbf43aa40",
    },
  };

  it("is one line without a width, and wraps at spaces with a hanging indent with one", () => {
    expect(formatRequestLogEntry(entry).split("\n")).toHaveLength(1);
    expect(formatRequestLogEntry(entry, { width: 80 }).split("\n")).toEqual([
      "1970-01-01T00:00:00.000Z entra POST",
      "    login.microsoftonline.com/fd46b0cc-ba27-4bee-ac95-13bad50640e3/oauth2/v2.0/token",
      "    401 deny aadsts.7000215: invalid client secret for app",
      "    373090df-1253-436b-b7bd-153cbf43aa40",
    ]);
  });
});
