import { defineConfig } from "vitest/config";

/**
 * `npm run test:external`: the emulator against real clients that are not Node packages, Python's
 * azure-identity (/usr/bin/python3, Debian python3-azure), the Azure CLI (Debian azure-cli) and
 * curl. Install them with `sudo apt-get install -y python3-azure azure-cli curl`; without them
 * these tests fail.
 */
export const config = defineConfig({
  test: {
    include: ["test/e2e/external/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});

// biome-ignore lint/style/noDefaultExport: vitest loads its configuration from the default export.
export default config;
