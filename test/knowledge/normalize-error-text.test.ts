import { describe, expect, it } from "vitest";
import {
  cleanErrorText,
  extractJsonObjects,
  normalizeErrorText,
  pythonReprToJson,
  unescapeOnce,
  withoutLinePrefixes,
} from "../../src/knowledge/normalize-error-text.js";

const BODY = {
  error: { code: "PermissionDenied", message: "Principal does not have access to API/Operation." },
};

describe("cleanErrorText", () => {
  it("strips ANSI colour, cursor and OSC escapes and normalises line ends", () => {
    expect(cleanErrorText("\u001b[31mError\u001b[0m: x\r\ny\rz")).toBe("Error: x\ny\nz");
    expect(cleanErrorText("\u001b]0;title\u0007ok\u001b[2K")).toBe("ok");
  });

  it("decodes HTML character references, as a copied page or an HTML-escaped log keeps them", () => {
    expect(cleanErrorText("{&quot;code&quot;:&#34;401&#x22;, &#39;a&#39; &lt;b&gt; &amp;amp;}")).toBe(
      '{"code":"401", \'a\' <b> &amp;}',
    );
    // A reference that names no character is left as it is.
    expect(cleanErrorText("&bogus; &#0; x")).toBe("&bogus;  x");
  });

  it("decodes PowerShell's CLIXML error stream", () => {
    expect(
      cleanErrorText(
        '#< CLIXML\n<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><S S="Error">Run Connect-AzAccount to login._x000D__x000A_</S><S S="Error">_x001B_[31;1mNext line_x001B_[0m</S></Objs>',
      ),
    ).toBe("Run Connect-AzAccount to login.\nNext line");
  });

  // https://github.com/Azure/login/issues/360
  it("drops the links a GitHub Actions log page draws over digits", () => {
    expect(
      cleanErrorText("Error: : AADSTS700[21](https://github.com/******)1: No matching federated identity"),
    ).toBe("Error: : AADSTS700211: No matching federated identity");
    expect(cleanErrorText("see [the docs](https://aka.ms/x) [3](not a link)")).toBe(
      "see [the docs](https://aka.ms/x) [3](not a link)",
    );
  });

  it("turns Unicode spaces, zero-width characters and curly quotes into ASCII", () => {
    expect(cleanErrorText("\u201cPrincipal\u00a0does\u202fnot\u200b\u2019s\u201d")).toBe(
      '"Principal does not\'s"',
    );
  });
});

describe("unescapeOnce", () => {
  it("undoes one level of string escaping", () => {
    expect(unescapeOnce('{\\"error\\":{\\"code\\":\\"401\\"}}')).toBe('{"error":{"code":"401"}}');
    expect(unescapeOnce("a\\r\\nb\\tc\\u0041\\\\d")).toBe("a\nb\tcA\\d");
    expect(unescapeOnce("it\\'s")).toBe("it's");
  });
});

describe("pythonReprToJson", () => {
  it("converts a repr dict with both quote styles, True, False and None", () => {
    expect(pythonReprToJson(`{'a': 'x', 'b': "it's", 'c': True, 'd': None, 'e': [1, False]}`)).toBe(
      '{"a":"x","b":"it\'s","c":true,"d":null,"e":[1,false]}',
    );
  });

  it("returns undefined for text that is not a literal", () => {
    expect(pythonReprToJson("{'a': foo}")).toBeUndefined();
    expect(pythonReprToJson("{'a': 'unterminated}")).toBeUndefined();
  });
});

describe("extractJsonObjects", () => {
  it("finds raw, pretty-printed and embedded objects, outermost first", () => {
    const text = `Status: 401 (PermissionDenied)\n\nContent:\n${JSON.stringify(BODY, null, 2)}\n\nHeaders:\nx: y`;
    expect(extractJsonObjects(text)).toEqual([BODY]);
  });

  it("parses a Python repr dict after openai-python's prefix", () => {
    const text = "Error code: 401 - {'statusCode': 401, 'message': 'Unauthorized.'}";
    expect(extractJsonObjects(text)).toEqual([{ statusCode: 401, message: "Unauthorized." }]);
  });

  it("skips braces that are not objects and unbalanced candidates", () => {
    expect(extractJsonObjects('POST /openai/deployments/{deployment-id}/chat {"a": ')).toEqual([]);
  });

  it("tries the last candidates when there are too many", () => {
    const noise = '{"x": 1 '.repeat(5000);
    expect(extractJsonObjects(`${noise}\n${JSON.stringify(BODY)}`)).toEqual([BODY]);
  });
});

