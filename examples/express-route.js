// An HTTP route (Express) that answers with Azure OpenAI, keyless: the client is built once at
// start (a configuration that cannot work keyless stops the server there, with the cause), and a
// refusal becomes a 502 whose body names the cause code, never the token.
//
// Run it:                    PORT=3000 node examples/express-route.js
// Against the emulator:      keyless emulator --scenario default -- node examples/express-route.js
// Then:                      curl -s -X POST localhost:3000/chat -H 'content-type: application/json' -d '{"message":"Hi"}'
import express from "express";
import { createAzureOpenAI, KeylessAuthError } from "keyless";

const deployment = process.env.AZURE_OPENAI_DEPLOYMENT ?? "gpt-4o";
const client = createAzureOpenAI({ deployment, apiVersion: process.env.OPENAI_API_VERSION ?? "2024-10-21" });

const app = express();
app.use(express.json());
app.post("/chat", async (request, response) => {
  const message = typeof request.body?.message === "string" ? request.body.message : "";
  if (message === "") return response.status(400).json({ error: 'send {"message": "<text>"}' });
  try {
    const completion = await client.chat.completions.create({
      model: deployment,
      messages: [{ role: "user", content: message }],
    });
    return response.json({ reply: completion.choices[0]?.message?.content ?? "" });
  } catch (error) {
    if (error instanceof KeylessAuthError) {
      return response.status(502).json({ error: error.diagnosis.code, title: error.diagnosis.title });
    }
    return response
      .status(502)
      .json({ error: "upstream", message: error instanceof Error ? error.message : String(error) });
  }
});

const server = app.listen(Number(process.env.PORT ?? 3000), "127.0.0.1", () => {
  const address = server.address();
  console.log(`listening on http://127.0.0.1:${typeof address === "object" && address ? address.port : ""}`);
});
