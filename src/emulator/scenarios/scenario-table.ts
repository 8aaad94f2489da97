import { BUILT_IN_SCENARIOS } from "./index.js";
import type { Scenario } from "./scenario.js";

/** Markdown table cells cannot hold a pipe or a line break. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
}

function causeLink(code: string): string {
  return `[\`${code}\`](causes/${code}.md)`;
}

/**
 * The Markdown table of the built-in scenarios that `docs/emulator.md` embeds (a test keeps the
 * two identical): one row per scenario in registry order, with the cause code(s) it reproduces,
 * linked to their pages under `docs/causes/`, and what a client meets there (plus how to see it,
 * when plain use does not show it).
 *
 * @example
 * scenarioTable().split("\n")[0]; // "| Scenario | Cause code | What it reproduces |"
 */
export function scenarioTable(scenarios: Readonly<Record<string, Scenario>> = BUILT_IN_SCENARIOS): string {
  const rows = Object.entries(scenarios).map(([name, scenario]) => {
    const codes = scenario.causeCode === undefined ? [] : [scenario.causeCode];
    const causes =
      codes.length === 0
        ? "none"
        : [...codes, ...(scenario.secondaryCauseCodes ?? [])].map(causeLink).join(", then ");
    const reproduce = scenario.reproduce === undefined ? "" : ` To see it: ${scenario.reproduce}`;
    return `| \`${name}\` | ${causes} | ${cell(`${scenario.description}${reproduce}`)} |`;
  });
  return ["| Scenario | Cause code | What it reproduces |", "| --- | --- | --- |", ...rows].join("\n");
}
