/**
 * A backfill larger than one run plans runs in time segments, through the
 * real Temporal server and PostgreSQL: the same tables as one run, every
 * partition materialized once, one summary and one progress for the whole.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AssetCatalog } from '../../assets/asset-catalog';
import { loadAssetsModule } from '../../assets/load-assets-module';
import { formatSummary } from '../../cli/views/format-summary';
import { RetrofillClient } from '../../client';
import { LEDGER_TABLE } from '../../db/rows';
import { demoChecksums } from '../helpers/demo-state';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { startTestWorker, type TestWorker } from '../helpers/test-worker';

const ROOT = resolve(__dirname, '../..');
const Q1 = { from: '2023-01-01', to: '2023-03-31' };
/** Every demo asset but the unpartitioned customers: 3 daily assets over 90 days and 3 months. */
const DAILY_AND_MONTHLY = ['raw_events', 'daily_revenue', 'customer_lifetime_value', 'monthly_revenue'];
/** Cuts Q1 into its months: 94, 85 and 94 partitions. */
const PER_RUN = 100;

let catalog: AssetCatalog;
const worlds: Array<{ database: TestDatabase; worker: TestWorker; client: RetrofillClient }> = [];

/** A database and a worker on it; `perRun` sets how many partitions one run of a backfill plans (and short histories). */
async function world(perRun?: number) {
  const database = await createTestDatabase();
  // Short histories too, so runs continue as new within segments as well as between them.
  const limits = { maxPartitions: 1_000_000, maxPartitionsPerRun: perRun, continueAsNewAfterEvents: 150 };
  const worker = await startTestWorker({ catalog, db: database.db, ...(perRun && { limits }) });
  const client = await RetrofillClient.connect({ address: inject('temporalAddress'), taskQueue: worker.taskQueue });
  const made = { database, worker, client };
  worlds.push(made);
  // The daily revenue reads the unpartitioned customers: materialized first, in one run.
  await expect((await client.start({ assets: ['customers'] })).result()).resolves.toMatchObject({ outcome: 'completed', total: 1 });
  return made;
}

beforeAll(async () => {
  catalog = await loadAssetsModule(resolve(ROOT, 'examples/demo/assets.ts'));
});

afterAll(async () => {
  for (const { client, worker, database } of worlds) {
    await client.close();
    await worker.stop();
    await database.drop();
  }
});

describe('a backfill over more partitions than one run plans', () => {
  it('runs month by month and leaves the same tables as one run, each partition written once', async () => {
    const [segmented, whole] = await Promise.all([world(PER_RUN), world()]);
    const handle = await segmented.client.start({ assets: DAILY_AND_MONTHLY, ...Q1, downstream: true, maxConcurrency: 8 });
    const summary = await handle.result();
    expect(summary).toMatchObject({ outcome: 'completed', total: 273, succeeded: 273, segments: 3, selection: { mode: 'stale', targeted: 273, selected: 273 } });
    expect(summary.assets.find((a) => a.asset === 'raw_events')).toMatchObject({ total: 90, succeeded: 90 });
    expect(summary.assets.find((a) => a.asset === 'monthly_revenue')).toMatchObject({ total: 3, succeeded: 3 });
    expect(formatSummary(summary)).toContain('Ran in 3 time segments (more partitions than one run plans)');

    const oneRun = await (await whole.client.start({ assets: DAILY_AND_MONTHLY, ...Q1, downstream: true, maxConcurrency: 8 })).result();
    expect(oneRun).toMatchObject({ outcome: 'completed', total: 273 });
    expect(oneRun.segments).toBeUndefined();
    expect(await demoChecksums(segmented.database.db)).toEqual(await demoChecksums(whole.database.db));

    const writes = await segmented.database.db(LEDGER_TABLE).where({ backfill_id: handle.backfillId, status: 'succeeded' }).count({ n: '*' }).countDistinct({ partitions: segmented.database.db.raw("asset || '/' || partition_key") });
    expect(writes).toEqual([{ n: '273', partitions: '273' }]);

    // The last run answers for the whole backfill: every segment counted, each in its own run.
    const progress = await handle.progress();
    expect(progress).toMatchObject({ state: 'completed', totals: { total: 273, succeeded: 273 }, segment: { current: 3, count: 3, from: '2023-03-01T00:00:00.000Z' } });
    expect(progress.continuedAsNew).toBeGreaterThan(2);

    // One line for the backfill, however many runs it took; its partitions' workflows only with `all`.
    const listed = await segmented.client.list({ limit: 100 });
    const lines = listed.filter((b) => b.backfillId === handle.backfillId);
    expect(lines).toEqual([expect.objectContaining({ status: 'COMPLETED' })]);
    // Started when its first run did, not its last.
    expect(Math.abs(lines[0]!.startTime.getTime() - Date.parse(progress.startedAt))).toBeLessThan(1000);
    expect(listed.every((b) => !b.backfillId.startsWith('plan-') && b.kind === undefined)).toBe(true);
    // At its limit too: `list` then looks up the first runs of what it lists by id.
    const [newest] = await segmented.client.list({ limit: 1 });
    expect(newest).toMatchObject({ backfillId: handle.backfillId, status: 'COMPLETED' });
    expect(Math.abs(newest!.startTime.getTime() - Date.parse(progress.startedAt))).toBeLessThan(1000);
    const everything = await segmented.client.list({ all: true, limit: 1000 });
    expect(everything.filter((b) => b.backfillId === handle.backfillId)).toHaveLength(1);
    expect(everything.some((b) => b.kind !== 'backfill' && b.kind !== 'dryRun')).toBe(true);

    // Segment by segment, `missing` finds nothing left, and says what it looked at.
    const again = await (await segmented.client.start({ assets: DAILY_AND_MONTHLY, ...Q1, downstream: true, mode: 'missing' })).result();
    expect(again).toMatchObject({ outcome: 'completed', total: 0, segments: 3, selection: { mode: 'missing', targeted: 273, selected: 0 } });
    expect(formatSummary(again)).toMatch(/nothing to run \(mode missing\): none of the 273 targeted partitions needed it \(in 3 time segments\)$/);
  });

  it('refuses a plan over more than one run, listing the segments to plan instead', async () => {
    const { client } = await world(PER_RUN);
    await expect(client.plan({ assets: DAILY_AND_MONTHLY, ...Q1, downstream: true })).rejects.toThrow(
      /a plan covers at most 100 partitions; this backfill \(273\) would run as 3 segments \(2023-01-01\.\.2023-01-31, 2023-02-01\.\.2023-02-28, 2023-03-01\.\.2023-03-31\)/,
    );
    // A dry run is no backfill: listed only with `all`, as one.
    expect((await client.list()).map((b) => b.backfillId).filter((id) => id.startsWith('plan-'))).toEqual([]);
    expect((await client.list({ all: true })).filter((b) => b.kind === 'dryRun')).toHaveLength(1);
  });
});
