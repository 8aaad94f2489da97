/**
 * A world file (or world object) that cannot be used: bad syntax, a field that breaks the schema, a
 * reference to something the world does not declare, a duplicate name, an unknown role. The message
 * names the file, every bad field by path and what to do.
 *
 * @example
 * try { loadWorld(text, "world.yaml"); } catch (e) { if (e instanceof WorldFileError) e.problems; }
 */
export class WorldFileError extends Error {
  readonly code = "world.invalid";
  /** The file (or label) the world came from. */
  readonly sourceName: string;
  /** One line per problem, `path: what is wrong`. */
  readonly problems: readonly string[];

  constructor(sourceName: string, problems: readonly string[], options?: { cause?: unknown }) {
    super(
      `world file "${sourceName}" is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}\n` +
        "Fix the fields above and load the world again (docs/world.md describes every field).",
      options,
    );
    this.name = "WorldFileError";
    this.sourceName = sourceName;
    this.problems = problems;
  }
}
