import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { MANAGED_IDENTITY_PATHS } from "../../src/emulator/managed-identity/endpoint-paths.js";
import {
  CONTROL_TOKEN,
  DATA_HOST,
  type FuzzRequest,
  type ReliabilityEmulator,
  startReliabilityEmulator,
} from "./reliability-harness.js";

/*
 * Property: whatever a client sends (random paths with broken percent-encoding, query strings,
 * header values a socket may deliver, form and JSON bodies, JWT-shaped strings), no surface answers
 * a 5xx unless it is an injected fault, and no answer throws on its way out (a header value built
 * from input that a response cannot hold). ~300 runs per surface by default; KEYLESS_LONG_FUZZ=1
 * runs 100000.
 */

const LONG = process.env.KEYLESS_LONG_FUZZ === "1";
const NUM_RUNS = LONG ? 100_000 : 300;
const TIMEOUT = LONG ? 0 : 60_000;

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** Text that has broken emulators: bad escapes, header-hostile characters, numbers as objects. */
const NASTY = [
  "%",
  "%E0%A4%A",
  "%ZZ",
  "%00",
  "%0d%0a",
  "%C0%AF",
  "%ff",
  "\u200b",
  "\u201cquoted\u201d",
  "a\r\nb",
  "\u0000",
  "\ud800",
  "..",
  "//",
  "?",
  "#",
  "{}",
  '{"toString":0}',
  "null",
  "1e300",
  "-1",
  "NaN",
  "",
  " ",
  "é",
  "🙂",
  "https://",
  "http://[::1",
  "x".repeat(3000),
];

const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 1, arbitrary: fc.stringMatching(/^[0-9a-f]{0,32}$/) },
);

/** A JSON value of any shape (objects where numbers belong, too). */
const jsonValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 1, 129, 1e12, 1e300, 6_000_000, Number.MAX_SAFE_INTEGER),
  text,
  fc.boolean(),
  fc.constant(null),
  fc.constant({ toString: 0 }),
  fc.constant({ valueOf: {} }),
  fc.array(fc.oneof(text, fc.integer()), { maxLength: 4 }),
  fc.dictionary(text, fc.oneof(text, fc.integer()), { maxKeys: 3 }),
);

/** Strings shaped like JWTs: random headers and claims (alg none, kid with CR/LF, exp as object). */
const jwtLike = fc
  .tuple(
    fc.record(
      {
        alg: fc.oneof(fc.constantFrom("none", "RS256", "PS256", "HS256", "ES256"), jsonValue),
        kid: jsonValue,
        x5t: jsonValue,
        "x5t#S256": jsonValue,
        typ: fc.constantFrom("JWT", "at+jwt"),
      },
      { requiredKeys: [] },
    ),
    fc.record(
      {
        iss: fc.oneof(
          fc.constantFrom("https://sts.windows.net/x/", "https://vstoken.dev.azure.com/x"),
          jsonValue,
        ),
        sub: jsonValue,
        aud: fc.oneof(
          fc.constantFrom("api://AzureADTokenExchange", "https://cognitiveservices.azure.com"),
          jsonValue,
        ),
        exp: jsonValue,
        nbf: jsonValue,
        iat: jsonValue,
        tid: jsonValue,
        oid: jsonValue,
        appid: jsonValue,
        roles: jsonValue,
      },
      { requiredKeys: [] },
    ),
    fc.oneof(
      fc.constant(""),
      fc.base64String({ maxLength: 40 }).map((s) => s.replace(/=/g, "")),
    ),
  )
  .map(([header, claims, signature]) => `${b64url(header)}.${b64url(claims)}.${signature}`);

/** What a socket may hand the emulator as a header value: latin-1 text without CR, LF or NUL. */
const headerValue = fc
  .oneof(
    text,
    jwtLike,
    jwtLike.map((jwt) => `Bearer ${jwt}`),
    text.map((t) => `Basic ${Buffer.from(t).toString("base64")}`),
  )
  .map((value) =>
    Buffer.from(value, "utf8")
      .toString("latin1")
      .replace(/[\r\n\0]/g, ""),
  );

const segment = fc.oneof(
  text,
  fc.constantFrom("openai", "deployments", "gpt-4o", "chat", "completions", "embeddings"),
);

