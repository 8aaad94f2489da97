// The seed case's app (shared/seeds/000) with the keyless library: the same chat call, but the
// client is built by createAzureOpenAI, which asks for the endpoint's own scope, refuses a
// configuration that cannot work keyless before the first call, and turns a refusal into a
// KeylessAuthError that names the cause and the fix.
//
// Run it against Azure:      npx tsc -p examples && node examples/dist/keyless-chat.js
// Or against the emulator:   keyless emulator --scenario seed-000 -- node examples/dist/keyless-chat.js
//
// Exit code 0 when the call works, 1 when it is refused (the cause code and fix printed).
import { createAzureOpenAI, KeylessAuthError, KeylessConfigError } from "keyless";

const deployment = process.env.AZURE_OPENAI_DEPLOYMENT ?? "gpt-4o";

try {
  const client = createAzureOpenAI({
    deployment,
    apiVersion: process.env.OPENAI_API_VERSION ?? "2024-10-21",
  });
  const completion = await client.chat.completions.create({
    model: deployment,
    messages: [{ role: "user", content: "Say hello." }],
    max_tokens: 16,
  });
  console.log(completion.choices[0]?.message?.content ?? "");
} catch (error) {
  if (error instanceof KeylessAuthError || error instanceof KeylessConfigError) {
    console.error(`${error.diagnosis.code}: ${error.diagnosis.title}\n${error.diagnosis.fix}`);
  } else {
    console.error(error instanceof Error ? error.message : String(error));
  }
  process.exitCode = 1;
}
