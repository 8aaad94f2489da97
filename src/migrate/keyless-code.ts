/**
 * The keyless code that replaces a key, per language and library, as shown in fixes and in the
 * human report. Every snippet takes the scope chosen for the endpoint.
 *
 * @example
 * keylessCode("python", "openai", "https://cognitiveservices.azure.com/.default");
 */
export function keylessCode(language: string, library: string, scope: string): string {
  const q = JSON.stringify(scope);
  switch (`${language}/${library}`) {
    case "python/openai":
      return [
        "from azure.identity import DefaultAzureCredential, get_bearer_token_provider",
        "from openai import AzureOpenAI",
        "",
        "token_provider = get_bearer_token_provider(",
        "    DefaultAzureCredential(),",
        `    ${q},`,
        ")",
        "client = AzureOpenAI(",
        "    azure_endpoint=endpoint,",
        "    api_version=api_version,",
        "    azure_ad_token_provider=token_provider,",
        ")",
      ].join("\n");
    case "python/openai-v1-api":
      return [
        "from azure.identity import DefaultAzureCredential, get_bearer_token_provider",
        "from openai import OpenAI",
        "",
        "token_provider = get_bearer_token_provider(",
        "    DefaultAzureCredential(),",
        `    ${q},`,
        ")",
        'client = OpenAI(base_url=f"{endpoint}/openai/v1/", api_key=token_provider)',
      ].join("\n");
    case "python/openai-v0":
      return [
        "# openai<1 has no token provider: move to openai>=1 and AzureOpenAI",
        "from azure.identity import DefaultAzureCredential, get_bearer_token_provider",
        "from openai import AzureOpenAI",
        "",
        "token_provider = get_bearer_token_provider(",
        "    DefaultAzureCredential(),",
        `    ${q},`,
        ")",
        "client = AzureOpenAI(",
        "    azure_endpoint=endpoint,",
        "    api_version=api_version,",
        "    azure_ad_token_provider=token_provider,",
        ")",
      ].join("\n");
    case "python/langchain":
      return [
        "from azure.identity import DefaultAzureCredential, get_bearer_token_provider",
        "from langchain_openai import AzureChatOpenAI",
        "",
        "token_provider = get_bearer_token_provider(",
        "    DefaultAzureCredential(),",
        `    ${q},`,
        ")",
        "llm = AzureChatOpenAI(",
        "    azure_endpoint=endpoint,",
        "    azure_deployment=deployment,",
        "    api_version=api_version,",
        "    azure_ad_token_provider=token_provider,",
        ")",
      ].join("\n");
    case "python/azure-ai-inference":
      return [
        "from azure.ai.inference import ChatCompletionsClient",
        "from azure.identity import DefaultAzureCredential",
        "",
        "client = ChatCompletionsClient(",
        "    endpoint=endpoint,",
        "    credential=DefaultAzureCredential(),",
        `    credential_scopes=[${q}],`,
        ")",
      ].join("\n");
    case "python/requests":
    case "python/httpx":
    case "python/http":
      return [
        "from azure.identity import DefaultAzureCredential, get_bearer_token_provider",
        "",
        "token_provider = get_bearer_token_provider(",
        "    DefaultAzureCredential(),",
        `    ${q},`,
        ")",
        'headers = {"Authorization": f"Bearer {token_provider()}"}  # not "api-key"',
      ].join("\n");
    case "javascript/openai":
    case "typescript/openai":
      return [
        'import { DefaultAzureCredential, getBearerTokenProvider } from "@azure/identity";',
        'import { AzureOpenAI } from "openai";',
        "",
        "const azureADTokenProvider = getBearerTokenProvider(",
        "  new DefaultAzureCredential(),",
        `  ${q},`,
        ");",
        "const client = new AzureOpenAI({",
        "  endpoint,",
        "  apiVersion,",
        "  deployment,",
        "  azureADTokenProvider,",
        "});",
      ].join("\n");
    case "javascript/openai-v1-api":
    case "typescript/openai-v1-api":
      return [
        'import { DefaultAzureCredential, getBearerTokenProvider } from "@azure/identity";',
        'import OpenAI from "openai";',
        "",
        "const apiKey = getBearerTokenProvider(",
        "  new DefaultAzureCredential(),",
        `  ${q},`,
        ");",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: JavaScript shown to the user, not run
        "const client = new OpenAI({ baseURL: `${endpoint}/openai/v1/`, apiKey });",
      ].join("\n");
    case "javascript/langchain":
    case "typescript/langchain":
      return [
        'import { DefaultAzureCredential, getBearerTokenProvider } from "@azure/identity";',
        'import { AzureChatOpenAI } from "@langchain/openai";',
        "",
        "const azureADTokenProvider = getBearerTokenProvider(",
        "  new DefaultAzureCredential(),",
        `  ${q},`,
        ");",
        "const llm = new AzureChatOpenAI({",
        "  azureADTokenProvider,",
        "  azureOpenAIApiInstanceName,",
        "  azureOpenAIApiDeploymentName,",
        "  azureOpenAIApiVersion,",
        "});",
      ].join("\n");
    case "javascript/ai-sdk":
    case "typescript/ai-sdk":
      return [
        'import { createAzure } from "@ai-sdk/azure";',
        'import { DefaultAzureCredential, getBearerTokenProvider } from "@azure/identity";',
        "",
        "const getToken = getBearerTokenProvider(",
        "  new DefaultAzureCredential(),",
        `  ${q},`,
        ");",
        "const azure = createAzure({",
        "  resourceName,",
        '  apiKey: "unused", // the AI SDK wants one; the header below replaces it',
        "  fetch: async (url, init) => {",
        "    const headers = new Headers(init?.headers);",
        '    headers.delete("api-key");',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: JavaScript shown to the user, not run
        '    headers.set("authorization", `Bearer ${await getToken()}`);',
        "    return fetch(url, { ...init, headers });",
        "  },",
        "});",
      ].join("\n");
    case "javascript/@azure/openai":
    case "typescript/@azure/openai":
      return [
        "// @azure/openai v1 (OpenAIClient) is retired: use openai's AzureOpenAI",
        'import { DefaultAzureCredential, getBearerTokenProvider } from "@azure/identity";',
        'import { AzureOpenAI } from "openai";',
        "",
        "const azureADTokenProvider = getBearerTokenProvider(",
        "  new DefaultAzureCredential(),",
        `  ${q},`,
        ");",
        "const client = new AzureOpenAI({",
        "  endpoint,",
        "  apiVersion,",
        "  deployment,",
        "  azureADTokenProvider,",
        "});",
      ].join("\n");
    case "javascript/@azure-rest/ai-inference":
    case "typescript/@azure-rest/ai-inference":
      return [
        'import ModelClient from "@azure-rest/ai-inference";',
        'import { DefaultAzureCredential } from "@azure/identity";',
        "",
        "const client = ModelClient(endpoint, new DefaultAzureCredential(), {",
        `  credentials: { scopes: [${q}] },`,
        "});",
      ].join("\n");
    case "javascript/fetch":
    case "typescript/fetch":
    case "javascript/axios":
    case "typescript/axios":
      return [
        'import { DefaultAzureCredential, getBearerTokenProvider } from "@azure/identity";',
        "",
        "const getToken = getBearerTokenProvider(",
        "  new DefaultAzureCredential(),",
        `  ${q},`,
        ");",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: JavaScript shown to the user, not run
        'const headers = { authorization: `Bearer ${await getToken()}` }; // not "api-key"',
      ].join("\n");
    case "csharp/Azure.AI.OpenAI":
      return [
        "using Azure.AI.OpenAI;",
        "using Azure.Identity;",
        "",
        "var client = new AzureOpenAIClient(",
        "    new Uri(endpoint), new DefaultAzureCredential());",
        ...(scope.includes("cognitiveservices.azure.com")
          ? []
          : [
              `// sovereign cloud: new AzureOpenAIClientOptions { Audience = ${JSON.stringify(scope.replace(/\/\.default$/, ""))} }`,
            ]),
      ].join("\n");
    case "csharp/Azure.AI.Inference":
      return [
        "using Azure.AI.Inference;",
        "using Azure.Identity;",
        "",
        "var options = new AzureAIInferenceClientOptions();",
        `options.AddPolicy(new BearerTokenAuthenticationPolicy(new DefaultAzureCredential(), new[] { ${q} }), HttpPipelinePosition.PerRetry);`,
        "var client = new ChatCompletionsClient(new Uri(endpoint), new DefaultAzureCredential(), options);",
      ].join("\n");
    case "csharp/semantic-kernel":
      return [
        "using Azure.Identity;",
        "",
        "builder.AddAzureOpenAIChatCompletion(",
        "    deploymentName, endpoint, new DefaultAzureCredential());",
      ].join("\n");
    case "java/azure-ai-openai":
    case "java/azure-ai-inference":
      return [
        "import com.azure.identity.DefaultAzureCredentialBuilder;",
        "",
        "OpenAIClient client = new OpenAIClientBuilder()",
        "    .endpoint(endpoint)",
        "    .credential(new DefaultAzureCredentialBuilder().build())",
        "    .buildClient();",
      ].join("\n");
    default:
      return "";
  }
}
