import { describe, expect, it } from "vitest";
import { renderTable } from "../../../src/cli/render/text-table.js";

describe("renderTable", () => {
  it("aligns columns at their natural width when they fit", () => {
    expect(
      renderTable(
        ["a", "bb"],
        [
          ["xxx", "y"],
          ["z", "wwww"],
        ],
        80,
      ),
    ).toBe("a    bb\nxxx  y\nz    wwww");
  });

  it("wraps a too-narrow column within its cells instead of cutting them", () => {
    const table = renderTable(
      ["credential", "identity"],
      [["AzureCliCredential", "alice@contoso.onmicrosoft.com (User, oid 1234)"]],
      52,
    );
    expect(table).toBe(
      "credential          identity\nAzureCliCredential  alice@contoso.onmicrosoft.com\n                    (User, oid 1234)",
    );
    expect(Math.max(...table.split("\n").map((l) => l.length))).toBeLessThanOrEqual(52);
  });

  it("never breaks a cause code, even in a breakable column, and breaks other long words there", () => {
    const table = renderTable(
      ["name", "reason"],
      [
        ["a", "credential.mi-identity-not-assigned"],
        ["b", "see https://aka.ms/azsdk/js/identity/workloadidentitycredential/troubleshoot"],
      ],
      42,
      { breakable: [1] },
    );
    expect(table.split("\n")).toEqual([
      "name  reason",
      "a     credential.mi-identity-not-assigned",
      "b     see",
      "      https://aka.ms/azsdk/js/identity/",
      "      workloadidentitycredential/",
      "      troubleshoot",
    ]);
  });

  it("becomes one block per row when the columns cannot fit without cutting a word", () => {
    const table = renderTable(
      ["credential", "result", "reason"],
      [
        ["  AzureDeveloperCliCredential", "unavailable", "credential.azd-not-logged-in"],
        ["* AzureCliCredential", "token", "-"],
      ],
      40,
    );
    expect(table.split("\n")).toEqual([
      "  AzureDeveloperCliCredential",
      "    result  unavailable",
      "    reason  credential.azd-not-logged-in",
      "* AzureCliCredential",
      "    result  token",
    ]);
  });

  it("with wide, shows every column in full whatever the width", () => {
    const table = renderTable(["a", "b"], [["credential.cli-not-logged-in", "x ".repeat(40).trim()]], 20, {
      wide: true,
    });
    expect(table.split("\n")[1]).toBe(`credential.cli-not-logged-in  ${"x ".repeat(40).trim()}`);
  });
});
