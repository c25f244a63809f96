import { defineConfig } from 'vitest/config';

/**
 * Two projects: pure tests (domain, templates, CDK templates) run without emulators; integration and
 * end-to-end tests share one DynamoDB Local and one SES emulator started by the global setup.
 */
export default defineConfig({
  test: {
    setupFiles: ['test/support/quiet-sdk.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'test/infra/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts', 'test/browser/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
    ],
  },
});
