/**
 * Selection modes and plans against the real ledger: after a complete backfill
 * nothing is selected; re-materialized upstream days and a new code version
 * select exactly what they affect; a dry run writes nothing.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AssetCatalog } from '../../assets/asset-catalog';
import { defineAsset } from '../../assets/define-asset';
import { loadAssetsModule } from '../../assets/load-assets-module';
import { formatSummary } from '../../cli/views/format-summary';
import { RetrofillClient } from '../../client';
import type { BackfillPlanReport } from '../../core/plan/plan-report';
import { LEDGER_TABLE } from '../../db/rows';
import { demoChecksums, ledgerMark, materializedBy } from '../helpers/demo-state';
import { runCommand } from '../helpers/run-command';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { startTestWorker, type TestWorker } from '../helpers/test-worker';

const ROOT = resolve(__dirname, '../..');
const Q1 = { from: '2023-01-01', to: '2023-03-31' };
const DEMO = ['customers', 'raw_events', 'daily_revenue', 'customer_lifetime_value', 'monthly_revenue'];

let database: TestDatabase;
let catalog: AssetCatalog;
let worker: TestWorker;
let client: RetrofillClient;

const retrofill = (taskQueue: string, ...args: string[]) =>
  runCommand(process.execPath, [resolve(ROOT, 'bin/retrofill.js'), ...args], {
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    RETROFILL_TASK_QUEUE: taskQueue,
  });

/** `asset/key` of every partition a plan would run, sorted, from its reason runs. */
function planned(report: BackfillPlanReport): string[] {
  return report.assets
    .flatMap((a) => a.reasons.flatMap((r) => (r.count === 1 ? [`${a.asset}/${r.from}`] : [`${a.asset}/${r.from}…${r.to}(${r.count})`])))
    .sort();
}

beforeAll(async () => {
  database = await createTestDatabase();
  catalog = await loadAssetsModule(resolve(ROOT, 'examples/demo/assets.ts'));
  worker = await startTestWorker({ catalog, db: database.db });
  client = await RetrofillClient.connect({ address: inject('temporalAddress'), taskQueue: worker.taskQueue });
  const first = await (await client.start({ assets: DEMO, ...Q1, maxConcurrency: 8 })).result();
  expect(first).toMatchObject({ outcome: 'completed', total: 274, selection: { mode: 'stale', targeted: 274, selected: 274 } });
});

afterAll(async () => {
  await client?.close();
  await worker?.stop();
  await database?.drop();
});

