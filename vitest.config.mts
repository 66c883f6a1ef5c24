import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One Temporal dev server and one PostgreSQL for the whole run.
    globalSetup: ['test/setup/servers.ts'],
    // Temporal's native worker bridge wants a process per file, not a thread.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 180_000,
    hookTimeout: 240_000,
  },
});
