import type { CauseCode } from "../../knowledge/cause.js";
import { type BaseWorld, createBaseWorld } from "./base-world.js";
import type { Scenario } from "./scenario.js";

const ACCOUNT = "contoso-openai";
const PROJECT = "proj";
const OTHER_PROJECT = "proj-eval";
const OPENAI_USER = "Cognitive Services OpenAI User";
const AI_USER = "Azure AI User";

/** The project endpoint @azure/ai-projects takes, printed as FOUNDRY_PROJECT_ENDPOINT. */
const PROJECT_ENDPOINT = `https://${ACCOUNT}.services.ai.azure.com/api/projects/${PROJECT}`;
/** The account's Azure AI model inference endpoint, printed as AZURE_INFERENCE_ENDPOINT. */
const INFERENCE_ENDPOINT = `https://${ACCOUNT}.services.ai.azure.com/models`;

/**
 * The base world with contoso-openai as an AI Services (Foundry) account holding project `proj`,
 * and the printed env naming the project endpoint (FOUNDRY_PROJECT_ENDPOINT, the variable
 * @azure/ai-projects' README reads) and the model inference endpoint (AZURE_INFERENCE_ENDPOINT).
 */
function createFoundryBaseWorld(): BaseWorld {
  const world = createBaseWorld();
  const [account] = world.accounts;
  if (account !== undefined) {
    account.kind = "AIServices";
    account.projects = [{ name: PROJECT }];
  }
  world.defaults.env = {
    ...world.defaults.env,
    FOUNDRY_PROJECT_ENDPOINT: PROJECT_ENDPOINT,
    AZURE_INFERENCE_ENDPOINT: INFERENCE_ENDPOINT,
  };
  return world;
}

/** Replace every data-plane role assignment of `principal` with `role` at `scope` (Reader stays). */
function reassign(world: BaseWorld, principal: string, role: string, scope: string): void {
  world.roleAssignments = world.roleAssignments.filter(
    (assignment) => assignment.principal !== principal || assignment.role === "Reader",
  );
  world.roleAssignments.push({ principal, role, scope, createdMinutesAgo: 60 });
}

/** Build a scenario from the Foundry base world and one change to it. */
function scenario(
  name: string,
  description: string,
  causeCode: CauseCode,
  change: (world: BaseWorld) => void,
  extra: Partial<Pick<Scenario, "secondaryCauseCodes" | "reproduce" | "doctorArgs">> = {},
): [string, Scenario] {
  const world = createFoundryBaseWorld();
  change(world);
  world.description = `${name}: ${description}`;
  return [name, { description, causeCode, ...extra, world }];
}

/**
 * Foundry (AI Services) worlds: audiences per surface and role assignments at project scope.
 * Named `<cause-code>.<variant>` because each cause code already names a built-in scenario.
 *
 * - `rbac.missing-data-action.responses`: the Responses API needs `.../OpenAI/responses/write`,
 *   which a read-only data role lacks;
 * - `token.wrong-audience.ml-scope`: an `https://ml.azure.com` token (Entra issues it) on the data
 *   plane gets the flat 401 naming https://cognitiveservices.azure.com;
 * - `token.wrong-audience.project-cognitive-scope`: a Cognitive Services token on the project
 *   endpoint gets the flat 401 naming https://ai.azure.com;
 * - `rbac.wrong-scope.project-role`: a role on the project does not reach the account's own
 *   `/openai/...` endpoints;
 * - `rbac.wrong-scope.other-project`: a role on one project does not reach another project of the
 *   same account (a role on the account does reach its projects, so that direction is no refusal).
 *
 * @example
 * FOUNDRY_SCENARIOS["rbac.wrong-scope.project-role"]?.causeCode; // "rbac.wrong-scope"
 */
export const FOUNDRY_SCENARIOS: Readonly<Record<string, Scenario>> = Object.fromEntries([
  scenario(
    "rbac.missing-data-action.responses",
    "The app calls the Responses API (POST /openai/v1/responses, the default of the AI SDK's azure(deployment)) and its principal holds Cognitive Services Data Reader (Preview), whose data actions only read: the token gets 401 PermissionDenied naming Microsoft.CognitiveServices/accounts/OpenAI/responses/write.",
    "rbac.missing-data-action",
    (world) => {
      reassign(world, "app", "Cognitive Services Data Reader (Preview)", `account:${ACCOUNT}`);
    },
    {
      reproduce: "POST /openai/v1/responses with a token for https://cognitiveservices.azure.com/.default.",
      doctorArgs: ["--call", "responses"],
    },
  ),
  scenario(
    "token.wrong-audience.ml-scope",
    "The app uses @azure-rest/ai-inference's ModelClient without credentials.scopes, so it requests its default scope https://ml.azure.com/.default: Entra issues the token and the data plane answers the flat 401 naming https://cognitiveservices.azure.com.",
    "token.wrong-audience",
    () => {},
    {
      reproduce:
        "Request a token for https://ml.azure.com/.default (ModelClient's default scope) and call the account with it.",
      doctorArgs: ["--endpoint", "$AZURE_INFERENCE_ENDPOINT", "--scope", "https://ml.azure.com/.default"],
    },
  ),
  scenario(
    "token.wrong-audience.project-cognitive-scope",
    "The app's principal holds Azure AI User on the account and calls the Foundry project endpoint with a token for https://cognitiveservices.azure.com/.default: the project answers the flat 401 naming https://ai.azure.com.",
    "token.wrong-audience",
    (world) => {
      reassign(world, "app", AI_USER, `account:${ACCOUNT}`);
    },
    {
      reproduce:
        "Call FOUNDRY_PROJECT_ENDPOINT with a token for https://cognitiveservices.azure.com/.default instead of https://ai.azure.com/.default.",
      doctorArgs: [
        "--endpoint",
        "$FOUNDRY_PROJECT_ENDPOINT",
        "--scope",
        "https://cognitiveservices.azure.com/.default",
      ],
    },
  ),
  scenario(
    "rbac.wrong-scope.project-role",
    `The app's principal holds ${OPENAI_USER} on the Foundry project ${PROJECT} only, and calls the account's own /openai endpoint: a project-scoped role does not apply to the account, so the token gets 401 PermissionDenied.`,
    "rbac.wrong-scope",
    (world) => {
      reassign(world, "app", OPENAI_USER, `project:${ACCOUNT}/${PROJECT}`);
    },
  ),
  scenario(
    "rbac.wrong-scope.other-project",
    `The account has projects ${PROJECT} and ${OTHER_PROJECT}; the app's principal holds ${AI_USER} on ${OTHER_PROJECT} only and calls ${PROJECT}: 401 PermissionDenied with the Foundry permissions link.`,
    "rbac.wrong-scope",
    (world) => {
      const [account] = world.accounts;
      if (account !== undefined) account.projects = [{ name: PROJECT }, { name: OTHER_PROJECT }];
      reassign(world, "app", AI_USER, `project:${ACCOUNT}/${OTHER_PROJECT}`);
    },
    {
      reproduce: "Call FOUNDRY_PROJECT_ENDPOINT with a token for https://ai.azure.com/.default.",
      doctorArgs: ["--endpoint", "$FOUNDRY_PROJECT_ENDPOINT"],
    },
  ),
]);
