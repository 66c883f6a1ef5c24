import { defineConfig } from 'vitest/config';

/**
 * `npm run test:scale`: backfills far larger than one workflow history (100,000
 * partitions across continue-as-new). Alone on the machine: they use both
 * cores for several minutes. Not timed: they check outcomes, not speed (that
 * is `npm run bench`).
 */
export default defineConfig({
  test: {
    include: ['test/scale/**/*.test.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest-scale.json' },
    globalSetup: ['test/setup/servers.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 3_600_000,
  },
});
