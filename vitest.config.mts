import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Chaos and scale tests have their own runs: npm run test:chaos, npm run test:scale.
    exclude: [...configDefaults.exclude, 'test/chaos/**', 'test/scale/**'],
    // The JSON report is what .ci/run counts; the default one is for people.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    // Chromium for the Web UI test when missing, then one Temporal dev server and one PostgreSQL for the whole run.
    globalSetup: ['test/setup/chromium.ts', 'test/setup/servers.ts'],
    // Temporal's native worker bridge wants a process per file, not a thread.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 180_000,
    hookTimeout: 240_000,
  },
});
