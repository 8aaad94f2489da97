import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

  describe("App Service (IDENTITY_ENDPOINT + X-IDENTITY-HEADER), as its REST docs show it", () => {
    const WEB_UAMI = "6d2c8e4f-1a3b-4c5d-9e7f-0a1b2c3d4e5f";
    const OTHER_UAMI = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    const WORLD = `
tenants: [{ name: contoso }]
managedIdentities:
  - { name: web-uami, tenant: contoso, kind: user, clientId: ${WEB_UAMI} }
  - { name: other-uami, tenant: contoso, kind: user, clientId: ${OTHER_UAMI} }
hosts: [{ name: web, kind: app-service, identities: [web-uami] }]
defaults: { host: web }
subscriptions: [{ name: prod, tenant: contoso }]
accounts:
  - name: contoso-openai
    subscription: prod
    resourceGroup: rg-ai
    deployments: [{ name: gpt-4o, model: gpt-4o, modelVersion: "2024-11-20" }]
roleAssignments:
  - { principal: web-uami, role: Cognitive Services OpenAI User, scope: "account:contoso-openai" }
`;
    const appServiceToken = (clientId?: string) =>
      `curl -sS "$IDENTITY_ENDPOINT?resource=https://cognitiveservices.azure.com&api-version=2019-08-01${
        clientId === undefined ? "" : `&client_id=${clientId}`
      }" -H "X-IDENTITY-HEADER: $IDENTITY_HEADER"`;

    async function withAppService(
      body: (emulator: Awaited<ReturnType<typeof startEmulatorProcess>>) => Promise<void>,
    ) {
      const dir = await mkdtemp(join(tmpdir(), "keyless-curl-app-service-"));
      const world = join(dir, "world.yaml");
      await writeFile(world, WORLD);
      const emulator = await startEmulatorProcess(["--world", world]);
      try {
        await body(emulator);
      } finally {
        await emulator.stop();
        await rm(dir, { recursive: true, force: true });
      }
    }

    it("the assigned identity's token completes a chat on the production URL", async () => {
      await withAppService(async (emulator) => {
        const token = await runInLoadedShell(emulator, appServiceToken(WEB_UAMI));
        expect(token.stderr).toBe("");
        const body = JSON.parse(token.stdout) as Record<string, string>;
        expect(body).toMatchObject({
          token_type: "Bearer",
          resource: "https://cognitiveservices.azure.com",
          client_id: WEB_UAMI,
        });
        expect(body.access_token).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
        const chat = await runInLoadedShell(
          emulator,
          `token=$(${appServiceToken(WEB_UAMI)} | ${READ_TOKEN}) && ${CHAT}`,
        );
        expect(chat.stderr).toBe("");
        expect(chat.stdout.split("\n").at(-1)).toBe("200");
        expect(chat.stdout).toContain('"object":"chat.completion"');
      });
    });

    // The wording App Service prints, as reported in
    // https://github.com/Azure/azure-sdk-for-net/issues/43691 (a user-assigned identity on a Function).
    it("a client id not assigned to the app, and no client id on a user-assigned-only app: 400 'Unable to load the proper Managed Identity.'", async () => {
      await withAppService(async (emulator) => {
        for (const clientId of [OTHER_UAMI, undefined]) {
          const result = await runInLoadedShell(
            emulator,
            `${appServiceToken(clientId)} -w '\\n%{http_code}'`,
          );
          const [body = "", status] = result.stdout.split("\n");
          expect(status).toBe("400");
          expect(JSON.parse(body)).toMatchObject({
            statusCode: 400,
            message: "Unable to load the proper Managed Identity.",
          });
        }
      });
    });

    it("without X-IDENTITY-HEADER: 403", async () => {
      await withAppService(async (emulator) => {
        const result = await runInLoadedShell(
          emulator,
          `curl -sS -o /dev/null -w '%{http_code}' "$IDENTITY_ENDPOINT?resource=https://cognitiveservices.azure.com&api-version=2019-08-01&client_id=${WEB_UAMI}"`,
        );
        expect(result.stdout).toBe("403");
      });
    });
  });
});
