/** The older Azure AI services keys: 32 hexadecimal characters. */
const HEX_KEY = /^[0-9a-fA-F]{32}$/;
/** The newer Azure AI services keys: 84 letters and digits. */
const LONG_KEY = /^[A-Za-z0-9]{84}$/;

const PLACEHOLDER_WORDS =
  /^(?:x+|\*+|\.+|-+|_+|0+|changeme|change[-_ ]?me|replace[-_ ]?me|todo|tbd|fixme|secret|password|placeholder|dummy|fake|test|example|sample|none|null|undefined|key|api[-_ ]?key|your[-_ ]?(?:azure[-_ ]?)?(?:openai[-_ ]?)?(?:api[-_ ]?)?key(?:[-_ ]?here)?|(?:insert|enter|put|add)[-_ ]?(?:your[-_ ]?)?(?:api[-_ ]?)?key(?:[-_ ]?here)?|<[^>]*>|\{[^}]*\}|\[[^\]]*\])$/i;

/**
 * Whether a string has the shape of an Azure AI services key (32 hex characters, or the newer
 * 84-character keys), which is the one thing migrate matches with a regular expression in code.
 *
 * @example
 * looksLikeAzureKey("0123456789abcdef0123456789abcdef"); // true
 * looksLikeAzureKey("hello"); // false
 */
export function looksLikeAzureKey(value: string): boolean {
  return HEX_KEY.test(value) || LONG_KEY.test(value);
}

/**
 * Whether a value is an obvious placeholder rather than a key: empty, `<your-key>`, `xxx`,
 * `YOUR_API_KEY`, `changeme`, `***`, `{key}`, a value that says "your ... key" or "here".
 *
 * @example
 * isPlaceholder("<your-key>"); // true
 * isPlaceholder("YOUR_AZURE_OPENAI_API_KEY"); // true
 * isPlaceholder("0123456789abcdef0123456789abcdef"); // false
 */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v === "") return true;
  if (PLACEHOLDER_WORDS.test(v)) return true;
  if (/^(?:your|my)[-_ ]/i.test(v) || /[-_ ]here$/i.test(v)) return true;
  if (/^[xX*.#?-]{3,}$/.test(v)) return true;
  // YOUR_API_KEY, AZURE_OPENAI_API_KEY written as its own value, <AZURE_OPENAI_KEY>.
  if (/^[A-Z][A-Z0-9_]*KEY[A-Z0-9_]*$/.test(v) && !looksLikeAzureKey(v)) return true;
  return false;
}

/**
 * Whether a configuration value refers to another place (`${AZURE_OPENAI_API_KEY}`, `$KEY`,
 * `@Microsoft.KeyVault(...)`) instead of holding the key itself.
 *
 * @example
 * isReference("${AZURE_OPENAI_API_KEY}"); // true
 */
export function isReference(value: string): boolean {
  return (
    /^\$\{?[A-Za-z_][A-Za-z0-9_]*(?::?-[^}]*)?\}?$/.test(value.trim()) ||
    /^@Microsoft\.KeyVault\(/i.test(value.trim())
  );
}

/** Names that hold an Azure OpenAI / Azure AI key in configuration (`AZURE_OPENAI_API_KEY`, `AzureOpenAI:ApiKey`). */
const KEY_NAME = /(?:api[-_]?key|apikey|key|subscription[-_]?key)$/i;
const AI_NAME = /openai|aoai|cognitive|foundry|ai[-_]?services|azure[-_]?ai|inference|azureai|gpt|llm/i;

/**
 * Whether a configuration name (with the names of the sections it sits in) holds an Azure
 * OpenAI / Azure AI key: the name ends in `KEY` / `ApiKey` and it or a section says OpenAI,
 * Azure AI, Cognitive Services, Foundry or inference.
 *
 * @example
 * isAzureAiKeyName(["AZURE_OPENAI_API_KEY"]); // true
 * isAzureAiKeyName(["AzureOpenAI", "ApiKey"]); // true
 * isAzureAiKeyName(["AZURE_SEARCH_KEY"]); // false
 */
export function isAzureAiKeyName(path: readonly string[]): boolean {
  const name = path.at(-1) ?? "";
  if (!KEY_NAME.test(name)) return false;
  if (/search|maps|storage|cosmos|redis|servicebus|eventhub|speech[-_]?key$/i.test(path.join("."))) {
    return false;
  }
  return path.some((part) => AI_NAME.test(part));
}
