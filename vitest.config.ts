import { defineConfig } from "vitest/config";

/**
 * `npm test`: everything that needs only Node.js and npm. The real non-Node clients (Python
 * azure-identity, the Azure CLI) live in test/e2e/external and run with `npm run test:external`
 * (vitest.external.config.ts), which CI runs after installing them.
 */
export const config = defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/e2e/external/**", "**/node_modules/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

// biome-ignore lint/style/noDefaultExport: vitest loads its configuration from the default export.
export default config;
