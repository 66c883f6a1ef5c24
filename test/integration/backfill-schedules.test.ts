/**
 * Backfills on a Temporal Schedule, through the real dev server: a schedule
 * every 2 s on a minute-partitioned asset materializes each minute soon after
 * it completes, its runs carry the schedule's name, and pause, trigger and
 * delete do what they say; bad input is refused with nothing created.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { loadAssetsModule } from '../../assets/load-assets-module';
import { BackfillFailedError, InvalidScheduleError, RetrofillClient, ScheduleNotFoundError } from '../../client';
import { LEDGER_TABLE } from '../../db/rows';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { startTestWorker, type TestWorker } from '../helpers/test-worker';
import { waitFor } from '../helpers/wait-for';

const MINUTE = 60_000;
const minuteKey = (ms: number) => new Date(ms).toISOString().slice(0, 16);

let database: TestDatabase;
let worker: TestWorker;
let client: RetrofillClient;
let connection: Connection;
let temporal: Client;
const name = `ticks-${Date.now().toString(36)}`;

/** Backfills the schedule started, as Temporal's visibility lists them. */
async function runsOf(schedule: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const w of temporal.workflow.list({ query: `RetrofillSchedule = '${schedule}'` })) ids.push(w.workflowId);
  return ids;
}

beforeAll(async () => {
  database = await createTestDatabase();
  const catalog = await loadAssetsModule(resolve(__dirname, '../fixtures/minute-assets.ts'));
  worker = await startTestWorker({ catalog, db: database.db });
  client = await RetrofillClient.connect({ address: inject('temporalAddress'), taskQueue: worker.taskQueue });
  connection = await Connection.connect({ address: inject('temporalAddress') });
  temporal = new Client({ connection });
});

afterAll(async () => {
  await client?.schedules.delete(name).catch(() => undefined);
  await connection?.close();
  await client?.close();
  await worker?.stop();
  await database?.drop();
});

describe('a schedule every 2 s on minute partitions', () => {
  it('materializes each minute soon after it completes, exactly once', async () => {
    const created = await client.schedules.create(name, { assets: ['minute_ticks'], every: '2s', lookback: 3 });
    expect(created).toMatchObject({ name, everySeconds: 2, paused: false, request: { assets: ['minute_ticks'], lookback: 3, mode: 'missing' } });
    // The minute under way now: once it completes, the next run (2 s later at most) materializes it.
    const current = Math.floor(Date.now() / MINUTE) * MINUTE;
    const key = minuteKey(current);
    const row = await waitFor(
      `partition ${key} materialized`,
      async () => (await database.db(LEDGER_TABLE).where({ asset: 'minute_ticks', partition_key: key, status: 'succeeded' }).first()) as { finished_at: Date } | undefined,
      Boolean,
      120_000,
      250,
    );
    const lateMs = new Date(row!.finished_at).getTime() - (current + MINUTE);
    expect(lateMs).toBeGreaterThanOrEqual(0);
    expect(lateMs).toBeLessThan(15_000);
    // The minutes before it, in the lookback, too; each once.
    const keys = [1, 2, 3].map((back) => minuteKey(current + MINUTE - back * MINUTE));
    const counts = await database.db(LEDGER_TABLE).whereIn('partition_key', keys).andWhere({ status: 'succeeded' }).groupBy('partition_key').select('partition_key', database.db.raw('count(*)::int AS n'));
    expect(counts.map((c: { n: number }) => c.n)).toEqual([1, 1, 1]);
    const rows = await database.db('minute_ticks').whereIn('key', keys).count({ n: '*' });
    expect(Number(rows[0]!.n)).toBe(3);
  });

  it('starts backfills that carry its name, listed in its recent runs', async () => {
    const info = await client.schedules.describe(name);
    expect(info.recentRuns.length).toBeGreaterThan(0);
    expect(info.nextRuns.length).toBeGreaterThan(0);
    const runs = await waitFor('runs visible by the schedule attribute', () => runsOf(name), (ids) => ids.length > 0, 10_000, 250);
    expect(runs.every((id) => id.startsWith(`${name}-`))).toBe(true);
    expect(runs).toEqual(expect.arrayContaining([info.recentRuns[info.recentRuns.length - 1]!.backfillId]));
    expect((await client.schedules.list()).map((s) => s.name)).toContain(name);
  });

  it('starts no run while paused, one at once on trigger, and is gone once deleted', async () => {
    await client.schedules.pause(name);
    expect((await client.schedules.describe(name)).paused).toBe(true);
    const before = (await client.schedules.describe(name)).runs;
    await new Promise((r) => setTimeout(r, 5_000));
    const paused = await client.schedules.describe(name);
    expect(paused.runs).toBe(before);
    await client.schedules.trigger(name);
    await waitFor('the triggered run', async () => (await client.schedules.describe(name)).runs, (n) => n === before + 1, 10_000, 200);
    await client.schedules.unpause(name);
    expect((await client.schedules.describe(name)).paused).toBe(false);
    await client.schedules.delete(name);
    await expect(client.schedules.describe(name)).rejects.toBeInstanceOf(ScheduleNotFoundError);
    expect((await client.schedules.list()).map((s) => s.name)).not.toContain(name);
  });
});

describe('a schedule that cannot be', () => {
  const refused = async (n: string, run: () => Promise<unknown>, error: unknown, message: RegExp) => {
    await expect(run()).rejects.toBeInstanceOf(error);
    await expect(run()).rejects.toThrow(message);
    await expect(client.schedules.describe(n)).rejects.toBeInstanceOf(ScheduleNotFoundError);
  };

  it('is refused for an unknown asset, by the workers, and nothing is created', async () => {
    await refused('bad-asset', () => client.schedules.create('bad-asset', { assets: ['no_such_asset'], every: '1m' }), BackfillFailedError, /unknown asset "no_such_asset"/);
  });

  it('is refused for a bad interval, a lookback of 0 or a bad name, naming the problem', async () => {
    await refused('bad-every', () => client.schedules.create('bad-every', { assets: ['minute_ticks'], every: 'often' }), InvalidScheduleError, /every: expected a whole number and a unit s, m, h or d \(e\.g\. 15m, 1h, 1d\), got "often"/);
    await refused('bad-lookback', () => client.schedules.create('bad-lookback', { assets: ['minute_ticks'], every: '1m', lookback: 0 }), InvalidScheduleError, /lookback: expected a whole number of partitions from 1 to 10000, got 0/);
    await expect(client.schedules.create('no spaces', { assets: ['minute_ticks'], every: '1m' })).rejects.toThrow(/name: expected 1-100 letters/);
  });

  it('is refused when the name is taken', async () => {
    await client.schedules.create(`${name}-twice`, { assets: ['minute_ticks'], every: '1h' });
    await expect(client.schedules.create(`${name}-twice`, { assets: ['minute_ticks'], every: '1h' })).rejects.toThrow(/exists already/);
    await client.schedules.delete(`${name}-twice`);
  });
});
