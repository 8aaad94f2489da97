// A long-running worker on an Azure host with a managed identity (a VM, App Service, Container
// Apps): one token provider for the life of the process, so tokens are refreshed ahead of expiry
// in the background and a call never waits on Entra ID or IMDS once the first token is in.
//
// Run it on Azure:           AZURE_OPENAI_ENDPOINT=https://<name>.openai.azure.com node examples/managed-identity-worker.js
// Or against the emulator:   keyless emulator --scenario default -- node examples/managed-identity-worker.js
//
// MANAGED_IDENTITY_CLIENT_ID names a user-assigned identity. WORKER_JOBS (default 3) jobs, WORKER_INTERVAL_MS (default 1000) apart; exit code 1 on a refusal.
import { ManagedIdentityCredential } from "@azure/identity";
import { createAzureOpenAI, createTokenProvider, KeylessAuthError } from "keyless";

const endpoint = process.env.AZURE_OPENAI_ENDPOINT;
const deployment = process.env.AZURE_OPENAI_DEPLOYMENT ?? "gpt-4o";
const jobs = Number(process.env.WORKER_JOBS ?? 3);
const intervalMs = Number(process.env.WORKER_INTERVAL_MS ?? 1000);

// A user-assigned identity is named by its client id; without one, the system-assigned identity.
// (Not AZURE_CLIENT_ID: on a machine that also has a service principal's variables, that names the app.)
const clientId = process.env.MANAGED_IDENTITY_CLIENT_ID;
const credential = clientId ? new ManagedIdentityCredential({ clientId }) : new ManagedIdentityCredential();
const tokenProvider = createTokenProvider({ endpoint, credential });
const client = createAzureOpenAI({ endpoint, deployment, apiVersion: "2024-10-21", tokenProvider });

for (let job = 1; job <= jobs; job++) {
  try {
    const completion = await client.chat.completions.create({
      model: deployment,
      messages: [{ role: "user", content: `Job ${job}` }],
      max_tokens: 16,
    });
    console.log(`job ${job}: ${completion.choices[0]?.message?.content ?? ""}`);
  } catch (error) {
    console.error(
      error instanceof KeylessAuthError
        ? `job ${job}: ${error.diagnosis.code}\n${error.diagnosis.fix}`
        : String(error),
    );
    process.exitCode = 1;
    break;
  }
  if (job < jobs) await new Promise((resolve) => setTimeout(resolve, intervalMs));
}
console.log(`token requests: ${tokenProvider.acquisitions}`);
