import { classifyEndpoint, scopeForEndpoint } from "../knowledge/endpoint-form.js";

/**
 * The scope a keyless client should request: from the endpoint the code shows when it shows one
 * (a string literal), else from the endpoint the user named (`--endpoint`), else the public
 * Cognitive Services scope. The scope itself comes from knowledge's {@link scopeForEndpoint}
 * (`https://ai.azure.com/.default` for Foundry project endpoints, the sovereign scopes).
 *
 * @example
 * chooseScope("https://contoso.openai.azure.us", undefined); // "https://cognitiveservices.azure.us/.default"
 * chooseScope(undefined, undefined); // "https://cognitiveservices.azure.com/.default"
 */
export function chooseScope(endpointInCode: string | undefined, endpointOption: string | undefined): string {
  const shown =
    endpointInCode !== undefined && /^\s*https?:\/\//i.test(endpointInCode) ? endpointInCode : undefined;
  return scopeForEndpoint(shown ?? endpointOption ?? "");
}

/**
 * A sentence to add to a fix when the endpoint cannot take tokens as written (a regional endpoint),
 * or `""`.
 *
 * @example
 * endpointWarning("https://eastus.api.cognitive.microsoft.com"); // " The endpoint ... is regional; ..."
 */
export function endpointWarning(endpoint: string | undefined): string {
  if (endpoint === undefined || !/^\s*https?:\/\//i.test(endpoint)) return "";
  const c = classifyEndpoint(endpoint);
  if (c.kind !== "regional") return "";
  return ` The endpoint ${c.url ?? endpoint} is regional and takes keys only; tokens need the resource's custom subdomain (${c.hint ?? "https://<name>.openai.azure.com"}).`;
}

/**
 * Whether a string literal is an Azure OpenAI / Azure AI endpoint (an `openai`, `cognitiveservices`,
 * `services.ai.azure.com` or regional host, in any cloud).
 *
 * @example
 * isAzureAiEndpoint("https://contoso.openai.azure.com/openai/v1/"); // true
 * isAzureAiEndpoint("https://api.openai.com/v1"); // false
 */
export function isAzureAiEndpoint(value: string | undefined): boolean {
  if (value === undefined || !/^\s*https?:\/\//i.test(value)) return false;
  const kind = classifyEndpoint(value).kind;
  return kind !== "unknown-host";
}
