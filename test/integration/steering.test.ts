/**
 * Steering one live 200-partition backfill through RetrofillClient: progress,
 * rejected concurrency values, pause/resume, throttle, completion. The tests
 * run in order against the same backfill, each at the moment it describes;
 * timing claims are checked against the ledger, on the database's clock.
 */
import { resolve } from 'node:path';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadAssetsModule } from '../../assets/load-assets-module';
import { BackfillNotFoundError, BackfillNotRunningError, InvalidConcurrencyError, RetrofillClient, type BackfillHandle } from '../../client';
import { tableChecksum } from '../../examples/demo/reference';
import { buildSlowDaysReference } from '../fixtures/steering-assets';
import { dbNow, keysStartedBetween, peakOverlap, succeededIntervals, succeededIntervalsStartedAfter } from '../helpers/ledger-queries';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { startTestWorker, type TestWorker } from '../helpers/test-worker';
import { waitFor } from '../helpers/wait-for';

// 200 days: 2024 is a leap year, so 2024-01-01 .. 2024-07-18.
const REQUEST = { assets: ['slow_days'], from: '2024-01-01', to: '2024-07-18', maxConcurrency: 8 };
const RANGE = { start: new Date('2024-01-01T00:00:00Z'), end: new Date('2024-07-19T00:00:00Z') };
const PAUSE_MS = 3_000;

let database: TestDatabase;
let worker: TestWorker;
let client: RetrofillClient;
let handle: BackfillHandle;
const progress = () => handle.progress();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The days a running entry holds: one key, or every day of a batch's `first..last`. */
function daysOf(partition: string): string[] {
  const [first, last = first] = partition.split('..') as [string, string?];
  const days: string[] = [];
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}
/** Database times at the steps, compared with the ledger's `started_at` / `finished_at`. */
const at = { resume: '', throttled: '' };
let pendingWhenThrottled = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  const catalog = await loadAssetsModule(resolve(__dirname, '../fixtures/steering-assets.ts'));
  worker = await startTestWorker({ catalog, db: database.db });
  client = await RetrofillClient.connect({ address: inject('temporalAddress'), taskQueue: worker.taskQueue });
  handle = await client.start(REQUEST);
});

afterAll(async () => {
  await client?.close();
  await worker?.stop();
  await database?.drop();
});

