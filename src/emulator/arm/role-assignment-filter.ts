/**
 * A parsed role assignment `$filter`: `atScope()`, `assignedTo('{oid}')` and
 * `principalId eq '{oid}'`, combined with `and`.
 *
 * @example
 * const filter: RoleAssignmentFilter = { atScope: true, assignedTo: "oid" };
 */
export interface RoleAssignmentFilter {
  /** Only assignments at or above the scope (not below it). */
  atScope: boolean;
  /** Assignments of this principal or of the groups it belongs to. */
  assignedTo?: string;
  /** Assignments of exactly this principal id. */
  principalId?: string;
}

/**
 * Parses a role assignment `$filter`; undefined when it uses anything else (ARM refuses those).
 * An absent or empty filter selects everything at, above and below the scope.
 *
 * @example
 * parseRoleAssignmentFilter("atScope() and assignedTo('abc')"); // { atScope: true, assignedTo: "abc" }
 * parseRoleAssignmentFilter("principalId eq 'abc'"); // { atScope: false, principalId: "abc" }
 * parseRoleAssignmentFilter("roleName eq 'x'"); // undefined
 */
export function parseRoleAssignmentFilter(filter: string | null): RoleAssignmentFilter | undefined {
  const result: RoleAssignmentFilter = { atScope: false };
  const text = filter?.trim() ?? "";
  if (text === "") return result;
  for (const clause of text.split(/\s+and\s+/i)) {
    const part = clause.trim();
    if (/^atScope\(\s*\)$/i.test(part)) {
      result.atScope = true;
      continue;
    }
    const assigned = /^assignedTo\(\s*'([^']+)'\s*\)$/i.exec(part);
    if (assigned?.[1] !== undefined) {
      result.assignedTo = assigned[1];
      continue;
    }
    const principal = /^principalId\s+eq\s+'([^']+)'$/i.exec(part);
    if (principal?.[1] !== undefined) {
      result.principalId = principal[1];
      continue;
    }
    return undefined;
  }
  return result;
}
