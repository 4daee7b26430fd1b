import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // Differential and stdio tests drive real libraries and child processes.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // Two test files at a time: much of the suite waits on child processes (real libraries, adapters),
    // so on a 2-core CI machine a second file uses the idle core (vitest's default is cores - 1 = 1).
    maxWorkers: 2,
    // The JSON report is what .ci/run turns into its closing "N passed, N failed" line.
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
    coverage: { provider: 'v8', include: ['reference/**', 'conformance/**'], reporter: ['text-summary', 'html'], reportsDirectory: 'reports/coverage' },
  },
});
