import { describe, expect, it } from 'vitest';
import type { AssetSpec } from '../../core/asset-spec';
import type { BackfillPlan, PlannedPartition } from '../../core/plan/backfill-plan';
import { BackfillScheduler } from '../../core/run/backfill-scheduler';
import { applyBatchOutcome } from '../../core/run/batch-outcome';
import { chainHeights, readyOrder } from '../../core/plan/critical-path';
import { fullSpeedShare } from '../../core/plan/full-speed';
import { PartitionCosts } from '../../core/plan/partition-costs';

/**
 * Six days of `load`, a `chain` over them (each link reads its day and the
 * link before), and one unrelated `other` day, interleaved oldest first as
 * linkPlan orders them: load/dN is 2N, chain/dN is 2N+1, other is 12.
 */
function dagPlan(): BackfillPlan {
  const partitions: PlannedPartition[] = [];
  for (let n = 0; n < 6; n++) {
    partitions.push({ asset: 'load', key: `d${n}`, deps: [] });
    partitions.push({ asset: 'chain', key: `d${n}`, deps: n === 0 ? [2 * n] : [2 * n, 2 * n - 1] });
  }
  partitions.push({ asset: 'other', key: 'x', deps: [] });
  return { assets: ['load', 'chain', 'other'], partitions };
}

const upTo = (n: number) => () => n;

describe('startBatch', () => {
  it('takes the oldest ready partition and the ready ones of the same asset after it, up to the size', () => {
    const s = new BackfillScheduler(dagPlan());
    expect(s.startBatch(upTo(4))).toEqual([0, 2, 4, 6]);
    expect(s.startBatch(upTo(4))).toEqual([8, 10]);
    expect(s.startBatch(upTo(4))).toEqual([12]);
    expect(s.hasReady()).toBe(false);
    expect(s.counts().find((c) => c.asset === 'load')).toMatchObject({ running: 6, pending: 0 });
  });

  it('walks a dependsOnPast chain in one batch once its other inputs succeeded, each link behind the one before', () => {
    const s = new BackfillScheduler(dagPlan());
    for (const i of s.startBatch(upTo(6))) s.succeed(i, 10);
    expect(s.startBatch(upTo(6))).toEqual([1, 3, 5, 7, 9, 11]);
  });

  it('stops a chain at a link whose other input has not succeeded', () => {
    const s = new BackfillScheduler(dagPlan());
    const loads = s.startBatch(upTo(6));
    for (const i of loads.slice(0, 3)) s.succeed(i, 10);
    expect(s.startBatch(upTo(6))).toEqual([1, 3, 5]);
  });

  it('passes the asset and its partitions not started yet, the first counted, to the size', () => {
    const s = new BackfillScheduler(dagPlan());
    const asked: Array<[string, number]> = [];
    s.startBatch((asset, pending) => (asked.push([asset, pending]), 2));
    expect(asked).toEqual([['load', 6]]);
  });

  it('never batches a singleRun unit or a partition released to run alone', () => {
    const plan: BackfillPlan = {
      assets: ['a'],
      partitions: [
        { asset: 'a', key: '1', deps: [] },
        { asset: 'a', key: '2', keys: ['2', '3'], deps: [] },
        { asset: 'a', key: '4', deps: [] },
        { asset: 'a', key: '5', deps: [] },
      ],
    };
    const s = new BackfillScheduler(plan);
    expect(s.startBatch(upTo(10))).toEqual([0, 2, 3]);
    s.release(3, { alone: true });
    s.release(2);
    expect(s.isSolo(3)).toBe(true);
    expect(s.startBatch(upTo(10))).toEqual([1]);
    expect(s.startBatch(upTo(10))).toEqual([2]);
    expect(s.startBatch(upTo(10))).toEqual([3]);
  });

  it('keeps a batch inside the canary while it is open', () => {
    const s = new BackfillScheduler(dagPlan(), new Set([0, 2]));
    expect(s.startBatch(upTo(6))).toEqual([0, 2]);
    expect(s.hasReady()).toBe(false);
  });
});

