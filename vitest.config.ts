import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Differential and stdio tests drive real libraries and child processes.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    coverage: { provider: 'v8', include: ['reference/**', 'conformance/**'], reporter: ['text-summary', 'html'] },
  },
});
