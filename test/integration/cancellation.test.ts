/**
 * Cancelling a backfill mid-run. Every partition first holds generation 1;
 * the generation-2 backfill writes each partition's rows and then sleeps
 * inside its transaction, so the cancellation catches partitions
 * half-written. They must roll back to generation 1, their children must end
 * cancelled, and the summary, the ledger and the data must tell one story.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadAssetsModule } from '../../assets/load-assets-module';
import { RetrofillClient, type BackfillHandle, type BackfillState } from '../../client';
import type { BackfillSummary } from '../../core/run/backfill-summary';
import { materializationWorkflowId } from '../../contract';
import { GENERATION_ROWS, control } from '../fixtures/steering-assets';
import { keysWithStatus } from '../helpers/ledger-queries';
import { waitFor } from '../helpers/wait-for';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { startTestWorker, type TestWorker } from '../helpers/test-worker';

// 40 days: 2024-01-01 .. 2024-02-09.
const DAYS = 40;
const REQUEST = { assets: ['generations'], from: '2024-01-01', to: '2024-02-09', maxConcurrency: 4 };

let database: TestDatabase;
let worker: TestWorker;
let client: RetrofillClient;
let handle: BackfillHandle;
let summary: BackfillSummary;
let runningAtCancel: string[];
let statesSeen: BackfillState[];
let stateEndedMs: number;
let resultMs: number;

const sorted = (keys: string[]) => [...keys].sort();

beforeAll(async () => {
  database = await createTestDatabase();
  const catalog = await loadAssetsModule(resolve(__dirname, '../fixtures/steering-assets.ts'));
  worker = await startTestWorker({ catalog, db: database.db });
  client = await RetrofillClient.connect({ address: inject('temporalAddress'), taskQueue: worker.taskQueue });
  const first = await (await client.start(REQUEST)).result();
  expect(first).toMatchObject({ outcome: 'completed', succeeded: DAYS });

  control.generation = 2;
  // Two partitions succeed at once; the others sleep far longer than the 10 s the cancellation
  // may take, so it must interrupt their statement rather than wait for it.
  control.sleepSeconds = 30;
  control.quickKeys = new Set(['2024-01-01', '2024-01-02']);
  // Forced: the first run left every partition current.
  handle = await client.start({ ...REQUEST, mode: 'all' });
  // Cancel once the quick partitions succeeded and the running (slow) ones are inside their
  // transaction (ledger row written), so each is caught half-written, not before it began or as it commits.
  const before = await waitFor(
    'the quick partitions succeeded, slow ones running with their ledger row',
    async () => ({ progress: await handle.progress(), ledgerRunning: await keysWithStatus(database.db, handle.backfillId, 'running') }),
    ({ progress, ledgerRunning }) =>
      progress.totals.succeeded === control.quickKeys.size &&
      progress.running.length > 0 &&
      JSON.stringify(sorted(progress.running.map((r) => r.partition))) === JSON.stringify(ledgerRunning),
  );
  runningAtCancel = sorted(before.progress.running.map((r) => r.partition));

  const cancelledAt = Date.now();
  await handle.cancel();
  const result = handle.result().then((s) => ((resultMs = Date.now() - cancelledAt), s));
  statesSeen = [];
  await waitFor('the cancellation to settle', () => handle.progress(), (p) => {
    if (statesSeen.at(-1) !== p.state) statesSeen.push(p.state);
    return p.state === 'cancelled';
  });
  stateEndedMs = Date.now() - cancelledAt;
  summary = await result;
});

afterAll(async () => {
  await client?.close();
  await worker?.stop();
  await database?.drop();
});

describe('a backfill cancelled mid-run', () => {
  it('stops within seconds, its result reporting outcome cancelled', () => {
    expect(stateEndedMs).toBeLessThan(10_000);
    expect(resultMs).toBeLessThan(10_000);
    expect(['running', 'cancelling', 'cancelled']).toEqual(expect.arrayContaining(statesSeen));
    expect(statesSeen.at(-1)).toBe('cancelled');
    expect(summary).toMatchObject({ backfillId: handle.backfillId, outcome: 'cancelled', total: DAYS, failed: 0, skipped: 0 });
    expect(summary.succeeded + summary.cancelled + summary.pending).toBe(DAYS);
    expect([summary.succeeded, summary.cancelled, summary.pending].every((n) => n > 0)).toBe(true);
    expect(summary.assets).toEqual([expect.objectContaining({ asset: 'generations', succeeded: summary.succeeded, cancelled: summary.cancelled, pending: summary.pending })]);
  });

  it('cancels the children of the running partitions, and leaves none running', async () => {
    const statuses = new Map<string, string>();
    for (let day = 1; day <= DAYS; day++) {
      const key = new Date(Date.UTC(2024, 0, day)).toISOString().slice(0, 10);
      const id = materializationWorkflowId(worker.taskQueue, 'generations', key);
      statuses.set(key, (await worker.client.workflow.getHandle(id).describe()).status.name);
    }
    expect(runningAtCancel.map((k) => [k, statuses.get(k)])).toEqual(runningAtCancel.map((k) => [k, 'CANCELLED']));
    expect([...statuses.values()].filter((s) => s === 'RUNNING')).toEqual([]);
  });

  it('leaves no partition half-written: each day is wholly generation 1 or wholly generation 2', async () => {
    const { rows: days } = await database.db.raw(
      `SELECT day::text AS day, count(*)::int AS rows, min(generation) <> max(generation) AS mixed
       FROM generations GROUP BY day ORDER BY day`,
    );
    expect(days).toHaveLength(DAYS);
    for (const d of days) expect(d).toEqual({ day: d.day, rows: GENERATION_ROWS, mixed: false });
  });

  it('agrees with the ledger: succeeded, cancelled and never-started partitions', async () => {
    const { db } = database;
    const succeeded = await keysWithStatus(db, handle.backfillId, 'succeeded');
    const cancelled = await keysWithStatus(db, handle.backfillId, 'cancelled');
    expect(succeeded).toHaveLength(summary.succeeded);
    expect(cancelled).toEqual(runningAtCancel);
    expect(cancelled).toHaveLength(summary.cancelled);
    expect(await keysWithStatus(db, handle.backfillId, 'running')).toEqual([]);
    // Partitions the summary counts as pending never started: no ledger row at all in this backfill.
    const touched = await db('retrofill_ledger').countDistinct({ n: 'partition_key' }).where({ backfill_id: handle.backfillId });
    expect(DAYS - Number(touched[0]!.n)).toBe(summary.pending);
    // Generation 2 is committed exactly where the ledger says the partition succeeded.
    const newer = await db('generations').distinct(db.raw('day::text AS day')).where({ generation: 2 }).orderBy('day');
    expect(newer.map((r: { day: string }) => r.day)).toEqual(succeeded);
  });
});
