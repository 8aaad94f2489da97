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

  it("narrows the widest column and cuts its cells with an ellipsis to fit the width", () => {
    const table = renderTable(
      ["credential", "identity"],
      [["AzureCliCredential", "alice@contoso.onmicrosoft.com (User, oid 1234)"]],
      40,
    );
    expect(table).toBe("credential          identity\nAzureCliCredential  alice@contoso.onmic…");
    expect(Math.max(...table.split("\n").map((l) => l.length))).toBeLessThanOrEqual(40);
  });
});
