// The seed case's app (shared/seeds/000), in JavaScript: an Azure OpenAI chat call that uses
// Microsoft Entra ID instead of an API key, configured exactly as openai-node's and
// @azure/identity's own docs show, with nothing emulator-specific in it.
//
// Run it against Azure:      node examples/seed-app.js
// Or against the emulator:   keyless emulator --scenario seed-000 -- node examples/seed-app.js
//
// Exit code 0 when the call works, 1 when Azure refuses it (the status and Azure's message printed).
import { DefaultAzureCredential, getBearerTokenProvider } from "@azure/identity";
import { AzureOpenAI } from "openai";

const endpoint = process.env.AZURE_OPENAI_ENDPOINT;
const deployment = process.env.AZURE_OPENAI_DEPLOYMENT ?? "gpt-4o";
const apiVersion = process.env.OPENAI_API_VERSION ?? "2024-10-21";

const azureADTokenProvider = getBearerTokenProvider(
  new DefaultAzureCredential(),
  "https://cognitiveservices.azure.com/.default",
);
const client = new AzureOpenAI({ endpoint, apiVersion, deployment, azureADTokenProvider });

try {
  const completion = await client.chat.completions.create({
    model: deployment,
    messages: [{ role: "user", content: "Say hello." }],
    max_tokens: 16,
  });
  console.log(`${completion.choices[0]?.message?.content ?? ""}`);
} catch (error) {
  // openai-node's APIError message starts with Azure's status; anything else (a credential that
  // could not get a token, say) is printed as its message.
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