describe("normalizeErrorText", () => {
  it("decodes a body escaped inside a log line", () => {
    const text = `level=error body="${JSON.stringify(JSON.stringify(BODY)).slice(1, -1)}"`;
    const view = normalizeErrorText(text);
    expect(view.bodies).toEqual([
      { code: "PermissionDenied", message: "Principal does not have access to API/Operation." },
    ]);
    expect(view.views[1]).toBe(`level=error body="${JSON.stringify(BODY)}"`);
  });

  it("decodes a body escaped twice", () => {
    const text = JSON.stringify(JSON.stringify({ detail: JSON.stringify(BODY) }));
    expect(normalizeErrorText(text).bodies).toEqual([
      { code: "PermissionDenied", message: "Principal does not have access to API/Operation." },
    ]);
  });

  it("reads flat, bare and OAuth bodies", () => {
    const view = normalizeErrorText(
      [
        '{"statusCode": 401, "message": "Unauthorized."}',
        '{"code":"403","message":"A Virtual Network is configured for this resource."}',
        '{"error":"invalid_client","error_description":"AADSTS7000215: Bad secret.","error_codes":[7000215],"timestamp":"2022-03-02 18:25:26Z","trace_id":"t-1234567","correlation_id":"c-1234567"}',
      ].join("\n"),
    );
    expect(view.bodies).toEqual([
      { message: "Unauthorized.", status: 401 },
      { code: "403", message: "A Virtual Network is configured for this resource." },
      {
        oauthError: "invalid_client",
        message: "AADSTS7000215: Bad secret.",
        errorCodes: ["7000215"],
        traceId: "t-1234567",
        correlationId: "c-1234567",
        timestamp: "2022-03-02 18:25:26Z",
      },
    ]);
    expect(view.haystack).toContain("invalid_client: AADSTS7000215: Bad secret.");
  });

  it("reads the body of a Go RESPONSE block", () => {
    const text =
      'RESPONSE 401 Unauthorized\n----\n{\n"error": "invalid_client",\n"error_description": "AADSTS7000215: x.\\r\\nTrace ID: 1"\n}\n----';
    expect(normalizeErrorText(text).bodies[0]?.oauthError).toBe("invalid_client");
  });

  it("reads a body whose lines were hard-wrapped, from the text with its line breaks as spaces", () => {
    const wrapped =
      '{"error":{"code":"PermissionDenied","message":"Principal does not\nhave access to API/Operation."}}';
    const view = normalizeErrorText(wrapped);
    expect(view.views.at(-1)).toBe(
      '{"error":{"code":"PermissionDenied","message":"Principal does not have access to API/Operation."}}',
    );
    expect(view.bodies).toEqual([BODY.error]);
  });

  it("keeps the cleaned text as the first view", () => {
    const view = normalizeErrorText("\u001b[1mplain\u001b[0m\r\n");
    expect(view.text).toBe("plain\n");
    expect(view.views).toEqual(["plain\n"]);
    expect(view.bodies).toEqual([]);
    expect(view.objects).toEqual([]);
  });
});

describe("withoutLinePrefixes", () => {
  it("drops Markdown quote markers and loggers' timestamp, level, thread and logger", () => {
    expect(withoutLinePrefixes("> Please run 'az login'\n>> nested\n> > spaced")).toBe(
      "Please run 'az login'\nnested\nspaced",
    );
    expect(
      withoutLinePrefixes(
        "2024-07-26T06:04:40.4897781Z openai.BadRequestError: x\n2026-02-04T10:45:12.0848320Z stderr F 2026-02-04 10:45:12,082 - y\n2020-09-09 14:54:59.617 ERROR [main] c.azure.identity.EnvironmentCredential - z",
      ),
    ).toBe("openai.BadRequestError: x\n2026-02-04 10:45:12,082 - y\nz");
  });

  it("keeps a '>' that is not a quote marker and a timestamp inside a line", () => {
    const text = "-> 1061 raise self._make_status_error\nx >= 3\nTimestamp: 2025-05-25 20:12:25Z";
    expect(withoutLinePrefixes(text)).toBe(text);
  });

  it("gives explain the lines a chain error starts with", () => {
    const view = normalizeErrorText(
      "> DefaultAzureCredential failed to retrieve a token from the included credentials.\n> Attempted credentials:\n> \tAzureCliCredential: Please run 'az login' to set up an account",
    );
    expect(view.views[1]).toMatch(/^DefaultAzureCredential failed/);
  });
});
