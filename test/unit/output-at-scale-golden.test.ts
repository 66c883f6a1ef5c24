/**
 * Golden tests of `plan`, `diff`, `status --asset` and `list` at the scale a
 * new user meets first: about 1,500 days of a daily DAG with a cumulative
 * asset. Each output is built from what the workers would return (an
 * in-memory ledger, the diff's counts, visibility's runs) by the code the CLI
 * runs. After a deliberate change, review the diff and rewrite the files with
 * RETROFILL_UPDATE_GOLDEN=1.
 */
import { describe, expect, it } from 'vitest';
import { collectListings, earliestStarts, type ListedRun } from '../../client/backfill-listings';
import { assetSpan } from '../../cli/views/asset-span';
import { listingLines } from '../../cli/views/list-view';
import { renderPartitionGrid } from '../../cli/views/partition-grid';
import { formatPlan } from '../../cli/views/plan-view';
import { formatShadowDiff } from '../../cli/views/shadow-diff-view';
import { partitionKeys, type PartitionsDef } from '../../core/partitions/partitions-def';
import { selectPartitions } from '../../core/selection/partition-selection';
import { MAX_LISTED, summariseAssetDiff, type PartitionDiff } from '../../core/shadow/shadow-diff';
import { packAssetStatus, packedForTemporal, statusEntries, unpackedAssetStatus } from '../../core/status/asset-status';
import { assetSpec } from '../helpers/asset-specs';
import { golden } from '../helpers/golden';
import { MemoryLedger } from '../helpers/memory-ledger';
import { planInMemory } from '../helpers/plan-pipeline';

/** An asset with no end date, read long after its data: `status` must not draw up to yesterday. */
const NOW = Date.UTC(2026, 11, 1);
const DAILY: PartitionsDef = { kind: 'time', granularity: 'daily', start: '2012-01-01' };
const MONTHLY: PartitionsDef = { kind: 'time', granularity: 'monthly', start: '2012-01' };
const catalog = [
  assetSpec('weather_raw', DAILY),
  assetSpec('weather_daily', DAILY, ['weather_raw']),
  assetSpec('rainfall_to_date', DAILY, ['weather_daily'], { dependsOnPast: true }),
  assetSpec('weather_monthly', MONTHLY, ['weather_daily']),
];
/** 1,500 days: 2012-01-01 … 2016-02-08. */
const RANGE = { from: '2012-01-01', to: '2016-02-08' };
const window = (from: string, to: string) => ({ start: Date.parse(from), end: Date.parse(to) + 86_400_000 });
const days = (from: string, to: string) => partitionKeys(DAILY, NOW, window(from, to));
/** What the ledger's recent materializations took: each daily asset over the whole range, the monthly one over its months. */
const MEAN_MS: Record<string, number> = { weather_raw: 180, weather_daily: 120, rainfall_to_date: 90, weather_monthly: 700 };
const DURATIONS = Object.fromEntries(catalog.map((s) => [s.name, { meanMs: MEAN_MS[s.name]!, samples: s.partitions === DAILY ? 1500 : 50 }]));

/**
 * Every asset materialized over the range; then a re-ingest of weather_raw
 * over nearly a year, a gap of weather_raw days never materialized downstream,
 * and scattered failures of weather_daily, so reasons of several kinds mix.
 */
function ledgerAfterReingest(): MemoryLedger {
  const ledger = new MemoryLedger(catalog, NOW);
  const all = days(RANGE.from, RANGE.to);
  ledger.materialize('weather_raw', all);
  ledger.materialize('weather_daily', all.filter((k) => k < '2015-06-01' || k > '2015-06-20'));
  ledger.materialize('rainfall_to_date', all.filter((k) => k < '2015-06-01'));
  ledger.materialize('weather_monthly', partitionKeys(MONTHLY, NOW, window('2012-01-01', '2016-01-31')));
  ledger.materialize('weather_raw', days('2013-03-01', '2014-02-23'));
  for (const key of days('2014-09-01', '2015-04-30').filter((_, i) => i % 9 === 0)) ledger.fail('weather_daily', key, 'API rate limit exceeded (HTTP 429)');
  return ledger;
}

