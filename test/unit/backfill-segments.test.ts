/**
 * Backfills larger than one run plans run in time segments: the segments
 * together target exactly what one run would, each within the per-run limit,
 * and requests that cannot be split exactly are refused with the reason.
 */
import { describe, expect, it } from 'vitest';
import type { AssetSpec } from '../../core/asset-spec';
import { parseBackfillRequest, type BackfillRequestInput } from '../../core/backfill-request';
import { InvalidBackfillRequestError } from '../../core/errors';
import type { PartitionMappingSpec } from '../../core/mappings/mapping-spec';
import { partitionCount, partitionKeys, type PartitionsDef } from '../../core/partitions/partitions-def';
import { assetSpec } from '../helpers/asset-specs';
import type { PlanLimits } from '../../core/plan/backfill-plan';
import { backfillSegments } from '../../core/plan/backfill-segments';
import type { BackfillSummary } from '../../core/run/backfill-summary';
import { planTargets } from '../../core/plan/plan-targets';
import { BackfillSegments } from '../../workflows/backfill-segments';

const NOW = Date.UTC(2025, 0, 1, 12, 7);
const EVERY5: PartitionsDef = { kind: 'time', granularity: 'minutely', every: 5, start: '2024-02-27T22:05' };
const HOURLY: PartitionsDef = { kind: 'time', granularity: 'hourly', start: '2024-02-27' };
const DAILY: PartitionsDef = { kind: 'time', granularity: 'daily', start: '2024-02-01' };
const MONTHLY: PartitionsDef = { kind: 'time', granularity: 'monthly', start: '2024-01' };

const asset = assetSpec;
const lag = (dep: string, offset: number): Record<string, PartitionMappingSpec> => ({ [dep]: { kind: 'timeWindow', offset } });

/** Five-minute events, hourly and daily rollups and a cumulative daily total. */
const CATALOG: AssetSpec[] = [
  asset('events', EVERY5),
  asset('hourly', HOURLY, ['events']),
  asset('daily', DAILY, ['hourly']),
  asset('running_total', DAILY, ['daily'], { dependsOnPast: true }),
];
/** With a daily comparison reading the day before. */
const LAGGED = [...CATALOG, asset('day_over_day', DAILY, ['daily'], { mappings: lag('daily', -1) })];

const limits = (maxPartitionsPerRun: number, maxPartitions = 1_000_000): PlanLimits => ({ maxPartitions, maxPartitionsPerRun });
const request = (input: Partial<BackfillRequestInput>) => parseBackfillRequest({ assets: ['events'], from: '2024-02-28', to: '2024-03-03', downstream: true, ...input });
const keysOf = (targets: Map<string, string[]>) => [...targets].flatMap(([a, keys]) => keys.map((k) => `${a}/${k}`));

/** Plans every segment in turn as the workflow does, carrying the chains that changed. */
function segmentedTargets(catalog: AssetSpec[], input: Partial<BackfillRequestInput>, perRun: number): string[][] {
  const req = request(input);
  const windows = backfillSegments(catalog, req, NOW, limits(perRun));
  if (!windows) throw new Error('expected segments');
  const specs = new Map(catalog.map((s) => [s.name, s]));
  const planned: string[][] = [];
  const done: BackfillSummary = { backfillId: 'b', outcome: 'completed', total: 0, succeeded: 0, failed: 0, skipped: 0, cancelled: 0, pending: 0, assets: [] };
  for (let s: BackfillSegments | undefined = BackfillSegments.first(windows); s; ) {
    const targets = planTargets(catalog, req, NOW, limits(perRun), s.segment());
    planned.push(keysOf(targets));
    s = s.next(done, targets, specs, req.assets);
  }
  return planned;
}

function refusal(catalog: AssetSpec[], input: Partial<BackfillRequestInput>, perRun: number, maxPartitions?: number): string {
  try {
    backfillSegments(catalog, request(input), NOW, limits(perRun, maxPartitions));
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidBackfillRequestError);
    return (error as Error).message;
  }
  throw new Error('not refused');
}

