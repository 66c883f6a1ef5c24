/**
 * Canary backfills on real servers: with approval, N partitions of each asset
 * run and the backfill pauses until `resume`; without, it goes on by itself,
 * or stops when a canary partition failed.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadAssetsModule } from '../../assets/load-assets-module';
import { RetrofillClient } from '../../client';
import { LEDGER_TABLE } from '../../db/rows';
import { control } from '../fixtures/failing-assets';
import { materializedBy } from '../helpers/demo-state';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { startTestWorker, type TestWorker } from '../helpers/test-worker';
import { waitFor } from '../helpers/wait-for';

const JANUARY = { from: '2023-01-01', to: '2023-01-31' };

let database: TestDatabase;
let workers: TestWorker[] = [];
let demo: RetrofillClient;
let failing: RetrofillClient;

beforeAll(async () => {
  database = await createTestDatabase();
  const address = inject('temporalAddress');
  workers = [
    await startTestWorker({ catalog: await loadAssetsModule(resolve(__dirname, '../../examples/demo/assets.ts')), db: database.db }),
    await startTestWorker({ catalog: await loadAssetsModule(resolve(__dirname, '../fixtures/failing-assets.ts')), db: database.db }),
  ];
  demo = await RetrofillClient.connect({ address, taskQueue: workers[0]!.taskQueue });
  failing = await RetrofillClient.connect({ address, taskQueue: workers[1]!.taskQueue });
});

afterAll(async () => {
  await demo?.close();
  await failing?.close();
  for (const w of workers) await w.stop();
  await database?.drop();
});

describe('canary', () => {
  it('with approval: runs N partitions of each asset, pauses, and completes after resume', async () => {
    const handle = await demo.start({ assets: ['customers', 'raw_events', 'daily_revenue'], ...JANUARY, canary: 2, canaryApproval: true, maxConcurrency: 4 });
    const paused = await waitFor('the canary awaiting approval', () => handle.progress(), (p) => p.canary?.state === 'awaitingApproval');
    expect(paused.state).toBe('paused');
    expect(paused.canary).toEqual({ state: 'awaitingApproval', perAsset: 2, partitions: 5, done: 5, failed: 0 });
    const canary = ['customers/all', 'daily_revenue/2023-01-01', 'daily_revenue/2023-01-31', 'raw_events/2023-01-01', 'raw_events/2023-01-31'];
    expect(await materializedBy(database.db, handle.backfillId)).toEqual(canary);

    // Nothing more starts while it waits.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await materializedBy(database.db, handle.backfillId)).toEqual(canary);

    await handle.resume();
    expect(await handle.result()).toMatchObject({ outcome: 'completed', total: 63, succeeded: 63 });
    expect((await handle.progress()).canary?.state).toBe('passed');
  });

  it('without approval: the canary ends before anything else starts, then the rest runs by itself', async () => {
    const handle = await demo.start({ assets: ['raw_events'], ...JANUARY, mode: 'all', canary: 3, maxConcurrency: 8 });
    expect(await handle.result()).toMatchObject({ outcome: 'completed', total: 31 });
    const rows = await database
      .db(LEDGER_TABLE)
      .where({ backfill_id: handle.backfillId, status: 'succeeded' })
      .select<Array<{ partition_key: string; started_at: Date; finished_at: Date }>>('partition_key', 'started_at', 'finished_at');
    const canaryKeys = ['2023-01-01', '2023-01-16', '2023-01-31'];
    const canaryEnd = Math.max(...rows.filter((r) => canaryKeys.includes(r.partition_key)).map((r) => r.finished_at.getTime()));
    const restStart = Math.min(...rows.filter((r) => !canaryKeys.includes(r.partition_key)).map((r) => r.started_at.getTime()));
    expect(rows).toHaveLength(31);
    expect(restStart).toBeGreaterThanOrEqual(canaryEnd);
    expect((await handle.progress()).canary).toEqual({ state: 'passed', perAsset: 3, partitions: 3, done: 3, failed: 0 });
  });

  it('without approval, a failed canary partition stops the backfill: the rest is skipped, with the reason', async () => {
    control.failKeys.add('2024-01-01');
    try {
      const handle = await failing.start({ assets: ['source'], from: '2024-01-01', to: '2024-01-10', canary: 1 });
      const summary = await handle.result();
      expect(summary).toMatchObject({ outcome: 'completedWithFailures', total: 10, failed: 1, skipped: 9, succeeded: 0 });
      expect(summary.assets[0]!.skips[0]!.reason).toBe('the canary failed (1 of 1 partitions): the rest was not started');
      expect((await handle.progress()).canary).toMatchObject({ state: 'failed', failed: 1 });
    } finally {
      control.failKeys.clear();
    }
  });
});
