import { describe, expect, it } from "vitest";
import { runInLoadedShell, startEmulatorProcess } from "../../helpers/emulator-process.js";

// The real curl (Debian's /usr/bin/curl), given nothing but the env file the emulator wrote:
// curl reads only the lower-case http_proxy for http:// URLs, and CURL_CA_BUNDLE for the CA.

const IMDS_TOKEN =
  "curl -sS 'http://169.254.169.254/metadata/identity/oauth2/token?resource=https://cognitiveservices.azure.com&api-version=2018-02-01' -H 'Metadata: true'";
const READ_TOKEN = `node -e 'let t="";process.stdin.on("data",c=>t+=c).on("end",()=>process.stdout.write(JSON.parse(t).access_token))'`;
const CHAT = `curl -sS -w '\\n%{http_code}' -X POST "$AZURE_OPENAI_ENDPOINT/openai/deployments/$AZURE_OPENAI_DEPLOYMENT/chat/completions?api-version=$OPENAI_API_VERSION" -H "Authorization: Bearer $token" -H 'content-type: application/json' -d '{"messages":[{"role":"user","content":"Hello"}]}'`;

describe("curl with the printed environment alone", () => {
  it("reaches the emulator's IMDS at 169.254.169.254, and the token completes a chat on the production URL", async () => {
    const emulator = await startEmulatorProcess(["--scenario", "default"]);
    try {
      const imds = await runInLoadedShell(emulator, IMDS_TOKEN);
      expect(imds.stderr).toBe("");
      const body = JSON.parse(imds.stdout) as Record<string, string>;
      expect(body).toMatchObject({ token_type: "Bearer", resource: "https://cognitiveservices.azure.com" });
      expect(body.access_token).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
      const chat = await runInLoadedShell(emulator, `token=$(${IMDS_TOKEN} | ${READ_TOKEN}) && ${CHAT}`);
      expect(chat.stderr).toBe("");
      expect(chat.stdout.split("\n").at(-1)).toBe("200");
      expect(chat.stdout).toContain('"object":"chat.completion"');
    } finally {
      await emulator.stop();
    }
  });

  it("seed-000: the same token request works, and the chat gets Azure's 401 PermissionDenied", async () => {
    const emulator = await startEmulatorProcess(["--scenario", "seed-000"]);
    try {
      const chat = await runInLoadedShell(emulator, `token=$(${IMDS_TOKEN} | ${READ_TOKEN}) && ${CHAT}`);
      const [body = "", status] = chat.stdout.split("\n");
      expect(status).toBe("401");
      expect(JSON.parse(body)).toMatchObject({ error: { code: "PermissionDenied" } });
    } finally {
      await emulator.stop();
    }
  });

  it("credential.mi-identity-not-assigned: IMDS answers 400 'Identity not found'", async () => {
    const emulator = await startEmulatorProcess(["--scenario", "credential.mi-identity-not-assigned"]);
    try {
      const imds = await runInLoadedShell(emulator, `${IMDS_TOKEN} -w '\\n%{http_code}'`);
      const [body = "", status] = imds.stdout.split("\n");
      expect(status).toBe("400");
      expect(JSON.parse(body)).toEqual({ error: "invalid_request", error_description: "Identity not found" });
    } finally {
      await emulator.stop();
    }
  });
});
