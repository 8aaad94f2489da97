import { describe, expect, it } from "vitest";
import {
  audienceFromScope,
  CLOUD_NAMES,
  CLOUDS,
  cloudForAudience,
  cloudForAuthorityHost,
} from "../../src/knowledge/clouds.js";

describe("CLOUDS", () => {
  it("holds the public cloud facts", () => {
    expect(CLOUDS.public).toEqual({
      name: "public",
      displayName: "Azure public cloud",
      authorityHost: "https://login.microsoftonline.com",
      alternativeAuthorityHosts: ["https://login.windows.net"],
      cognitiveServicesAudience: "https://cognitiveservices.azure.com",
      cognitiveServicesScope: "https://cognitiveservices.azure.com/.default",
      armHost: "https://management.azure.com",
      armScope: "https://management.azure.com/.default",
      openAIHostSuffixes: [".openai.azure.com", ".cognitiveservices.azure.com", ".services.ai.azure.com"],
      regionalHostSuffix: ".api.cognitive.microsoft.com",
      aiServicesHostSuffix: ".services.ai.azure.com",
      foundryAudience: "https://ai.azure.com",
      foundryScope: "https://ai.azure.com/.default",
      apimHostSuffix: ".azure-api.net",
    });
  });

  it("holds the US Government facts", () => {
    expect(CLOUDS.usgov).toEqual({
      name: "usgov",
      displayName: "Azure US Government",
      authorityHost: "https://login.microsoftonline.us",
      alternativeAuthorityHosts: [],
      cognitiveServicesAudience: "https://cognitiveservices.azure.us",
      cognitiveServicesScope: "https://cognitiveservices.azure.us/.default",
      armHost: "https://management.usgovcloudapi.net",
      armScope: "https://management.usgovcloudapi.net/.default",
      openAIHostSuffixes: [".openai.azure.us", ".cognitiveservices.azure.us"],
      regionalHostSuffix: ".api.cognitive.microsoft.us",
      apimHostSuffix: ".azure-api.us",
    });
  });

  it("holds the China facts, with the partner authority as an alternative", () => {
    expect(CLOUDS.china).toEqual({
      name: "china",
      displayName: "Azure China (21Vianet)",
      authorityHost: "https://login.chinacloudapi.cn",
      alternativeAuthorityHosts: ["https://login.partner.microsoftonline.cn"],
      cognitiveServicesAudience: "https://cognitiveservices.azure.cn",
      cognitiveServicesScope: "https://cognitiveservices.azure.cn/.default",
      armHost: "https://management.chinacloudapi.cn",
      armScope: "https://management.chinacloudapi.cn/.default",
      openAIHostSuffixes: [".openai.azure.cn", ".cognitiveservices.azure.cn"],
      regionalHostSuffix: ".api.cognitive.azure.cn",
      apimHostSuffix: ".azure-api.cn",
    });
  });

  it("derives every scope from its audience", () => {
    for (const name of CLOUD_NAMES) {
      const info = CLOUDS[name];
      expect(info.name).toBe(name);
      expect(info.cognitiveServicesScope).toBe(`${info.cognitiveServicesAudience}/.default`);
      expect(info.armScope).toBe(`${info.armHost}/.default`);
    }
  });

  it("is frozen so no caller can change the facts for everyone", () => {
    expect(Object.isFrozen(CLOUDS)).toBe(true);
    expect(Object.isFrozen(CLOUDS.public)).toBe(true);
    expect(Object.isFrozen(CLOUDS.public.openAIHostSuffixes)).toBe(true);
    expect(() => {
      (CLOUDS.public as { authorityHost: string }).authorityHost = "https://evil.example";
    }).toThrow(TypeError);
  });
});

describe("cloudForAuthorityHost", () => {
  it.each([
    ["https://login.microsoftonline.com", "public"],
    ["https://login.microsoftonline.com/", "public"],
    ["https://LOGIN.MicrosoftOnline.com/contoso.onmicrosoft.com/v2.0", "public"],
    ["login.microsoftonline.com", "public"],
    ["https://login.windows.net/common", "public"],
    ["https://login.microsoftonline.us", "usgov"],
    ["login.microsoftonline.us/", "usgov"],
    ["https://login.chinacloudapi.cn", "china"],
    ["https://login.partner.microsoftonline.cn", "china"],
    ["  https://login.partner.microsoftonline.cn/  ", "china"],
  ] as const)("%s -> %s", (input, cloud) => {
    expect(cloudForAuthorityHost(input)).toBe(cloud);
  });

  it.each([
    "",
    "   ",
    "https://127.0.0.1:8443",
    "https://login.microsoftonline.com.evil.example",
    "https://evil-login.microsoftonline.com",
    "not a host at all",
    "https://",
  ])("%j is not a known authority", (input) => {
    expect(cloudForAuthorityHost(input)).toBeUndefined();
  });
});

describe("audienceFromScope", () => {
  it.each([
    ["https://cognitiveservices.azure.com/.default", "https://cognitiveservices.azure.com"],
    ["https://cognitiveservices.azure.us/.default", "https://cognitiveservices.azure.us"],
    ["https://ai.azure.com/.default", "https://ai.azure.com"],
    ["https://cognitiveservices.azure.com//.default", "https://cognitiveservices.azure.com/"],
    ["https://cognitiveservices.azure.com/.DEFAULT", "https://cognitiveservices.azure.com"],
    [" https://management.azure.com/.default ", "https://management.azure.com"],
    ["https://cognitiveservices.azure.com", "https://cognitiveservices.azure.com"],
    ["https://cognitiveservices.azure.com/", "https://cognitiveservices.azure.com/"],
    ["https://cognitiveservices.azure.com/user_impersonation", "https://cognitiveservices.azure.com"],
    ["api://11111111-2222-3333-4444-555555555555/.default", "api://11111111-2222-3333-4444-555555555555"],
    ["api://my-app/access_as_user", "api://my-app"],
    ["openid", "openid"],
    ["", ""],
  ])("%j -> %j", (scope, audience) => {
    expect(audienceFromScope(scope)).toBe(audience);
  });
});

describe("cloudForAudience", () => {
  it.each([
    ["https://cognitiveservices.azure.com", "public"],
    ["https://cognitiveservices.azure.com/", "public"],
    ["https://cognitiveservices.azure.com/.default", "public"],
    ["https://cognitiveservices.azure.com//.default", "public"],
    ["HTTPS://CognitiveServices.Azure.com", "public"],
    ["https://ai.azure.com", "public"],
    ["https://ai.azure.com/.default", "public"],
    ["https://management.azure.com/", "public"],
    ["https://cognitiveservices.azure.us", "usgov"],
    ["https://cognitiveservices.azure.us/.default", "usgov"],
    ["https://management.usgovcloudapi.net", "usgov"],
    ["https://cognitiveservices.azure.cn/", "china"],
    ["https://cognitiveservices.azure.cn/.default", "china"],
    ["https://management.chinacloudapi.cn/.default", "china"],
  ] as const)("%s -> %s", (aud, cloud) => {
    expect(cloudForAudience(aud)).toBe(cloud);
  });

  it.each([
    "",
    "api://my-app",
    "https://graph.microsoft.com",
    "https://cognitiveservices.azure.com.evil.example",
    "https://cognitiveservice.azure.com",
    "00000003-0000-0000-c000-000000000000",
  ])("%j is not a known audience", (aud) => {
    expect(cloudForAudience(aud)).toBeUndefined();
  });
});