function pathFrom(template: readonly string[]): fc.Arbitrary<string> {
  return fc
    .tuple(
      ...template.map((part) =>
        part === "*"
          ? segment
          : fc.oneof({ weight: 4, arbitrary: fc.constant(part) }, { weight: 1, arbitrary: segment }),
      ),
    )
    .map((parts) => `/${parts.join("/")}`);
}

const query = fc
  .array(
    fc.tuple(
      fc.oneof(
        text,
        fc.constantFrom(
          "api-version",
          "resource",
          "client_id",
          "object_id",
          "msi_res_id",
          "mi_res_id",
          "principal_id",
          "$filter",
          "serviceConnectionId",
        ),
      ),
      fc.oneof(
        text,
        fc.constantFrom(
          "2024-10-21",
          "2018-02-01",
          "2019-08-01",
          "https://cognitiveservices.azure.com",
          "preview",
          "v1",
        ),
      ),
    ),
    {
      maxLength: 4,
    },
  )
  .map((pairs) => (pairs.length === 0 ? "" : `?${pairs.map(([k, v]) => `${k}=${v}`).join("&")}`));

const headerNames = fc.constantFrom(
  "authorization",
  "api-key",
  "metadata",
  "x-identity-header",
  "secret",
  "content-type",
  "client-request-id",
  "x-ms-client-request-id",
  "x-ms-model-mesh-model-name",
  "host",
  "x-forwarded-for",
  "accept",
);

function headersWith(fixed: Record<string, string>): fc.Arbitrary<Record<string, string>> {
  return fc
    .tuple(fc.dictionary(headerNames, headerValue, { maxKeys: 4 }), fc.subarray(Object.keys(fixed)))
    .map(([random, kept]) => ({ ...Object.fromEntries(kept.map((k) => [k, fixed[k] ?? ""])), ...random }));
}

const formBody = fc
  .dictionary(
    fc.oneof(
      fc.constantFrom(
        "client_id",
        "client_secret",
        "client_assertion",
        "client_assertion_type",
        "scope",
        "grant_type",
        "username",
        "password",
        "refresh_token",
        "resource",
        "requested_token_use",
        "assertion",
      ),
      text,
    ),
    fc.oneof(
      text,
      jwtLike,
      fc.constantFrom(
        "client_credentials",
        "password",
        "refresh_token",
        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "https://cognitiveservices.azure.com/.default",
      ),
    ),
    { maxKeys: 6 },
  )
  .map((fields) => new URLSearchParams(fields).toString());

const jsonBody = fc.oneof(
  fc
    .dictionary(
      fc.oneof(
        fc.constantFrom(
          "messages",
          "n",
          "max_tokens",
          "max_completion_tokens",
          "dimensions",
          "input",
          "prompt",
          "stream",
          "encoding_format",
          "model",
          "minutes",
          "role",
          "principal",
          "scope",
          "target",
          "status",
          "times",
          "headers",
          "body",
          "stream_options",
          "max_output_tokens",
          "previous_response_id",
          "instructions",
        ),
        text,
      ),
      fc.oneof(jsonValue, fc.constant([{ role: "user", content: "hi" }])),
      { maxKeys: 6 },
    )
    .map((o) => JSON.stringify(o)),
  text,
);

const body = fc.oneof(formBody, jsonBody, fc.constant(""));
const method = fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

interface SurfaceCase {
  name: string;
  request: (tokens: { app: string }) => fc.Arbitrary<FuzzRequest>;
}

