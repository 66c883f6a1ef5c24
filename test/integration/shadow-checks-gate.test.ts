/**
 * A shadow backfill whose blocking check fails: it ends without touching
 * production, reports the check's message and failing rows (in its summary,
 * `progress` and `retrofill status`), and keeps the shadow for inspection.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadAssetsModule } from '../../assets/load-assets-module';
import { RetrofillClient } from '../../client';
import type { BackfillSummary } from '../../core/run/backfill-summary';
import { CHECK_RESULTS_TABLE } from '../../db/rows';
import { shadowTables } from '../../db/shadow/shadow-names';
import { MAX_ORDERS } from '../fixtures/checked-demo-assets';
import { demoChecksums, type Checksums } from '../helpers/demo-state';
import { runCommand } from '../helpers/run-command';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { startTestWorker, type TestWorker } from '../helpers/test-worker';

const RANGE = { from: '2023-01-01', to: '2023-03-31' };
const SQL_CHECK = 'at most 80 orders per segment and day';

let database: TestDatabase;
let worker: TestWorker;
let client: RetrofillClient;
let before: Checksums;
let summary: BackfillSummary;

beforeAll(async () => {
  database = await createTestDatabase();
  worker = await startTestWorker({ catalog: await loadAssetsModule(resolve(__dirname, '../fixtures/checked-demo-assets.ts')), db: database.db });
  client = await RetrofillClient.connect({ address: inject('temporalAddress'), taskQueue: worker.taskQueue });
  const production = await (await client.start({ assets: ['customers', 'raw_events'], ...RANGE, downstream: true, maxConcurrency: 4 })).result();
  expect(production.outcome).toBe('completed');
  before = await demoChecksums(database.db);
  const handle = await client.start({ assets: ['daily_revenue'], ...RANGE, downstream: true, mode: 'all', maxConcurrency: 4, isolation: 'shadow' });
  summary = await handle.result();
});

afterAll(async () => {
  await client?.close();
  await worker?.stop();
  await database?.drop();
});

describe('a failing blocking check', () => {
  it('ends the backfill as checksFailed, not published, naming the check', () => {
    expect(summary.outcome).toBe('checksFailed');
    expect(summary.succeeded).toBe(93);
    expect(summary.shadow!.phase).toBe('notPublished');
    expect(summary.shadow!.reason).toBe(
      `blocking check failed: daily_revenue ${SQL_CHECK}: production is untouched; the shadow keeps what was written`,
    );
    expect(summary.shadow!.publication).toBeUndefined();
  });

  it('leaves production untouched', async () => {
    expect(await demoChecksums(database.db)).toEqual(before);
  });

  it("reports the check's message and failing rows", async () => {
    const { rows: expected } = await database.db.raw(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, segment, orders FROM daily_revenue WHERE orders > ? ORDER BY day, segment`,
      [MAX_ORDERS],
    );
    expect(expected.length).toBeGreaterThan(0);
    const check = summary.shadow!.checks.find((c) => c.check === SQL_CHECK)!;
    expect(check).toMatchObject({ asset: 'daily_revenue', severity: 'error', passed: false, failingCount: expected.length });
    expect(check.message).toContain(String(expected.length));
    expect(check.failingSample.map((r) => [String(r.day).slice(0, 10), r.segment, Number(r.orders)])).toEqual(
      expected.slice(0, check.failingSample.length).map((r: { day: string; segment: string; orders: number }) => [r.day, r.segment, r.orders]),
    );
    expect(check.failingSample.length).toBeGreaterThan(0);
  });

  it('reports the other checks: passed ones, and a failed warning that does not block', () => {
    const verdicts = Object.fromEntries(summary.shadow!.checks.map((c) => [`${c.asset} ${c.check}`, [c.severity, c.passed]]));
    expect(verdicts).toEqual({
      'daily_revenue unique(day, segment)': ['error', true],
      'daily_revenue notNull(segment, revenue)': ['error', true],
      'daily_revenue coverage ≥ 3 rows': ['error', true],
      'daily_revenue four segments a day': ['warn', false],
      [`daily_revenue ${SQL_CHECK}`]: ['error', false],
      // The demo's own checks of monthly_revenue, which this module reuses.
      'monthly_revenue coverage ≥ 1 row': ['error', true],
      'monthly_revenue unique(month, segment)': ['error', true],
    });
  });

  it('stores the results, once each', async () => {
    const stored = await database.db(CHECK_RESULTS_TABLE).where({ backfill_id: summary.backfillId }).select('check_name', 'passed');
    expect(stored).toHaveLength(summary.shadow!.checks.length);
    expect(stored.filter((r: { passed: boolean }) => !r.passed)).toHaveLength(2);
  });

  it('keeps the shadow data for inspection', async () => {
    const data = shadowTables(summary.backfillId, { name: 'daily_revenue', table: 'daily_revenue' }).data;
    const [{ n }] = (await database.db.raw('SELECT count(*)::int AS n FROM ??', [data])).rows;
    expect(n).toBe(before.daily_revenue!.rows);
    const diff = await client.diff(summary.backfillId);
    expect(diff.assets.map((a) => [a.asset, a.partitions, a.changedPartitions])).toEqual([
      ['daily_revenue', 90, 0],
      ['monthly_revenue', 3, 0],
    ]);
  });

  it('shows in retrofill status', async () => {
    const result = await runCommand(process.execPath, [resolve(__dirname, '../../bin/retrofill.js'), 'status', summary.backfillId], {
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      RETROFILL_TASK_QUEUE: worker.taskQueue,
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Shadow: not published: blocking check failed');
    expect(result.stdout).toMatch(new RegExp(`error daily_revenue ${SQL_CHECK}: .*${summary.shadow!.checks.find((c) => c.check === SQL_CHECK)!.failingCount}`));
  });

  it('cannot be published afterwards: publish names the failed check', async () => {
    await expect(client.publish(summary.backfillId)).rejects.toMatchObject({ type: 'ChecksFailed', checks: [`daily_revenue ${SQL_CHECK}`] });
  });

  it('is discarded on request, dropping the shadow and nothing else', async () => {
    const result = await runCommand(process.execPath, [resolve(__dirname, '../../bin/retrofill.js'), 'discard', summary.backfillId], {
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      RETROFILL_TASK_QUEUE: worker.taskQueue,
    });
    expect(result).toMatchObject({ code: 0, stdout: `Discarded the shadow of ${summary.backfillId}\n` });
    const data = shadowTables(summary.backfillId, { name: 'daily_revenue', table: 'daily_revenue' }).data;
    expect((await database.db.raw('SELECT to_regclass(?) AS t', [data])).rows[0].t).toBeNull();
    expect(await demoChecksums(database.db)).toEqual(before);
    await expect(client.diff(summary.backfillId)).rejects.toMatchObject({ failureType: 'ShadowState', message: expect.stringContaining('was already discarded') });
    await client.discard(summary.backfillId);
  });
});