describe('partitionCount', () => {
  it('counts what partitionKeys lists, for every cadence, clipped window and bound', () => {
    const windows = [undefined, { start: Date.UTC(2024, 1, 28, 22, 7), end: Date.UTC(2024, 2, 1, 0, 1) }, { start: Date.UTC(2023, 0, 1), end: Date.UTC(2024, 1, 29) }];
    const defs: PartitionsDef[] = [EVERY5, HOURLY, DAILY, MONTHLY, { ...MONTHLY, end: '2024-06' }, { kind: 'time', granularity: 'minutely', start: '2024-12-31T23:00' }];
    for (const def of defs) for (const w of windows) expect(partitionCount(def, NOW, w), JSON.stringify([def, w])).toBe(partitionKeys(def, NOW, w).length);
    expect(partitionCount(MONTHLY, NOW, { start: Date.UTC(2024, 0, 15), end: Date.UTC(2024, 2, 2) })).toBe(3);
  });
});

describe('backfillSegments', () => {
  it('leaves a backfill that fits one run whole', () => {
    expect(backfillSegments(CATALOG, request({}), NOW, limits(100_000))).toBeUndefined();
  });

  it('targets exactly what one run would, each segment within the limit, cut on day boundaries', () => {
    const whole = keysOf(planTargets(CATALOG, request({}), NOW, limits(1_000_000)));
    const windows = backfillSegments(CATALOG, request({}), NOW, limits(700))!;
    expect(windows.length).toBeGreaterThan(2);
    expect(windows.slice(1).every((w) => w.start % 86_400_000 === 0)).toBe(true);
    const segments = segmentedTargets(CATALOG, {}, 700);
    expect(segments.every((keys) => keys.length <= 700)).toBe(true);
    expect(segments.flat().sort()).toEqual([...whole].sort());
    expect(new Set(segments.flat()).size).toBe(whole.length);
  });

  it('carries a cumulative chain started by an early segment into the later ones', () => {
    // The events end on 2024-02-29: only the first days are read, yet the running total changes to the end.
    const catalog = CATALOG.map((s) => (s.name === 'events' ? { ...s, partitions: { ...EVERY5, end: '2024-03-01' } } : s));
    const whole = keysOf(planTargets(catalog, request({}), NOW, limits(1_000_000)));
    expect(whole).toContain('running_total/2024-03-03');
    expect(segmentedTargets(catalog, {}, 400).flat().sort()).toEqual([...whole].sort());
  });

  it('cuts on month boundaries when a monthly asset is involved', () => {
    const catalog = [asset('events', EVERY5), asset('monthly', MONTHLY, ['events'])];
    const windows = backfillSegments(catalog, request({ from: '2024-03', to: '2024-06' }), NOW, limits(10_000))!;
    expect(windows.map((w) => new Date(w.start).toISOString().slice(0, 10))).toEqual(['2024-03-01', '2024-04-01', '2024-05-01', '2024-06-01']);
  });

  it('refuses what cannot be split exactly, naming why', () => {
    const big = { from: '2024-02-28', to: '2024-03-03' };
    expect(refusal(CATALOG, { ...big, newestFirst: true, downstream: false }, 100)).toMatch(/covers 1440 partitions, more than the 100 one run plans, .* needs oldest first/);
    expect(refusal(CATALOG, { ...big, isolation: 'shadow' }, 100)).toContain("isolation 'none'");
    const withStatic = [...CATALOG, asset('regions', { kind: 'unpartitioned' }, ['daily'])];
    expect(refusal(withStatic, big, 100)).toContain('"regions" is unpartitioned');
    const readsAll = [asset('events', EVERY5), asset('latest', DAILY, ['events'], { mappings: { events: { kind: 'all' } } })];
    expect(refusal(readsAll, big, 100)).toContain('"latest" reads all of "events"');
    const readsAhead = [asset('events', EVERY5), asset('ahead', HOURLY, ['events'], { mappings: lag('events', 1) })];
    expect(refusal(readsAhead, big, 100)).toContain('"ahead" reads "events" with offset 1');
    expect(refusal(LAGGED, big, 700)).toContain('"day_over_day", added by downstream, to read "daily" without an offset');
  });

  it('splits a lagged reader when it is requested itself', () => {
    const input = { assets: ['events', 'daily', 'day_over_day'], downstream: true };
    const segments = segmentedTargets(LAGGED, input, 700);
    expect(segments.length).toBeGreaterThan(2);
    expect(segments.flat().sort()).toEqual(keysOf(planTargets(LAGGED, request(input), NOW, limits(1_000_000))).sort());
  });

  it('refuses over the whole limit, a dry run (listing its segments), and a day over one run', () => {
    expect(refusal(CATALOG, {}, 100, 1000)).toBe('Invalid backfill request: the backfill covers more than the maximum of 1000 partitions');
    expect(refusal(CATALOG, { dryRun: true }, 700)).toMatch(/a plan covers at most 700 partitions; this backfill \(1\d+\) would run as 3 segments \(2024-02-28\.\.2024-02-29, 2024-03-01\.\.2024-03-02, 2024-03-03\.\.2024-03-03\): plan the range of one segment at a time$/);
    expect(refusal(CATALOG, {}, 200)).toMatch(/one day \(from 2024-02-28T00:00:00.000Z\) holds 3\d\d partitions, more than the 200 one run plans/);
  });

  it('still names a requested asset with nothing in the range', () => {
    const late = [asset('events', EVERY5), asset('late', { ...DAILY, start: '2024-06-01' })];
    expect(refusal(late, { assets: ['events', 'late'], downstream: false }, 100)).toContain('asset "late" has no complete partition between 2024-02-28 and 2024-03-03');
  });
});

