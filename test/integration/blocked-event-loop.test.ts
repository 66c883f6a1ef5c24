/**
 * A `materialize` that blocks the worker's event loop (a busy loop of 8 s)
 * past the partition's 5-second heartbeat timeout: Temporal gives up on the
 * attempt while it can still commit once the loop is free. Whatever the race
 * between that late commit, the retry and the child's settlement, the
 * summary, `progress`, the asset status and the ledger must tell one story,
 * with at most one succeeded row per partition. Runs a real `retrofill
 * worker` process (blocking this test's own event loop would stop the test).
 * - `blocking`: one attempt only, so the child fails at the timeout (the
 *   issue: ledger `succeeded`, summary failed);
 * - `blocking_retried`: three attempts; the first blocks, the retry takes over.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RetrofillClient } from '../../client';
import type { BackfillProgress } from '../../core/run/backfill-progress';
import type { BackfillSummary } from '../../core/run/backfill-summary';
import { ROWS_PER_DAY } from '../fixtures/stuck-assets';
import { keysByStatus, newestLedgerRows, otherSessions, successesPerRun, type LedgerOutcome } from '../helpers/partition-outcomes';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { WorkerProcess, killAllWorkers } from '../helpers/worker-process';

const DAYS = ['2024-01-01', '2024-01-02'];

let database: TestDatabase;
let worker: WorkerProcess;
let client: RetrofillClient;

beforeAll(async () => {
  database = await createTestDatabase();
  const taskQueue = `blocked-loop-${randomBytes(4).toString('hex')}`;
  worker = new WorkerProcess({
    name: 'blocked-event-loop',
    assets: 'test/fixtures/stuck-assets.ts',
    env: { DATABASE_URL: database.url, TEMPORAL_ADDRESS: inject('temporalAddress'), RETROFILL_TASK_QUEUE: taskQueue, STUCK_BLOCK_MS: '8000' },
    concurrency: 2,
  });
  await worker.start();
  client = await RetrofillClient.connect({ address: inject('temporalAddress'), taskQueue });
});

afterAll(async () => {
  await client?.close();
  await worker?.stop();
  await killAllWorkers();
  await database?.drop();
});

describe.each(['blocking', 'blocking_retried'])('%s: materialize blocks the event loop past the heartbeat timeout', (asset) => {
  let summary: BackfillSummary;
  let progress: BackfillProgress;
  let ledger: Map<string, LedgerOutcome>;
  let backfillId: string;

  beforeAll(async () => {
    const handle = await client.start({ assets: [asset], from: DAYS[0]!, to: DAYS.at(-1)!, maxConcurrency: 2 });
    backfillId = handle.backfillId;
    summary = await handle.result();
    progress = await handle.progress();
    ledger = await newestLedgerRows(database.db, backfillId, asset);
  }, 150_000);

  it('ends each partition succeeded or failed, progress agreeing with the summary', () => {
    expect(summary.total).toBe(DAYS.length);
    expect(summary.succeeded + summary.failed).toBe(DAYS.length);
    expect(progress.totals).toMatchObject({ succeeded: summary.succeeded, failed: summary.failed, running: 0, pending: 0 });
    if (asset === 'blocking_retried') expect(summary).toMatchObject({ outcome: 'completed', succeeded: DAYS.length });
  });

  it("gives each partition's newest ledger row the summary's outcome, with the summary's reason", () => {
    const failures = new Map(summary.assets[0]!.failures.map((f) => [f.partition, f.reason]));
    const expected = DAYS.map((key) => (failures.has(key) ? [key, 'failed', failures.get(key)] : [key, 'succeeded', null]));
    expect(DAYS.map((key) => [key, ledger.get(key)?.status, ledger.get(key)?.error])).toEqual(expected);
    expect(keysByStatus(ledger).succeeded ?? []).toHaveLength(summary.succeeded);
  });

  it('agrees with status --asset', async () => {
    const status = await client.assetStatus(asset);
    const shown = status.entries.filter((e) => DAYS.includes(e.key)).map((e) => [e.key, e.status, e.reason]);
    expect(shown).toEqual(
      DAYS.map((key) =>
        ledger.get(key)!.status === 'succeeded' ? [key, 'materialized', ''] : [key, 'failed', `failed: ${ledger.get(key)!.error}`],
      ),
    );
  });

  it('holds at most one success per partition run, rows exactly where it succeeded, nothing running or open', async () => {
    expect((await successesPerRun(database.db, backfillId)).filter((n) => n > 1)).toEqual([]);
    const perKey = await database.db('retrofill_ledger').select('partition_key').count({ n: '*' }).where({ backfill_id: backfillId, status: 'succeeded' }).groupBy('partition_key');
    expect(perKey.filter((r) => Number(r.n) > 1)).toEqual([]);
    expect(await database.db('retrofill_ledger').where({ backfill_id: backfillId, status: 'running' }).count({ n: '*' })).toEqual([{ n: '0' }]);
    const rows = (await database.db(asset).select(database.db.raw('day::text AS day')).count({ n: '*' }).groupBy('day').orderBy('day')) as Array<{ day: string; n: string }>;
    expect(rows).toEqual(DAYS.filter((key) => ledger.get(key)!.status === 'succeeded').map((day) => ({ day, n: String(ROWS_PER_DAY) })));
    expect((await otherSessions(database.db)).filter((s) => s.state !== 'idle')).toEqual([]);
  });
});
