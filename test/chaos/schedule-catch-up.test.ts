/**
 * Chaos: a schedule's worker is down for 3 minutes. A schedule fires every
 * 2 s a missing-mode backfill of the last 10 minutes of a minute-partitioned
 * asset; its only worker (a real `retrofill worker` process) is stopped for
 * 3 minutes, then started again. The minutes that completed meanwhile are
 * filled by the runs after it returns, each exactly once (the ledger and the
 * table), and the Temporal Schedule lists the runs, having skipped the
 * firings that came while a run waited for the worker.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RetrofillClient, type BackfillScheduleInfo } from '../../client';
import { LEDGER_TABLE } from '../../db/rows';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { waitFor } from '../helpers/wait-for';
import { WorkerProcess, killAllWorkers } from '../helpers/worker-process';
import { sleep } from './helpers/prng';
import { report } from './helpers/report';

const MINUTE = 60_000;
const DOWN_MS = 3 * MINUTE;
const minuteKey = (ms: number) => new Date(ms).toISOString().slice(0, 16);
const floorMinute = (ms: number) => Math.floor(ms / MINUTE) * MINUTE;

let database: TestDatabase;
let worker: WorkerProcess;
let client: RetrofillClient;
const name = `catch-up-${randomBytes(3).toString('hex')}`;
/** Minutes that completed from just before the stop to just after the restart: the outage's. */
const outage: string[] = [];
let ledger: Array<{ partition_key: string; succeeded: number; rows: number }>;
let info: BackfillScheduleInfo;

const succeededMinutes = async (keys: string[]) =>
  Number((await database.db(LEDGER_TABLE).where({ asset: 'minute_ticks', status: 'succeeded' }).whereIn('partition_key', keys).countDistinct({ n: 'partition_key' }))[0]!.n);

beforeAll(async () => {
  database = await createTestDatabase();
  const taskQueue = `chaos-schedule-${randomBytes(4).toString('hex')}`;
  const env = { DATABASE_URL: database.url, TEMPORAL_ADDRESS: inject('temporalAddress'), RETROFILL_TASK_QUEUE: taskQueue };
  worker = new WorkerProcess({ name: 'schedule-catch-up-worker', assets: 'test/fixtures/minute-assets.ts', env });
  await worker.start();
  client = await RetrofillClient.connect({ address: env.TEMPORAL_ADDRESS, taskQueue });
  await client.schedules.create(name, { assets: ['minute_ticks'], every: '2s', lookback: 10 });

  // Running: the last complete minute gets filled.
  const last = minuteKey(floorMinute(Date.now()) - MINUTE);
  await waitFor(`minute ${last} before the stop`, () => succeededMinutes([last]), (n) => n === 1, 30_000, 250);
  const stoppedAt = Date.now();
  await worker.stop();
  await sleep(DOWN_MS);
  await worker.start();
  const restartedAt = Date.now();
  // Every minute from the one under way at the stop to the last complete one after the restart.
  for (let t = floorMinute(stoppedAt); t + MINUTE <= floorMinute(restartedAt); t += MINUTE) outage.push(minuteKey(t));
  await waitFor('the outage minutes filled', () => succeededMinutes(outage), (n) => n === outage.length, 120_000, 500);
  // A few more firings, to see none of them writes a minute again.
  await sleep(6_000);
  info = await client.schedules.describe(name);
  ledger = (
    await database.db(LEDGER_TABLE)
      .where({ asset: 'minute_ticks' })
      .whereIn('partition_key', outage)
      .groupBy('partition_key')
      .select('partition_key', database.db.raw(`count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded`))
  ).map((r: { partition_key: string; succeeded: number }) => ({ ...r, rows: 0 }));
  const rows = await database.db('minute_ticks').whereIn('key', outage).groupBy('key').select('key', database.db.raw('count(*)::int AS n'));
  for (const r of ledger) r.rows = rows.find((x: { key: string }) => x.key === r.partition_key)?.n ?? 0;
  report('schedule-catch-up', { outageMinutes: outage.length, downMs: restartedAt - stoppedAt, runs: info.runs, skippedOverlapping: info.skippedOverlapping });
}, 300_000);

afterAll(async () => {
  await client?.schedules.delete(name).catch(() => undefined);
  await client?.close();
  await killAllWorkers();
  await database?.drop();
});

describe('a schedule whose worker was down for 3 minutes', () => {
  it('fills every minute that completed meanwhile', () => {
    expect(outage.length).toBeGreaterThanOrEqual(3);
    expect(ledger.map((r) => r.partition_key).sort()).toEqual([...outage].sort());
  });

  it('materializes each of them exactly once: one succeeded ledger row, one table row', () => {
    for (const r of ledger) expect(r, r.partition_key).toMatchObject({ succeeded: 1, rows: 1 });
  });

  it('lists its runs in the Temporal Schedule, having skipped the firings while a run waited for the worker', () => {
    expect(info.runs).toBeGreaterThan(2);
    expect(info.skippedOverlapping).toBeGreaterThan(0);
    expect(info.recentRuns.length).toBeGreaterThan(0);
    expect(info.recentRuns.every((r) => r.backfillId.startsWith(`${name}-`))).toBe(true);
  });
});