describe('output at 1,500 days of a cumulative daily DAG (golden)', () => {
  it('plan: reasons of a kind collapse into ranges, each asset capped at 20 lines, --all for the rest', () => {
    const { report } = planInMemory(catalog, ledgerAfterReingest(), { assets: ['weather_daily'], ...RANGE, downstream: true, maxConcurrency: 8 }, NOW, DURATIONS);
    const text = formatPlan(report);
    expect(text).toBe(golden('scale-plan', text));
    // The cumulative asset's rebuilt chain is one line, not 1,000.
    expect(text).toMatch(/^ {2}2013-03-01 … 2015-05-31 \(822\) +inputs rebuilt by this backfill: upstream weather_daily, its previous partition$/m);
    expect(text).toMatch(/^ {2}… \d+ more lines, \d+ partitions \(--all\)$/m);
    const all = formatPlan(report, 'all');
    expect(all).not.toContain('(--all)');
    const weatherDaily = report.assets.find((a) => a.asset === 'weather_daily')!;
    expect(weatherDaily.reasons.length).toBeGreaterThan(20);
    for (const run of weatherDaily.reasons) expect(all).toContain(`${run.from} … ${run.to} (${run.count})`.replace(/^(.*) … \1 \(1\)$/, '$1'));
  });

  it('diff: a summary line per asset, then the first 20 differing partitions of each', () => {
    const partitions = (keys: string[], changed: (k: string, i: number) => boolean): PartitionDiff[] =>
      keys.map((partition, i) => {
        const rows = 24 + (i % 5);
        const differs = changed(partition, i);
        const added = differs ? 1 + (i % 3) : 0;
        const removed = differs ? i % 2 : 0;
        return { partition, rowsBefore: rows, rowsAfter: rows + added - removed, added, removed, changed: 0 };
      });
    const all = days(RANGE.from, RANGE.to);
    const reingested = (k: string) => k >= '2013-03-01' && k <= '2014-02-23';
    const diff = {
      backfillId: 'reingest-2013',
      assets: [
        summariseAssetDiff('weather_daily', partitions(all, reingested), ['station', 'day']),
        summariseAssetDiff('rainfall_to_date', partitions(all, (k) => k >= '2013-03-01'), ['station', 'day']),
        summariseAssetDiff('weather_monthly', partitions(partitionKeys(MONTHLY, NOW, window('2012-01-01', '2016-01-31')), (k) => k >= '2013-03' && k <= '2014-02'), []),
      ],
    };
    const text = formatShadowDiff(diff);
    expect(text).toBe(golden('scale-diff', text));
    expect(text.split('\n').filter((l) => /^ {2}\d{4}-\d{2}/.test(l))).toHaveLength(20 + 20 + 12);
    // --all: every differing partition the diff holds (at most MAX_LISTED per asset), then what it only counts.
    const listedAll = formatShadowDiff(diff, 'all').split('\n');
    expect(listedAll.filter((l) => /^ {2}\d{4}-\d{2}/.test(l))).toHaveLength(360 + MAX_LISTED + 12);
    expect(listedAll).toContain(`  … and ${1075 - MAX_LISTED} more differing partitions, not listed`);
  });

  it('status --asset: the span with materialized partitions, what is left out, reasons capped', () => {
    const asset = catalog.find((s) => s.name === 'weather_daily')!;
    const judged = selectPartitions(catalog, new Map([[asset.name, partitionKeys(asset.partitions, NOW)]]), 'missing', ledgerAfterReingest(), NOW);
    // What the client gets: the workflow's packed report, unpacked.
    const report = unpackedAssetStatus(packedForTemporal(packAssetStatus(asset, judged.get(asset.name)!)));
    const { view, notice } = assetSpan({ ...report, entries: statusEntries(report) });
    const text = `${notice}\n${renderPartitionGrid(view, { colour: false })}`;
    expect(text).toBe(golden('scale-status-asset', text));
    expect(notice).toMatch(/^Showing 2012-01-01 … 2016-02-08: 1500 of \d{4} partitions \(the span with materialized partitions; --from\/--to for others\)$/);
    expect(text).toMatch(/^… \d+ more lines, \d+ partitions \(--all\)$/m);
    expect(renderPartitionGrid(view, { colour: false, maxReasonLines: Infinity })).not.toContain('(--all)');
  });

  it('list: one line per backfill across its continue-as-new runs; dry runs and checks only with --all', async () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 30, 9, minute));
    const weather = { assets: ['weather_daily', 'rainfall_to_date', 'weather_monthly'] };
    // Newest first, as visibility returns them: the 1,500-day backfill ran 5 times (4 continued as new).
    const runs: ListedRun[] = [
      { workflowId: 'reingest-2013', type: 'backfill', status: 'RUNNING', startTime: at(52), ...weather, backfillId: 'reingest-2013' },
      { workflowId: 'status-weather_daily-5f1c', type: 'assetStatus', status: 'COMPLETED', startTime: at(50), closeTime: at(50) },
      { workflowId: 'reingest-2013', type: 'backfill', status: 'CONTINUED_AS_NEW', startTime: at(41), closeTime: at(52), ...weather, backfillId: 'reingest-2013' },
      { workflowId: 'reingest-2013', type: 'backfill', status: 'CONTINUED_AS_NEW', startTime: at(30), closeTime: at(41), ...weather, backfillId: 'reingest-2013' },
      { workflowId: 'reingest-2013', type: 'backfill', status: 'CONTINUED_AS_NEW', startTime: at(19), closeTime: at(30), ...weather, backfillId: 'reingest-2013' },
      { workflowId: 'reingest-2013', type: 'backfill', status: 'CONTINUED_AS_NEW', startTime: at(8), closeTime: at(19), ...weather, backfillId: 'reingest-2013' },
      { workflowId: 'check-0d9e', type: 'checkBackfill', status: 'COMPLETED', startTime: at(8), closeTime: at(8) },
      { workflowId: 'plan-7a41', type: 'backfill', status: 'COMPLETED', startTime: at(6), closeTime: at(6) },
      { workflowId: 'check-c3b2', type: 'checkBackfill', status: 'FAILED', startTime: at(5), closeTime: at(5) },
      { workflowId: 'plan-19aa', type: 'backfill', status: 'FAILED', startTime: at(4), closeTime: at(4) },
      { workflowId: 'weather-2012', type: 'backfill', status: 'COMPLETED', startTime: at(2), closeTime: at(3), assets: ['weather_raw'], backfillId: 'weather-2012' },
      { workflowId: 'weather-2012', type: 'backfill', status: 'CONTINUED_AS_NEW', startTime: at(0), closeTime: at(2), assets: ['weather_raw'], backfillId: 'weather-2012' },
    ];
    // eslint-disable-next-line @typescript-eslint/require-await -- an async generator is how a fixed list becomes the AsyncIterable collectListings reads; nothing to await
    async function* visible(list: ListedRun[]) {
      yield* list;
    }
    const listed = async (all: boolean) => listingLines(await collectListings(visible(runs), { all, limit: 20 })).join('\n');
    const text = `$ retrofill list\n${await listed(false)}\n\n$ retrofill list --all\n${await listed(true)}`;
    expect(text).toBe(golden('scale-list', text));
    expect(await listed(false)).not.toMatch(/CONTINUED_AS_NEW|plan-|check-|status-/);
    // Reading stops at the limit before the backfill's first run; the client's second look finds it.
    const limited = await collectListings(visible(runs), { all: false, limit: 1 });
    expect(limited.map((l) => [l.backfillId, l.startTime])).toEqual([['reingest-2013', at(52)]]);
    await earliestStarts(limited, visible(runs.filter((r) => r.status === 'CONTINUED_AS_NEW')));
    expect(limited.map((l) => [l.backfillId, l.startTime])).toEqual([['reingest-2013', at(8)]]);
  });
});
