import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // Differential and stdio tests drive real libraries and child processes.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // The JSON report is what .ci/run turns into its closing "N passed, N failed" line.
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
    coverage: { provider: 'v8', include: ['reference/**', 'conformance/**'], reporter: ['text-summary', 'html'], reportsDirectory: 'reports/coverage' },
  },
});