describe('applyBatchOutcome', () => {
  it('succeeds the members that succeeded, fails the one that failed alone, releases the rest before skipping its readers', () => {
    const s = new BackfillScheduler(dagPlan());
    const batch = s.startBatch(upTo(6));
    const applied = applyBatchOutcome(s, batch, { rows: [10, 10], ms: [3, 4], failed: { key: 'd2', reason: 'corrupt', type: 'NonRetryable', retryable: false } }, () => true);
    expect(applied).toEqual({ failed: { index: 4, reason: 'corrupt' } });
    expect([0, 2].map((i) => s.stateOf(i))).toEqual(['succeeded', 'succeeded']);
    expect(s.stateOf(4)).toBe('failed');
    expect([6, 8, 10].map((i) => s.stateOf(i))).toEqual(['pending', 'pending', 'pending']);
    // chain/d2 reads load/d2: skipped, naming it; and every later link with it.
    expect([5, 7, 9, 11].map((i) => s.stateOf(i))).toEqual(['skipped', 'skipped', 'skipped', 'skipped']);
    expect(s.summary('b').assets.find((a) => a.asset === 'chain')!.skips[0]).toEqual({ partition: 'd2', reason: 'upstream load/d2 failed' });
    // The chain goes on up to the failed day; the released loads run again.
    expect(s.startBatch(upTo(6))).toEqual([1, 3]);
    expect(s.startBatch(upTo(6))).toEqual([6, 8, 10]);
  });

  it('releases a member with a retryable failure to run alone when its policy leaves retries, and fails it when not', () => {
    const retried = new BackfillScheduler(dagPlan());
    const batch = retried.startBatch(upTo(3));
    const failed = { key: 'd1', reason: 'timed out', type: 'Error', retryable: true };
    expect(applyBatchOutcome(retried, batch, { rows: [10], ms: [3], failed }, () => true)).toEqual({ retriedAlone: 2 });
    expect(retried.stateOf(2)).toBe('pending');
    expect(retried.isSolo(2)).toBe(true);

    const last = new BackfillScheduler(dagPlan());
    const again = last.startBatch(upTo(3));
    expect(applyBatchOutcome(last, again, { rows: [10], ms: [3], failed }, () => false)).toEqual({ failed: { index: 2, reason: 'timed out' } });
    expect(last.stateOf(2)).toBe('failed');
  });

  it('cancels the member a cancellation stopped and leaves those never started pending', () => {
    const s = new BackfillScheduler(dagPlan());
    const batch = s.startBatch(upTo(4));
    expect(applyBatchOutcome(s, batch, { rows: [10], ms: [3], cancelled: ['d1'] }, () => true, true)).toEqual({});
    expect(batch.map((i) => s.stateOf(i))).toEqual(['succeeded', 'cancelled', 'pending', 'pending']);
  });

  it('fails the first member of a batch that ran nothing, so it cannot come back forever', () => {
    const s = new BackfillScheduler(dagPlan());
    const batch = s.startBatch(upTo(2));
    expect(applyBatchOutcome(s, batch, { rows: [], ms: [] }, () => true)).toEqual({ failed: { index: 0, reason: 'its batch ended without running it' } });
    expect(s.stateOf(2)).toBe('pending');
  });

  it('refuses an outcome that does not fit the batch', () => {
    const s = new BackfillScheduler(dagPlan());
    const batch = s.startBatch(upTo(2));
    expect(() => applyBatchOutcome(s, batch, { rows: [1, 2, 3], ms: [1, 1, 1] }, () => true)).toThrow('a batch of 2 partitions reported 3 succeeded');
    expect(() => applyBatchOutcome(s, batch, { rows: [], ms: [], failed: { key: 'zz', reason: 'x', type: 'Error', retryable: false } }, () => true)).toThrow(
      'a batch reported zz failed, not one of its partitions left',
    );
  });
});

describe('PartitionCosts', () => {
  const spec = (batching?: AssetSpec['batching']): AssetSpec => ({
    name: 'load',
    partitions: { kind: 'time', granularity: 'daily', start: '2024-01-01' },
    deps: [],
    dependsOnPast: false,
    codeVersion: '1',
    ...(batching && { batching }),
  });
  const adaptive = spec({ budgetMs: 1000, maxPartitions: 500 });

  it('gives one partition a child while the cost is unknown, or when the asset is not batched', () => {
    expect(new PartitionCosts().batchSize(adaptive, 1000, 4)).toBe(1);
    expect(new PartitionCosts({ load: 2 }).batchSize(spec(), 1000, 4)).toBe(1);
  });

  it('fits the budget, spreads the pending partitions over the concurrency, and stays within the most per batch', () => {
    expect(new PartitionCosts({ load: 10 }).batchSize(adaptive, 10_000, 4)).toBe(100);
    expect(new PartitionCosts({ load: 10 }).batchSize(adaptive, 40, 4)).toBe(10);
    expect(new PartitionCosts({ load: 0.5 }).batchSize(adaptive, 10_000, 4)).toBe(500);
    expect(new PartitionCosts({ load: 5_000 }).batchSize(adaptive, 10_000, 4)).toBe(1);
  });

  it('learns from what batches report, the newest weighing half, and carries it as plain JSON', () => {
    const costs = new PartitionCosts({ load: 100 });
    costs.observe('load', [10, 30]);
    expect(costs.of('load')).toBe(60);
    costs.observe('fresh', [7]);
    expect(costs.snapshot()).toEqual({ load: 60, fresh: 7 });
    expect(new PartitionCosts({ bad: Number.NaN, neg: -1 }).snapshot()).toEqual({});
  });

  it('learns what a partition takes at full speed when given the share of the cores it had', () => {
    const costs = new PartitionCosts();
    // Four ran at once on two cores: each took twice what it takes alone.
    costs.observe('load', [200, 300], fullSpeedShare(2, 4));
    expect(costs.of('load')).toBe(125);
    expect(costs.batchSize(adaptive, 10_000, 4)).toBe(8);
  });
});

