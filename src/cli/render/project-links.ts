import { readFileSync } from "node:fs";

/** The fields of package.json that links are built from. */
interface PackageLinks {
  homepage?: string;
  bugs?: { url?: string } | string;
}

/** Where the repository's files are browsed, when package.json names no usable homepage. */
const FALLBACK_REPOSITORY = "https://github.com/keyless-dev/keyless";

let cached: PackageLinks | undefined;

// Read once, at first use: the same package.json in src/ (tests) and dist/ (installed), three
// levels up from this file in both.
function readPackageLinks(): PackageLinks {
  if (cached === undefined) {
    try {
      const url = new URL("../../../package.json", import.meta.url);
      cached = JSON.parse(readFileSync(url, "utf8")) as PackageLinks;
    } catch {
      cached = {};
    }
  }
  return cached;
}

/**
 * The repository's web address, from package.json's `homepage` without its `#readme` anchor.
 *
 * @example
 * repositoryUrl(); // "https://github.com/keyless-dev/keyless"
 */
export function repositoryUrl(): string {
  const homepage = readPackageLinks().homepage;
  if (!homepage) return FALLBACK_REPOSITORY;
  return homepage.replace(/#.*$/, "").replace(/\/+$/, "");
}

/**
 * The web address of a cause's page (docs/causes/<code>.md on the main branch), for a reader who
 * installed the package and has no docs/ folder at hand.
 *
 * @example
 * causePageUrl("rbac.missing-data-plane-role");
 * // "https://github.com/keyless-dev/keyless/blob/main/docs/causes/rbac.missing-data-plane-role.md"
 */
export function causePageUrl(code: string): string {
  return `${repositoryUrl()}/blob/main/docs/causes/${code}.md`;
}

/**
 * Where to report a bug, from package.json's `bugs`.
 *
 * @example
 * bugsUrl(); // "https://github.com/keyless-dev/keyless/issues"
 */
export function bugsUrl(): string {
  const bugs = readPackageLinks().bugs;
  const url = typeof bugs === "string" ? bugs : bugs?.url;
  return url ?? `${repositoryUrl()}/issues`;
}
