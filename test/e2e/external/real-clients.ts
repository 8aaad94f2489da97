import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import https from "node:https";

/**
 * The real non-Node clients the e2e tests drive, from the Debian packages CI installs
 * (`.ci/run`): `python3-azure` (azure-identity 1.13.0b2 for the system Python, not a pyenv or venv
 * one that lacks it) and `azure-cli` (az 2.45.0).
 */
export const SYSTEM_PYTHON = "/usr/bin/python3";
export const AZURE_CLI = "/usr/bin/az";

const INSTALL = "sudo apt-get install -y --no-install-recommends python3-azure azure-cli";

/**
 * Why the real client cannot run here, or `undefined` when it can. The e2e files throw this in
 * `beforeAll`, so a machine without the client fails every test with the way to install it instead
 * of skipping silently.
 */
export function missingClient(client: "python-identity" | "azure-cli"): string | undefined {
  let detail: string;
  if (client === "python-identity") {
    const probe = spawnSync(SYSTEM_PYTHON, ["-c", "import azure.identity, msal"], { encoding: "utf8" });
    if (probe.status === 0) return undefined;
    detail = (probe.error?.message ?? probe.stderr ?? "").trim().split("\n").at(-1) ?? "";
  } else {
    // Only that it is there: running az takes seconds and writes a config directory.
    try {
      accessSync(AZURE_CLI, constants.X_OK);
      return undefined;
    } catch (error) {
      detail = error instanceof Error ? error.message : String(error);
    }
  }
  const what =
    client === "python-identity"
      ? `azure-identity for ${SYSTEM_PYTHON} (Debian package python3-azure)`
      : `the Azure CLI at ${AZURE_CLI} (Debian package azure-cli)`;
  return `These e2e tests need ${what}, which is missing (${detail}). Install it with: ${INSTALL}`;
}

/** The payload of a JWT, decoded without verification (the emulator verifies; the tests read claims). */
export function decodeClaims(token: string): Record<string, unknown> {
  const payload = token.split(".")[1] ?? "";
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
}

/** A POST over HTTPS trusting the emulator's CA: the status and the body text. */
export function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string>,
  ca: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = https.request(
      url,
      { method: "POST", ca, headers: { "content-type": "application/json", ...headers } },
      (response) => {
        let text = "";
        response.on("data", (chunk: Buffer) => {
          text += chunk.toString("utf8");
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body: text }));
      },
    );
    request.on("error", reject);
    request.end(JSON.stringify(body));
  });
}