describe('steering a running 200-partition backfill', () => {
  it('reports progress while running: state, per-asset counts, running partitions, times, concurrency', async () => {
    const p = await waitFor('some partitions done', progress, (p) => p.totals.succeeded >= 8 && p.running.length > 0);
    expect(p).toMatchObject({ backfillId: handle.backfillId, state: 'running', maxConcurrency: 8, recentFailures: [] });
    expect(p.assets).toHaveLength(1);
    const counts = p.assets[0]!;
    expect(counts).toMatchObject({ asset: 'slow_days', total: 200, failed: 0, skipped: 0, cancelled: 0 });
    expect(counts.pending + counts.running + counts.succeeded).toBe(200);
    expect(counts.pending).toBeGreaterThan(0);
    expect(p.totals).toMatchObject({ total: 200, succeeded: counts.succeeded, running: counts.running });
    // Children, each one partition or a batch of consecutive days: at most 8 at once, holding the running partitions.
    expect(p.running.length).toBeLessThanOrEqual(8);
    expect(p.running.reduce((sum, r) => sum + daysOf(r.partition).length, 0)).toBe(counts.running);
    for (const r of p.running) {
      const days = daysOf(r.partition);
      expect(r).toEqual({
        asset: 'slow_days',
        partition: days.length === 1 ? expect.stringMatching(/^2024-\d\d-\d\d$/) : `${days[0]}..${days[days.length - 1]}`,
        ...(days.length > 1 && { partitions: days.length }),
        startedAt: expect.any(String),
      });
    }
    expect(Date.parse(p.startedAt)).toBeLessThanOrEqual(Date.now());
    expect(p.elapsedMs).toBeGreaterThan(0);
  });

  it('rejects concurrency 0, -1 and "x" with a clear message, and keeps running unchanged', async () => {
    for (const bad of [0, -1]) {
      const error = await handle.throttle(bad).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidConcurrencyError);
      expect((error as Error).message).toContain(`maxConcurrency must be a whole number from 1 to 500, got ${bad}`);
      expect(await progress()).toMatchObject({ state: 'running', maxConcurrency: 8 });
    }
    // The typed method only takes numbers: send what the CLI or Web UI could send.
    const raw = worker.client.workflow.getHandle(handle.backfillId);
    const error = await raw.executeUpdate('setConcurrency', { args: ['x'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((error as WorkflowUpdateFailedError).cause?.message).toBe('maxConcurrency must be a whole number from 1 to 500, got "x"');
    const after = await progress();
    expect(after).toMatchObject({ state: 'running', maxConcurrency: 8 });
    expect(after.totals.pending).toBeGreaterThan(0);
  });

  it('pause: the running partitions finish and none starts until resume', async () => {
    const { db } = database;
    let pausedAt: string;
    let quietAt: string;
    let runningAtPause: string[];
    /** The partition each running child had in flight: a lone partition, or a batch's first. */
    let inFlightAtPause: string[];
    await client.pause(handle.backfillId);
    try {
      const firstPaused = await waitFor('paused', progress, (p) => p.state === 'paused');
      pausedAt = await dbNow(db);
      runningAtPause = firstPaused.running.flatMap((r) => daysOf(r.partition));
      inFlightAtPause = firstPaused.running.map((r) => daysOf(r.partition)[0]!);
      const quiet = await waitFor('paused, nothing running', progress, (p) => p.state === 'paused' && p.running.length === 0);
      quietAt = await dbNow(db);
      await sleep(PAUSE_MS);
      expect(await progress()).toMatchObject({ state: 'paused', running: [], totals: { succeeded: quiet.totals.succeeded } });
    } finally {
      // Even when an expectation above fails, so that the later tests do not wait on a paused backfill.
      at.resume = await dbNow(db);
      await handle.resume();
    }

    // Launched before the pause took effect (a batch's later days included), these may have started after `pausedAt`; nothing else may.
    expect(runningAtPause.length).toBeGreaterThan(0);
    expect(runningAtPause).toEqual(expect.arrayContaining(await keysStartedBetween(db, handle.backfillId, pausedAt, at.resume)));
    expect(await keysStartedBetween(db, handle.backfillId, quietAt, at.resume)).toEqual([]);
    // The partitions that started finished, and succeeded, before the backfill went quiet: each child's
    // first surely, a batch's later days only if the batch reached them before it saw the pause.
    const settled: Array<{ partition_key: string }> = await db('retrofill_ledger')
      .select('partition_key', 'status', db.raw('finished_at <= CAST(? AS timestamptz) AS finished_before_quiet', [quietAt]))
      .where({ backfill_id: handle.backfillId })
      .whereIn('partition_key', runningAtPause)
      .orderBy('partition_key');
    const started = settled.map((r) => r.partition_key);
    expect(started).toEqual(expect.arrayContaining(inFlightAtPause));
    expect(settled).toEqual(started.map((k) => ({ partition_key: k, status: 'succeeded', finished_before_quiet: true })));
  });

  it('resume: partitions start again', async () => {
    await waitFor('running again', progress, (p) => p.state === 'running' && p.running.length > 0);
    const startedSince = await waitFor('a ledger row started after resume', () => keysStartedBetween(database.db, handle.backfillId, at.resume, 'infinity'), (k) => k.length > 0);
    expect(startedSince.length).toBeGreaterThan(0);
  });

  it('throttle 8 → 2 returns 2; the partitions already running drain to 2 within seconds', async () => {
    // Late enough to keep the test short, early enough that many partitions start under the new limit.
    await waitFor('90 done, more than 2 running', progress, (p) => p.totals.succeeded >= 90 && p.running.length > 2);
    expect(await handle.throttle(2)).toBe(2);
    const throttleAt = await dbNow(database.db);
    const two = await waitFor('at most 2 running', progress, (p) => p.running.length <= 2);
    at.throttled = await dbNow(database.db);
    expect(two).toMatchObject({ state: 'running', maxConcurrency: 2 });
    pendingWhenThrottled = two.totals.pending;
    const { rows } = await database.db.raw('SELECT extract(epoch FROM CAST(? AS timestamptz) - CAST(? AS timestamptz)) AS s', [at.throttled, throttleAt]);
    expect(Number(rows[0].s)).toBeLessThan(5);
  });

  it('completes: 200 partitions succeeded, data equal to the one-pass SQL reference', async () => {
    const summary = await handle.result();
    expect(summary).toMatchObject({ backfillId: handle.backfillId, outcome: 'completed', total: 200, succeeded: 200, failed: 0, skipped: 0, cancelled: 0, pending: 0 });
    await buildSlowDaysReference(database.db, RANGE.start, RANGE.end);
    const actual = await tableChecksum(database.db, 'slow_days', 'day, n');
    expect(actual).toEqual(await tableChecksum(database.db, 'ref_slow_days', 'day, n'));
    expect(actual.rows).toBe(200 * 3);
    const intervals = await succeededIntervals(database.db, handle.backfillId);
    expect(new Set(intervals.map((i) => i.partition_key)).size).toBe(200);
  });

  it('ran at most 2 partitions at once after the throttle drained', async () => {
    const after = await succeededIntervalsStartedAfter(database.db, handle.backfillId, at.throttled);
    // Every partition still pending at the ≤ 2 observation started afterwards, bar at most 2 launched meanwhile.
    expect(pendingWhenThrottled).toBeGreaterThan(20);
    expect(after.length).toBeGreaterThanOrEqual(pendingWhenThrottled - 2);
    expect(peakOverlap(after)).toBe(2);
  });

  it('reports an unknown backfill as not found, and pausing an ended one as not running', async () => {
    await expect(client.progress('backfill-that-never-was')).rejects.toBeInstanceOf(BackfillNotFoundError);
    await expect(client.pause('backfill-that-never-was')).rejects.toBeInstanceOf(BackfillNotFoundError);
    const error = await handle.pause().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackfillNotRunningError);
    expect((error as Error).message).toBe(`backfill ${handle.backfillId} is not running (completed)`);
  });
});