describe('the summary of a backfill run in segments', () => {
  const counts = { total: 0, pending: 0, running: 0, succeeded: 0, failed: 0, skipped: 0, cancelled: 0, rows: 0 };
  const summary = (outcome: BackfillSummary['outcome'], assets: BackfillSummary['assets']): BackfillSummary => {
    const sum = (k: 'total' | 'succeeded' | 'failed' | 'skipped' | 'cancelled' | 'pending') => assets.reduce((n, a) => n + a[k], 0);
    return { backfillId: 'b', outcome, total: sum('total'), succeeded: sum('succeeded'), failed: sum('failed'), skipped: sum('skipped'), cancelled: sum('cancelled'), pending: sum('pending'), assets, selection: { mode: 'missing', targeted: sum('total') + 1, selected: sum('total') } };
  };
  const note = (partition: string) => ({ partition, reason: 'boom' });

  it('adds the segments up per asset, keeps the first failure notes and the worst outcome', () => {
    const first = summary('completedWithFailures', [{ ...counts, asset: 'events', total: 3, succeeded: 2, failed: 1, rows: 10, failures: [note('a')], skips: [] }]);
    const second = summary('completed', [
      { ...counts, asset: 'events', total: 2, succeeded: 2, rows: 5, failures: [], skips: [] },
      { ...counts, asset: 'daily', total: 1, succeeded: 1, rows: 1, failures: [], skips: [] },
    ]);
    const windows = [{ start: 0, end: 1 }, { start: 1, end: 2 }, { start: 2, end: 3 }];
    const specs = new Map<string, AssetSpec>();
    const two = BackfillSegments.first(windows).next(first, new Map(), specs, ['events'])!;
    expect(two.index).toBe(1);
    expect(two.summary(second)).toEqual({
      ...summary('completedWithFailures', [
        { ...counts, asset: 'events', total: 5, succeeded: 4, failed: 1, rows: 15, failures: [note('a')], skips: [] },
        { ...counts, asset: 'daily', total: 1, succeeded: 1, rows: 1, failures: [], skips: [] },
      ]),
      selection: { mode: 'missing', targeted: 8, selected: 6 },
      segments: 2,
    });
    // A cancelled segment ends the backfill: no segment follows it.
    expect(two.next(summary('cancelled', []), new Map(), specs, ['events'])).toBeUndefined();
  });
});
