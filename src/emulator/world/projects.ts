import type { Account } from "./model.js";
import type { WorldDocument } from "./schema.js";

/**
 * A project entry as a world file writes it: `{ name }`, or the bare name.
 *
 * @example
 * const entry: ProjectEntry = { name: "chat-project" };
 */
export type ProjectEntry = WorldDocument["accounts"][number]["projects"][number];

/**
 * The name of a project entry, whichever form the world file used.
 *
 * @example
 * projectEntryName({ name: "chat-project" }); // "chat-project"
 * projectEntryName("chat-project"); // "chat-project"
 */
export function projectEntryName(entry: ProjectEntry): string {
  return typeof entry === "string" ? entry : entry.name;
}

/**
 * The account's Foundry project with that name, in the world's spelling, or `undefined`. Azure
 * resource names compare case-insensitively, in ARM ids and in `/api/projects/<project>` paths alike.
 *
 * @example
 * findProject(account, "Chat-Project"); // "chat-project" when the world declares chat-project
 */
export function findProject(account: Account, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return account.projects.find((p) => p.toLowerCase() === wanted);
}

/**
 * The ARM id of a Foundry project: the account's id + `/projects/<project>` (the scope a
 * project-level role assignment names).
 *
 * @example
 * projectResourceId(account, "chat-project");
 * // "/subscriptions/<sub>/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/contoso/projects/chat-project"
 */
export function projectResourceId(account: Account, project: string): string {
  return `${account.resourceId}/projects/${project}`;
}