describe('selection against the ledger', () => {
  it('a second `missing` backfill right after a complete one runs nothing, and says so', async () => {
    const before = await ledgerMark(database.db);
    const summary = await (await client.start({ assets: DEMO, ...Q1, mode: 'missing' })).result();
    expect(summary).toMatchObject({ outcome: 'completed', total: 0, selection: { mode: 'missing', targeted: 274, selected: 0 } });
    expect(formatSummary(summary)).toContain('nothing to run (mode missing): none of the 274 targeted partitions needed it');
    expect(await ledgerMark(database.db)).toEqual(before);

    const cli = await retrofill(worker.taskQueue, 'backfill', '--assets', DEMO.join(','), '--from', Q1.from, '--to', Q1.to, '--mode', 'missing', '--wait');
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(/nothing to run \(mode missing\): none of the 274 targeted partitions needed it/);
  });

  it('a dry run of a forced backfill plans everything and writes nothing', async () => {
    const [tables, ledger] = [await demoChecksums(database.db), await ledgerMark(database.db)];
    const report = await client.plan({ assets: DEMO, ...Q1, mode: 'all' });
    expect(report).toMatchObject({ dryRun: true, mode: 'all', targeted: 274, total: 274 });
    expect(report.estimate.ms).toBeGreaterThan(0);
    expect(report.estimate.basis).toMatch(/recent materializations in the ledger/);
    expect(await demoChecksums(database.db)).toEqual(tables);
    expect(await ledgerMark(database.db)).toEqual(ledger);
  });

  it('three re-materialized upstream days select their 3 daily readers and the 2 months holding them, then nothing', async () => {
    const days = ['2023-01-31', '2023-02-01', '2023-02-02'];
    const upstream = await (await client.start({ assets: ['raw_events'], partitions: days, mode: 'all' })).result();
    expect(upstream).toMatchObject({ outcome: 'completed', total: 3 });

    const request = { assets: ['daily_revenue', 'monthly_revenue'], ...Q1 };
    const report = await client.plan(request);
    // Consecutive partitions whose inputs changed one each: one line.
    expect(planned(report)).toEqual(['daily_revenue/2023-01-31…2023-02-02(3)', 'monthly_revenue/2023-01…2023-02(2)']);
    expect(report.assets[0]!.reasons[0]!.reason).toBe('upstream raw_events partitions changed');

    const handle = await client.start(request);
    expect(await handle.result()).toMatchObject({ outcome: 'completed', total: 5, succeeded: 5 });
    expect(await materializedBy(database.db, handle.backfillId)).toEqual([
      'daily_revenue/2023-01-31',
      'daily_revenue/2023-02-01',
      'daily_revenue/2023-02-02',
      'monthly_revenue/2023-01',
      'monthly_revenue/2023-02',
    ]);
    expect((await client.plan(request)).total).toBe(0);

    // The cumulative asset, left out above, is stale from the first changed day to the end of the range.
    const rest = await client.start({ assets: DEMO, ...Q1 });
    expect(await rest.result()).toMatchObject({ outcome: 'completed', total: 60 });
    const cumulative = await materializedBy(database.db, rest.backfillId);
    expect(cumulative).toHaveLength(60);
    expect(cumulative.every((l) => l.startsWith('customer_lifetime_value/'))).toBe(true);
    expect(cumulative[0]).toBe('customer_lifetime_value/2023-01-31');
  });

  it("a new code version: exactly that asset's partitions and their readers are stale, with the reason; afterwards the plan is empty", async () => {
    const bumped = new AssetCatalog(catalog.assets.map((a) => (a.name === 'daily_revenue' ? defineAsset({ ...a, codeVersion: '2' }) : a)));
    const redeployed = await startTestWorker({ catalog: bumped, db: database.db });
    const client2 = await RetrofillClient.connect({ address: inject('temporalAddress'), taskQueue: redeployed.taskQueue });
    try {
      const everything = { assets: DEMO, ...Q1 };
      const report = await client2.plan(everything);
      expect(planned(report)).toEqual(['daily_revenue/2023-01-01…2023-03-31(90)', 'monthly_revenue/2023-01…2023-03(3)']);
      expect(report.assets.find((a) => a.asset === 'daily_revenue')!.reasons[0]).toMatchObject({
        status: 'stale',
        reason: 'code version 2 ≠ 1 it was materialized with',
      });

      const status = await client2.assetStatus('daily_revenue');
      expect(status.statuses).toBe('s'.repeat(90) + '-'.repeat(status.keys.length - 90));
      const grid = await retrofill(redeployed.taskQueue, 'status', '--asset', 'daily_revenue');
      expect(grid.code, grid.stderr).toBe(0);
      expect(grid.stdout).toContain('2023-02 ~~~~~~~~~~ ~~~~~~~~~~ ~~~~~~~~');
      // Only the span the ledger holds, not every day up to yesterday; the first line says so.
      expect(grid.stdout.split('\n')[0]).toMatch(/^Showing 2023-01-01 … 2023-03-31: 90 of \d+ partitions \(the span with materialized partitions; --from\/--to for others\)$/);
      expect(grid.stdout).not.toContain('2023-04 ');
      expect(grid.stdout).toContain('stale: code version 2 ≠ 1 it was materialized with');

      const summary = await (await client2.start(everything)).result();
      expect(summary).toMatchObject({ outcome: 'completed', total: 93, succeeded: 93 });
      expect((await client2.plan(everything)).total).toBe(0);
      expect((await client2.assetStatus('daily_revenue')).statuses.slice(0, 90)).toBe('m'.repeat(90));
    } finally {
      await client2.close();
      await redeployed.stop();
    }
  });

  it('`retrofill plan` prints the plan; unknown assets are rejected by the workers', async () => {
    const cli = await retrofill(worker.taskQueue, 'plan', '--assets', 'raw_events', '--from', '2023-03-30', '--to', '2023-04-02', '--mode', 'missing');
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toContain('Plan (mode missing): 2 of 4 targeted partitions would run');
    expect(cli.stdout).toContain('2023-04-01 … 2023-04-02 (2)  missing: never materialized');

    const unknown = await retrofill(worker.taskQueue, 'plan', '--assets', 'ghost', '--from', '2023-01-01', '--to', '2023-01-02');
    expect(unknown.code).toBe(5);
    expect(unknown.stderr).toContain('unknown asset "ghost"');
    const status = await retrofill(worker.taskQueue, 'status', '--asset', 'ghost');
    expect(status.code).toBe(5);
    expect(status.stderr).toContain('unknown asset "ghost"');
  });

  it('newestFirst starts the newest partitions first; it is refused for an asset that depends on its past', async () => {
    const handle = await client.start({ assets: ['raw_events'], from: '2023-03-27', to: '2023-03-31', mode: 'all', newestFirst: true, maxConcurrency: 1 });
    expect(await handle.result()).toMatchObject({ outcome: 'completed', total: 5 });
    const started = await database
      .db(LEDGER_TABLE)
      .where({ backfill_id: handle.backfillId, status: 'succeeded' })
      .orderBy('started_at')
      .pluck('partition_key');
    expect(started).toEqual(['2023-03-31', '2023-03-30', '2023-03-29', '2023-03-28', '2023-03-27']);

    const refused = client.plan({ assets: ['raw_events'], ...Q1, downstream: true, newestFirst: true });
    await expect(refused).rejects.toThrow('newestFirst: asset "customer_lifetime_value" depends on its past partitions, so they must run oldest first');
  });
});
