/**
 * `retrofill status` on a backfill that ended shows how long it ran and its
 * rate over that time (from the workflow's start to its close), not the time
 * since it started: it showed 17 minutes for a 92-second backfill looked at
 * later, and a rate diluted as much.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadAssetsModule } from '../../assets/load-assets-module';
import { RetrofillClient } from '../../client';
import { formatDuration } from '../../cli/views/progress-view';
import { runCommand } from '../helpers/run-command';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { startTestWorker, type TestWorker } from '../helpers/test-worker';

const ROOT = resolve(__dirname, '../..');
/** Looked at this long after the end: far more than the backfill's own run. */
const LATER_MS = 15_000;

let database: TestDatabase;
let worker: TestWorker;
let client: RetrofillClient;

beforeAll(async () => {
  database = await createTestDatabase();
  worker = await startTestWorker({ catalog: await loadAssetsModule(resolve(ROOT, 'examples/demo/assets.ts')), db: database.db });
  client = await RetrofillClient.connect({ address: inject('temporalAddress'), taskQueue: worker.taskQueue });
});

afterAll(async () => {
  await client?.close();
  await worker?.stop();
  await database?.drop();
});

describe('retrofill status on an ended backfill', () => {
  it('shows its run from start to close, and the rate over it, however long after', async () => {
    const handle = await client.start({ assets: ['raw_events'], from: '2023-01-01', to: '2023-01-04', maxConcurrency: 2 });
    expect(await handle.result()).toMatchObject({ outcome: 'completed', succeeded: 4 });
    const described = await worker.client.workflow.getHandle(handle.backfillId).describe();
    const ranMs = described.closeTime!.getTime() - described.startTime.getTime();
    expect(ranMs).toBeLessThan(LATER_MS / 2);
    await new Promise((r) => setTimeout(r, Math.max(0, described.closeTime!.getTime() + LATER_MS - Date.now())));

    const result = await runCommand(process.execPath, [resolve(ROOT, 'bin/retrofill.js'), 'status', handle.backfillId], {
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      RETROFILL_TASK_QUEUE: worker.taskQueue,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Backfill ${handle.backfillId}: completed, concurrency 2, ${formatDuration(ranMs)} elapsed, 4/4 done`);
    expect(result.stdout).toMatch(new RegExp(`raw_events \\|.*\\| 4/4 \\| 0 running, 0 failed, 0 skipped \\| ${(4 / (ranMs / 1000)).toFixed(2)}/s \\| ETA 0s`));
    // The client's progress says the same, for every caller.
    expect((await handle.progress()).elapsedMs).toBe(ranMs);
  });
});
