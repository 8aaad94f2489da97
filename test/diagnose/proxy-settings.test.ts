import { describe, expect, it } from "vitest";
import { proxyForUrl } from "../../src/diagnose/proxy-settings.js";

describe("proxyForUrl", () => {
  it("uses HTTPS_PROXY, then ALL_PROXY, then HTTP_PROXY, upper case first", () => {
    expect(
      proxyForUrl("https://x.openai.azure.com", { HTTPS_PROXY: "http://a:1", HTTP_PROXY: "http://b:2" }),
    ).toEqual({
      proxy: "http://a:1",
      variable: "HTTPS_PROXY",
      bypassed: false,
    });
    expect(proxyForUrl("https://x.openai.azure.com", { https_proxy: "http://c:3" }).variable).toBe(
      "https_proxy",
    );
    expect(proxyForUrl("https://x.openai.azure.com", { HTTP_PROXY: "http://b:2" }).proxy).toBe("http://b:2");
    expect(proxyForUrl("https://x.openai.azure.com", {})).toEqual({ bypassed: false });
  });

  it("honours NO_PROXY like core-rest-pipeline: exact hosts and .domain suffixes", () => {
    const env = { HTTPS_PROXY: "http://p:1", NO_PROXY: "127.0.0.1, .azure.com" };
    expect(proxyForUrl("https://127.0.0.1:8443/x", env).bypassed).toBe(true);
    expect(proxyForUrl("https://contoso.openai.azure.com", env).bypassed).toBe(true);
    expect(proxyForUrl("https://azure.com", env).bypassed).toBe(true);
    expect(proxyForUrl("https://management.azure.us", env).bypassed).toBe(false);
  });
});
