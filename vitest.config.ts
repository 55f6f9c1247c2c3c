import { defineConfig } from 'vitest/config';

/**
 * Two projects. `unit`: the pure tests beside the code, with no server, database, browser or child
 * process (`npm run test:unit`, the inner loop). `integration`: the tests beside the code that need
 * one of those (`*.integration.test.ts`) and the end-to-end suites in tests/.
 *
 * Most integration tests wait on other processes (the command line, PostgreSQL, Redis, Chromium,
 * the simulated platforms) rather than compute, so two files run at once even on two cores; three
 * left the outage and timeout tests too little slack on such a machine.
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['src/**/*.test.ts'], exclude: ['src/**/*.integration.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['src/**/*.integration.test.ts', 'tests/**/*.test.ts'],
          // The tests that start bin/sleepwatch.mjs run the compiled code: bring dist/ up to date first.
          globalSetup: ['tests/support/build-compiled.ts'],
        },
      },
    ],
  },
});
