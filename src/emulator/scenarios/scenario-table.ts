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
 * The `keyless doctor` command line that diagnoses a scenario as its app runs, in a shell that
 * loaded the printed env (`$VAR` is that env's variable): `keyless doctor` and the scenario's
 * `doctorArgs`.
 *
 * @example
 * doctorCommand({ description: "", world: { tenants: [] }, doctorArgs: ["--call", "responses"] });
 * // "keyless doctor --call responses"
 */
export function doctorCommand(scenario: Pick<Scenario, "doctorArgs">): string {
  return ["keyless doctor", ...(scenario.doctorArgs ?? [])].join(" ");
}

/**
 * The Markdown table of the built-in scenarios that `docs/emulator.md` embeds (a test keeps the
 * two identical): one row per scenario in registry order, with the cause code(s) it reproduces,
 * linked to their pages under `docs/causes/`, and what a client meets there (plus how to see it,
 * when plain use does not show it, and the `keyless doctor` arguments that say what its app does,
 * when plain `keyless doctor` is not it).
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
    const doctor = scenario.doctorArgs === undefined ? "" : ` Diagnose it: \`${doctorCommand(scenario)}\`.`;
    return `| \`${name}\` | ${causes} | ${cell(`${scenario.description}${reproduce}${doctor}`)} |`;
  });
  return ["| Scenario | Cause code | What it reproduces |", "| --- | --- | --- |", ...rows].join("\n");
}
