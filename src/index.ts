/**
 * keyless: keyless (Microsoft Entra ID) authentication to Azure OpenAI that works, explains precisely
 * why when it does not, and can be tested offline.
 *
 * @example
 * import { createAzureOpenAI, explain, classifyEndpoint } from "keyless";
 * const client = createAzureOpenAI({ endpoint: process.env.AZURE_OPENAI_ENDPOINT, apiVersion: "2024-10-21" });
 * const [cause] = explain(errorText);
 * console.log(cause?.code, cause?.fix);
 * console.log(classifyEndpoint("https://eastus.api.cognitive.microsoft.com").problems);
 *
 * @packageDocumentation
 */

export type { CreateAzureOpenAIOptions } from "./client/create-azure-openai.js";
export { createAzureOpenAI } from "./client/create-azure-openai.js";
export type { DiagnoseFurtherOptions } from "./client/diagnose-further.js";
export { diagnoseFurther } from "./client/diagnose-further.js";
export type { Diagnosis } from "./client/keyless-errors.js";
export { KeylessAuthError, KeylessConfigError, KeylessTokenError } from "./client/keyless-errors.js";
export type { TokenClaims } from "./client/token-claims.js";
export type { KeylessTokenProvider, TokenProviderOptions } from "./client/token-provider.js";
export { createTokenProvider } from "./client/token-provider.js";
export { diagnose } from "./diagnose/diagnose.js";
export type { DiagnoseOptions, DiagnoseProgressEvent } from "./diagnose/diagnose-options.js";
export { DiagnoseOptionsError } from "./diagnose/diagnose-options-error.js";
export type {
  CredentialReport,
  DiagnosisReport,
  Finding,
  FindingBasis,
  Severity,
  TokenIdentity,
} from "./diagnose/diagnosis-report.js";
export type { InspectTokenOptions, TokenReport } from "./diagnose/inspect-token.js";
export { inspectToken } from "./diagnose/inspect-token.js";
export { BUILT_IN_SCENARIOS, getScenario, listScenarioNames } from "./emulator/scenarios/index.js";
export type { Scenario } from "./emulator/scenarios/scenario.js";
export type { EmulatorFiles, RunningEmulator, StartEmulatorOptions } from "./emulator/start-emulator.js";
export { startEmulator } from "./emulator/start-emulator.js";
export { loadWorld, validateWorld } from "./emulator/world/load-world.js";
export type { WorldDocument, WorldInput } from "./emulator/world/schema.js";
export { WorldFileError } from "./emulator/world/world-file-error.js";
export type { AadstsEntry } from "./knowledge/aadsts.js";
export { AADSTS_ENTRIES, lookupAadsts } from "./knowledge/aadsts.js";
export { normalizeAudience, sameAudience } from "./knowledge/audience.js";
export type { CauseCode, CauseEntry, CauseFamily } from "./knowledge/cause.js";
export { CAUSES, getCause, isCauseCode, listCauseCodes } from "./knowledge/causes.js";
export type { CloudInfo, CloudName } from "./knowledge/clouds.js";
export { CLOUDS } from "./knowledge/clouds.js";
export type { RequiredDataAction } from "./knowledge/data-actions.js";
export { dataActionForRequest } from "./knowledge/data-actions.js";
export type { EndpointClassification, EndpointKind, EndpointProblem } from "./knowledge/endpoint-form.js";
export {
  classifyEndpoint,
  expectedAudienceForEndpoint,
  scopeForEndpoint,
} from "./knowledge/endpoint-form.js";
export type { ExplainOptions } from "./knowledge/explain.js";
export { explain } from "./knowledge/explain.js";
export type { Facts } from "./knowledge/facts.js";
export type { FixLanguage } from "./knowledge/fix-language.js";
export { detectFixLanguage, FIX_LANGUAGES } from "./knowledge/fix-language.js";
export { JWT_IN_TEXT, looksLikeJwt } from "./knowledge/jwt-shape.js";
export type { Match } from "./knowledge/match.js";
export type { LanguageFix } from "./knowledge/render-fix.js";
export { renderFixForLanguages } from "./knowledge/render-fix.js";
export type { RoleDefinition, RolePermissions } from "./knowledge/roles.js";
export {
  BUILT_IN_ROLES,
  findRole,
  roleGrantsDataAction,
  rolesGrantingDataAction,
} from "./knowledge/roles.js";
export { migrate } from "./migrate/migrate.js";
export type {
  FindingKind,
  MigrateArmOptions,
  MigrateFinding,
  MigrateOptions,
  MigratePlan,
  MigrateResult,
} from "./migrate/migrate-types.js";
