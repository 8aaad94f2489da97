import { describe, expect, it } from "vitest";
import type { RequestLogEntry } from "../../../src/emulator/app/context.js";
import { deny } from "../../../src/emulator/app/request-decision.js";
import {
  createRequestLog,
  formatRequestLogEntry,
  redactSecrets,
} from "../../../src/emulator/app/request-log.js";

const JWT =
  "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2NvZ25pdGl2ZXNlcnZpY2VzLmF6dXJlLmNvbSJ9.c2lnbmF0dXJlLXZhbHVl";

function entry(n: number, extra: Partial<RequestLogEntry> = {}): RequestLogEntry {
  return {
    time: n,
    surface: "entra",
    method: "GET",
    host: "emulator",
    path: `/${n}`,
    status: 200,
    decision: { outcome: "allow", code: "ok", detail: "" },
    ...extra,
  };
}

describe("redactSecrets", () => {
  it("masks JWTs and bearer values", () => {
    expect(redactSecrets(`token ${JWT} end`)).toBe("token [redacted jwt] end");
    expect(redactSecrets("Authorization: Bearer abc.def")).toBe("Authorization: Bearer [redacted]");
  });

  it("masks secret form fields and keeps the others", () => {
    expect(
      redactSecrets(
        "grant_type=password&username=alice&password=hunter2&client_secret=s3cr3t&client_assertion=xyz&refresh_token=1.abc",
      ),
    ).toBe(
      "grant_type=password&username=alice&password=[redacted]&client_secret=[redacted]&client_assertion=[redacted]&refresh_token=[redacted]",
    );
    expect(redactSecrets("/t/oauth2/v2.0/token?client-request-id=abc&assertion=zzz")).toBe(
      "/t/oauth2/v2.0/token?client-request-id=abc&assertion=[redacted]",
    );
  });

  it("masks api-key headers and JSON secret fields", () => {
    expect(redactSecrets("api-key: 0123456789abcdef0123456789abcdef")).toBe("api-key: [redacted]");
    expect(redactSecrets('{"client_secret":"s\\"x","name":"app","password":"p"}')).toBe(
      '{"client_secret":"[redacted]","name":"app","password":"[redacted]"}',
    );
    expect(redactSecrets("x-identity-header: abcdef")).toBe("x-identity-header: [redacted]");
  });
});

describe("createRequestLog", () => {
  it("keeps the newest entries in order when full", () => {
    const log = createRequestLog({ capacity: 3 });
    for (let n = 1; n <= 5; n += 1) log.record(entry(n));
    expect(log.entries().map((e) => e.time)).toEqual([3, 4, 5]);
  });

  it("redacts path and decision before storing and before notifying", () => {
    const seen: RequestLogEntry[] = [];
    const log = createRequestLog({ onRecord: (e) => seen.push(e) });
    log.record(entry(1, { path: "/x?password=p", decision: deny("invalid-credentials", `token ${JWT}`) }));
    expect(log.entries()[0]).toMatchObject({
      path: "/x?password=[redacted]",
      decision: { outcome: "deny", code: "invalid-credentials", detail: "token [redacted jwt]" },
    });
    expect(seen).toEqual(log.entries());
  });

  it("formats one line per entry and refuses a bad capacity", () => {
    expect(formatRequestLogEntry(entry(0))).toBe("1970-01-01T00:00:00.000Z entra GET emulator/0 200 allow");
    expect(() => createRequestLog({ capacity: 0 })).toThrow(
      "request log: capacity must be a positive integer, got 0",
    );
  });
});
