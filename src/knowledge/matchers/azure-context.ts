/*
 * Whether a text is about Azure at all, for the fallbacks that answer from structure and words: a
 * status line or "token has expired" means an Azure cause only in a text about Azure; the same words
 * in a GitHub, AWS or npm error, or in prose, mean nothing keyless can fix.
 */

/** An Azure AI data-plane host, in any cloud. */
export const AZURE_AI_HOST =
  /\.openai\.azure\.(?:com|us|cn)\b|\.cognitiveservices\.azure\.(?:com|us|cn)\b|\.services\.ai\.azure\.com\b/;

/** The text is about an Azure AI endpoint or an Azure AI client (or an Azure SDK's status line). */
export const AZURE_AI = new RegExp(
  String.raw`\bService request failed\.|${AZURE_AI_HOST.source}|\bAzure\.AI\.OpenAI\b|\bAzureOpenAI\b|\bAzureChatOpenAI\b|\bAzure ?OpenAI\b|\bazure_openai\b|\/openai\/deployments\/|\bAzureChatCompletion\b|\bsemantic_kernel\b|\bSemanticKernel\b|\bapi-version=`,
  "i",
);

/** Anything of Azure or Microsoft Entra ID: a service, a host, an identity SDK's credential, a CLI. */
const AZURE_ANY =
  /\bazure\w*|\bentra\b|\bAADSTS\d|\b\w{2,40}Credential\b|\bMicrosoft\.(?:CognitiveServices|MachineLearningServices)\b|\bmsal\w*|\bIMDS\b|\bmanaged[ _-]?identit|\baz (?:login|account)\b|\bazd\b|\bOcp-Apim\b|\bcognitiveservices\b|\.windows\.net\b|\bmicrosoftonline\b|\bAPIM\b|\bFoundry\b|\bmicrosoft\b/i;

/** A managed identity named: by its words, its endpoints (IMDS, IDENTITY_ENDPOINT, Container Apps' port), its credential. */
export const MANAGED_IDENTITY =
  /\bmanaged[ _-]?identit(?:y|ies)\b|\bMSI\b|\bIMDS\b|169\.254\.169\.254|\bIDENTITY_ENDPOINT\b|\bManagedIdentityCredential\b|\blocalhost:42356\b|\bmanaged_identity\w*/i;

/** azure-identity's log of the credential a chain chose (.NET, Python): that one got its token. */
export const CHAIN_SELECTED =
  /\bDefaultAzureCredential credential selected: [\w.]{1,80}|\bDefaultAzureCredential acquired a token from \w{1,60}/;

/** Another vendor's service or tool, named by its host or its own words. */
const OTHER_VENDOR =
  /\bgithub\.com\b|\bamazonaws\.com\b|\bgoogleapis\.com\b|\bnpmjs\.(?:org|com)\b|\bhuggingface\.co\b|\bdocker\.io\b|\bstripe\b|\banthropic\.com\b|\bapi\.openai\.com\b|\btwilio\b|\bsendgrid\b|\bslack\.com\b|\bokta\b|\bauth0\b|\bkeycloak\b|\bfirebase\b|\bkubectl\b|\bAWS\b|\bBedrock\b|\bGemini\b|\bgcloud\b|\bgh:/i;

/**
 * Whether the text names Azure (an Azure AI endpoint or client, an identity SDK's credential, an
 * Azure CLI, Entra) anywhere.
 *
 * @example
 * mentionsAzure("ManagedIdentityCredential authentication unavailable"); // true
 * mentionsAzure("npm ERR! 403 Forbidden - PUT https://registry.npmjs.org/x"); // false
 */
export function mentionsAzure(text: string): boolean {
  return AZURE_AI.test(text) || AZURE_ANY.test(text);
}

/**
 * Whether the text names another vendor's service or tool (GitHub, AWS, Google, npm, Docker,
 * Stripe, ...).
 *
 * @example
 * mentionsOtherVendor("gh: HTTP 401: Bad credentials"); // true
 */
export function mentionsOtherVendor(text: string): boolean {
  return OTHER_VENDOR.test(text);
}