const SURFACES: SurfaceCase[] = [
  {
    name: "entra",
    request: () =>
      fc.record({
        method,
        host: fc.constantFrom("emulator", "login.microsoftonline.com", "login.microsoftonline.us"),
        target: fc
          .tuple(
            fc.oneof(
              pathFrom(["*", "oauth2", "v2.0", "token"]),
              pathFrom(["*", "oauth2", "token"]),
              pathFrom(["*", "v2.0", ".well-known", "openid-configuration"]),
              pathFrom(["common", "discovery", "instance"]),
              pathFrom(["*", "discovery", "v2.0", "keys"]),
            ),
            query,
          )
          .map(([p, q]) => p + q),
        headers: headersWith({ "content-type": "application/x-www-form-urlencoded" }),
        body,
      }),
  },
  {
    name: "managed-identity",
    request: () =>
      fc.record({
        method,
        host: fc.constantFrom("emulator", "169.254.169.254", "127.0.0.1", "localhost"),
        target: fc
          .tuple(
            fc.oneof(
              fc.constantFrom(...Object.values(MANAGED_IDENTITY_PATHS)),
              pathFrom(["metadata", "identity", "oauth2", "*"]),
            ),
            query,
          )
          .map(([p, q]) => p + q),
        headers: headersWith({
          metadata: "true",
          host: "169.254.169.254",
          "x-identity-header": "x",
          secret: "x",
        }),
        body,
        secure: fc.constant(false),
      }),
  },
  {
    name: "arm",
    request: ({ app }) =>
      fc.record({
        method,
        host: fc.constant("management.azure.com"),
        target: fc
          .tuple(
            fc.oneof(
              pathFrom(["subscriptions"]),
              pathFrom([
                "subscriptions",
                "*",
                "resourceGroups",
                "*",
                "providers",
                "Microsoft.CognitiveServices",
                "accounts",
                "*",
              ]),
              pathFrom([
                "subscriptions",
                "*",
                "providers",
                "Microsoft.Authorization",
                "roleAssignments",
                "*",
              ]),
              pathFrom(["*", "providers", "Microsoft.Authorization", "roleDefinitions"]),
              pathFrom(["providers", "*"]),
            ),
            query,
          )
          .map(([p, q]) => p + q),
        headers: headersWith({ authorization: `Bearer ${app}`, "content-type": "application/json" }),
        body,
      }),
  },
  {
    name: "data-plane",
    request: ({ app }) =>
      fc.record({
        method: fc.oneof({ weight: 4, arbitrary: fc.constant("POST") }, { weight: 1, arbitrary: method }),
        host: fc.constantFrom(
          DATA_HOST,
          "contoso-openai.cognitiveservices.azure.com",
          "eastus.api.cognitive.microsoft.com",
          "contoso-openai.services.ai.azure.com",
        ),
        target: fc
          .tuple(
            fc.oneof(
              pathFrom(["openai", "deployments", "gpt-4o", "chat", "completions"]),
              pathFrom(["openai", "deployments", "text-embedding-3-small", "embeddings"]),
              pathFrom(["openai", "deployments", "gpt-35-turbo-instruct", "completions"]),
              pathFrom(["openai", "v1", "chat", "completions"]),
              pathFrom(["openai", "v1", "responses", "*"]),
              pathFrom(["models", "chat", "completions"]),
              pathFrom(["api", "projects", "*", "assistants"]),
            ),
            query,
          )
          .map(([p, q]) => p + q),
        headers: headersWith({ authorization: `Bearer ${app}`, "content-type": "application/json" }),
        body,
      }),
  },
  {
    name: "control",
    request: () =>
      fc.record({
        method,
        host: fc.constant("emulator"),
        target: fc
          .tuple(
            fc.oneof(
              pathFrom(["_keyless", "*"]),
              pathFrom(["_keyless", "clock", "advance"]),
              pathFrom(["_keyless", "role-assignments", "*"]),
              pathFrom(["_keyless", "accounts", "*"]),
              pathFrom(["_keyless", "pipelines", "oidctoken"]),
              pathFrom(["_keyless", "faults"]),
            ),
            query,
          )
          .map(([p, q]) => p + q),
        headers: headersWith({
          authorization: `Bearer ${CONTROL_TOKEN}`,
          "content-type": "application/json",
        }),
        body,
      }),
  },
];

describe("fuzzing every surface in process: no 5xx but injected faults", () => {
  let emu: ReliabilityEmulator;
  let appToken: string;

  beforeAll(async () => {
    emu = await startReliabilityEmulator();
    appToken = await emu.appToken();
  });
  afterAll(async () => {
    await emu.close();
  });

  for (const surface of SURFACES) {
    it(
      `${surface.name}: ${NUM_RUNS} random requests, none answered 5xx`,
      async () => {
        await fc.assert(
          fc.asyncProperty(surface.request({ app: appToken }), async (request) => {
            const response = await emu.send(request);
            await response.text();
            const decision = emu.lastLog()?.decision;
            if (response.status >= 500 && decision?.outcome !== "fault") {
              throw new Error(`${response.status} ${decision?.code}: ${decision?.detail}`);
            }
            // A control-API fault or a far clock must not leak into the next run.
            emu.app.context.world.faults.length = 0;
          }),
          { numRuns: NUM_RUNS },
        );
      },
      TIMEOUT,
    );
  }
});
