import { createBaseWorld } from "../../../src/emulator/scenarios/base-world.js";
import type { WorldInput } from "../../../src/emulator/world/schema.js";

/** The Foundry project endpoint of {@link createFoundryWorld}, printed as FOUNDRY_PROJECT_ENDPOINT. */
export const FOUNDRY_PROJECT_ENDPOINT = "https://contoso-openai.services.ai.azure.com/api/projects/proj";

/**
 * The default world with contoso-openai as an AI Services (Foundry) account holding project `proj`;
 * the app's principal also holds Azure AI User on it, which Foundry project APIs ask for. The
 * printed env gains FOUNDRY_PROJECT_ENDPOINT (the name @azure/ai-projects' README reads) and
 * AZURE_INFERENCE_ENDPOINT, the account's model inference endpoint `<host>/models`.
 */
export function createFoundryWorld(): WorldInput {
  const world = createBaseWorld();
  for (const app of world.applications) app.certificates = [];
  const account = world.accounts[0];
  if (account !== undefined) {
    account.kind = "AIServices";
    account.projects = [{ name: "proj" }];
  }
  world.roleAssignments.push({
    principal: "app",
    role: "Azure AI User",
    scope: "account:contoso-openai",
    createdMinutesAgo: 60,
  });
  world.defaults.env = {
    FOUNDRY_PROJECT_ENDPOINT,
    AZURE_INFERENCE_ENDPOINT: "https://contoso-openai.services.ai.azure.com/models",
  };
  return world;
}
