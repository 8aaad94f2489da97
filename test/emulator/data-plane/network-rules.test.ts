import { describe, expect, it } from "vitest";
import { ipRuleMatches } from "../../../src/emulator/data-plane/network-rules.js";

describe("ipRuleMatches", () => {
  it("matches single addresses, v4-mapped peers and CIDR ranges", () => {
    expect(ipRuleMatches("127.0.0.1", "::ffff:127.0.0.1")).toBe(true);
    expect(ipRuleMatches("127.0.0.1", "127.0.0.2")).toBe(false);
    expect(ipRuleMatches("10.1.0.0/16", "10.1.255.3")).toBe(true);
    expect(ipRuleMatches("10.1.0.0/16", "10.2.0.1")).toBe(false);
    expect(ipRuleMatches("0.0.0.0/0", "203.0.113.9")).toBe(true);
    expect(ipRuleMatches("::1", "::1")).toBe(true);
    expect(ipRuleMatches("10.0.0.0/40", "10.0.0.1")).toBe(false);
  });
});
