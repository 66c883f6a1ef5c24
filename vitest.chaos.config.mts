import { defineConfig } from 'vitest/config';

/**
 * `npm run test:chaos`: worker kills, Temporal and PostgreSQL restarts, a flaky
 * rate-limited API. Real processes on 127.0.0.1 only; each file bounds its own
 * chaos in count and time. One file at a time: they are CPU heavy on 2 cores.
 */
export default defineConfig({
  test: {
    include: ['test/chaos/**/*.test.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest-chaos.json' },
    // The shared Temporal dev server and PostgreSQL, for the files that don't restart them.
    globalSetup: ['test/setup/servers.ts'],
    // Temporal's native worker bridge wants a process per file, not a thread.
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
