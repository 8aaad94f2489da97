import { describe, expect, it } from "vitest";
import { callPathStage, explainsSymptom } from "../../src/diagnose/call-path.js";
import { createFinding, type FindingInput } from "../../src/diagnose/finding.js";
import type { CauseCode, CauseDefinition, CauseFamily, CauseStage } from "../../src/knowledge/cause.js";
import { CAUSE_STAGES, getCause, isCauseCode, listCauseCodes } from "../../src/knowledge/causes.js";
import type { RawMatch } from "../../src/knowledge/matchers/matcher.js";

// The `@ts-expect-error` lines are the test: `npx tsc -p tsconfig.json --noEmit` (CI's typecheck)
// fails when a misspelt code compiles, because the directive then has no error to expect. At run
// time the same values are shown to be no codes.

const input: FindingInput = { severity: "error", basis: "data-plane", evidence: [], values: {} };

describe("CauseCode (compile time)", () => {
  it("accepts every catalog code and aadsts.<n>", () => {
    const codes: CauseCode[] = ["rbac.control-plane-role-only", "credential.cli-timeout", "aadsts.7000215"];
    expect(codes.every(isCauseCode)).toBe(true);
  });

  it("rejects a misspelt code wherever a CauseCode is required", () => {
    // @ts-expect-error: "control-plane-only" is not in the catalog
    const typo: CauseCode = "rbac.control-plane-only";
    // @ts-expect-error: not an aadsts number
    const sts: CauseCode = "aadsts.abc";
    // @ts-expect-error: the STS's spelling, not a cause code
    const prefixed: CauseCode = "AADSTS7000215";
    // @ts-expect-error: a matcher's code is checked
    const match: RawMatch = { code: "token.expried", confidence: 0.9 };
    expect([typo, sts, prefixed, match.code].filter((code) => isCauseCode(code))).toEqual([]);

    // @ts-expect-error: a code literal passed to getCause is checked
    expect(getCause("token.expird")).toBeUndefined();
    // @ts-expect-error: the doctor's findings are checked
    expect(createFinding("rbac.wrong-scop", input).code).toBe("rbac.wrong-scop");
    // @ts-expect-error: so is the ranking's input
    expect(explainsSymptom("endpoint.regional", "endpoint.unreachable")).toBe(false);
  });

  it("rejects a misspelt family or stage", () => {
    // @ts-expect-error: no such family
    const family: CauseFamily = "rabc";
    // @ts-expect-error: no such stage (the family is rbac, the stage authorization)
    const stage: CauseStage = "rbac";
    expect(CAUSE_STAGES).not.toContain(stage);
    expect(family).toBe("rabc");
  });

  it("takes a string from outside after isCauseCode, and getCause takes it as it is", () => {
    const outside: string = JSON.parse('"token.expired"');
    // @ts-expect-error: a string is not a CauseCode until checked
    const unchecked: CauseCode = outside;
    expect(unchecked).toBe("token.expired");
    expect(getCause(outside)?.code).toBe("token.expired");
    if (!isCauseCode(outside)) throw new Error("token.expired is a cause code");
    expect(callPathStage(outside)).toBe(3);
  });
});

describe("catalog entries", () => {
  it("place every code on a step of the call path", () => {
    const off = listCauseCodes().filter((code) => !CAUSE_STAGES.includes(getCause(code).stage));
    expect(off).toEqual([]);
  });

  it("need a stage when written", () => {
    // @ts-expect-error: a definition without its stage does not compile
    const definition: CauseDefinition<"key.invalid"> = {
      code: "key.invalid",
      title: "t",
      why: "w",
      confirm: "c",
      fix: "f",
    };
    expect(definition.code).toBe("key.invalid");
  });
});
