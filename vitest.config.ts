import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    globalSetup: ['tests/support/build-compiled.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