describe('fullSpeedShare', () => {
  it('is the cores over the partitions that ran at once, at most 1, and 1 when the cores are unknown', () => {
    expect(fullSpeedShare(2, 4)).toBe(0.5);
    expect(fullSpeedShare(2, 1)).toBe(1);
    expect(fullSpeedShare(8, 4)).toBe(1);
    expect(fullSpeedShare(2, 0)).toBe(1);
    expect(fullSpeedShare(undefined, 16)).toBe(1);
    expect(fullSpeedShare(Infinity, 16)).toBe(1);
  });
});

describe('the critical path first', () => {
  it('measures each partition by the longest chain of readers hanging on it', () => {
    // load/dN is read by chain/dN, which the rest of the chain reads: 6 - N links hang on it.
    expect(chainHeights(dagPlan())).toEqual([7, 6, 6, 5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
  });

  it('starts the ready partition with the longest chain hanging on it first, the oldest on a tie', () => {
    const plan = dagPlan();
    const byPlan = new BackfillScheduler(plan);
    const byPath = new BackfillScheduler(plan, new Set(), undefined, 'criticalPath');
    // Every load and `other` are ready: in plan order load/d0 comes first either way.
    expect(byPlan.start()).toBe(0);
    expect(byPath.start()).toBe(0);
    byPlan.succeed(0, 1);
    byPath.succeed(0, 1);
    // chain/d0 (6 links hang on it) now ready beside load/d1 (6) and `other` (1): the tie goes to the oldest.
    expect([byPath.start(), byPath.start()]).toEqual([1, 2]);
    // In plan order `other` (index 12) still waits behind every load; by path too, as nothing hangs on it.
    const rest = [byPath.start(), byPath.start(), byPath.start(), byPath.start(), byPath.start()];
    expect(rest).toEqual([4, 6, 8, 10, 12]);
  });

  it('is the order only where a dependsOnPast chain sets the pace: other plans keep theirs (oldest, or newest, first)', () => {
    const spec = (name: string, dependsOnPast: boolean): AssetSpec => ({ name, partitions: { kind: 'static', keys: [] }, deps: [], dependsOnPast, codeVersion: '1' });
    const specs = new Map([['load', spec('load', false)], ['chain', spec('chain', true)], ['other', spec('other', false)]]);
    expect(readyOrder(dagPlan(), specs)).toBe('criticalPath');
    expect(readyOrder(dagPlan(), new Map([...specs, ['chain', spec('chain', false)]]))).toBe('plan');
  });

  it('starts an input that many partitions read early, though little chain hangs on it', () => {
    // `dim` is read by the five `day` partitions; `chain` is three links long.
    const plan: BackfillPlan = {
      assets: ['chain', 'dim', 'day'],
      partitions: [
        { asset: 'chain', key: 'c0', deps: [] },
        { asset: 'chain', key: 'c1', deps: [0] },
        { asset: 'chain', key: 'c2', deps: [1] },
        { asset: 'dim', key: 'all', deps: [] },
        ...[1, 2, 3, 4, 5].map((n) => ({ asset: 'day', key: `d${n}`, deps: [3] })),
      ],
    };
    const s = new BackfillScheduler(plan, new Set(), undefined, 'criticalPath');
    // dim: a chain of 2 and 5 readers; c0: a chain of 3 and 1 reader.
    expect([s.start(), s.start()]).toEqual([3, 0]);
  });

  it('puts a short, older branch behind a long chain', () => {
    const plan: BackfillPlan = {
      assets: ['short', 'long'],
      partitions: [
        { asset: 'short', key: 'a', deps: [] },
        { asset: 'long', key: 'l0', deps: [] },
        { asset: 'long', key: 'l1', deps: [1] },
        { asset: 'long', key: 'l2', deps: [2] },
      ],
    };
    expect(new BackfillScheduler(plan).start()).toBe(0);
    expect(new BackfillScheduler(plan, new Set(), undefined, 'criticalPath').start()).toBe(1);
  });
});

describe('batch sizes', () => {
  const spec = (dependsOnPast: boolean): AssetSpec => ({
    name: 'a',
    partitions: { kind: 'static', keys: [] },
    deps: [],
    dependsOnPast,
    codeVersion: '1',
    batching: { budgetMs: 1000, maxPartitions: 500 },
  });

  it('spread a plain asset over the concurrency, but not a dependsOnPast chain once chains run whole', () => {
    const costs = new PartitionCosts({ a: 10 });
    // 100 fit the budget; 40 pending over 4 at once: 10 a batch.
    expect(costs.batchSize(spec(false), 40, 4)).toBe(10);
    expect(costs.batchSize(spec(false), 40, 4, { chainsWhole: true })).toBe(10);
    expect(costs.batchSize(spec(true), 40, 4)).toBe(10);
    expect(costs.batchSize(spec(true), 40, 4, { chainsWhole: true })).toBe(100);
  });
});
