import { describe, it, expect } from 'vitest';
import type { BackfillPlan } from '../../core/plan/backfill-plan';
import { BackfillScheduler } from '../../core/run/backfill-scheduler';
import { NOTES_PER_ASSET } from '../../core/run/backfill-summary';

/**
 *   0 raw/d1   1 raw/d2        5 other/x
 *      |          |
 *   2 rev/d1   3 rev/d2
 *        \      /
 *        4 month/m
 */
const plan: BackfillPlan = {
  assets: ['raw', 'rev', 'month', 'other'],
  partitions: [
    { asset: 'raw', key: 'd1', deps: [] },
    { asset: 'raw', key: 'd2', deps: [] },
    { asset: 'rev', key: 'd1', deps: [0] },
    { asset: 'rev', key: 'd2', deps: [1] },
    { asset: 'month', key: 'm', deps: [2, 3] },
    { asset: 'other', key: 'x', deps: [] },
  ],
};

/** Starts every ready partition, returning their indices in the order given. */
function drain(s: BackfillScheduler): number[] {
  const started: number[] = [];
  while (s.hasReady()) started.push(s.start());
  return started;
}

describe('BackfillScheduler', () => {
  it('offers the partitions without inputs first, in plan order', () => {
    const s = new BackfillScheduler(plan);
    expect(s.isFinished()).toBe(false);
    expect(drain(s)).toEqual([0, 1, 5]);
    expect(s.hasReady()).toBe(false);
    expect(() => s.start()).toThrow('no partition is ready');
  });

  it('unlocks a partition once all its inputs succeed', () => {
    const s = new BackfillScheduler(plan);
    drain(s);
    s.succeed(0, 10);
    expect(drain(s)).toEqual([2]);
    s.succeed(2, 5);
    // month/m still waits for rev/d2.
    expect(s.hasReady()).toBe(false);
    s.succeed(1, 10);
    expect(drain(s)).toEqual([3]);
    s.succeed(3, 5);
    expect(drain(s)).toEqual([4]);
    s.succeed(4, 1);
    expect(s.isFinished()).toBe(false);
    s.succeed(5, 0);
    expect(s.isFinished()).toBe(true);
  });

  it('hands out ready partitions lowest plan index first, whatever order they became ready in', () => {
    const s = new BackfillScheduler(plan);
    drain(s);
    s.succeed(5, 0);
    s.succeed(1, 0);
    s.succeed(0, 0);
    expect(drain(s)).toEqual([2, 3]);
  });

  it('skips every transitive dependent of a failure, naming it as the reason', () => {
    const s = new BackfillScheduler(plan);
    drain(s);
    s.fail(0, 'boom: connection reset');
    // raw/d2 and other/x are unrelated and still run; rev/d2 becomes ready.
    s.succeed(1, 7);
    s.succeed(5, 3);
    expect(drain(s)).toEqual([3]);
    s.succeed(3, 2);
    // month/m read rev/d1, skipped because raw/d1 failed: it must never start.
    expect(s.hasReady()).toBe(false);
    expect(s.isFinished()).toBe(true);

    const summary = s.summary('bf-1');
    expect(summary).toMatchObject({ backfillId: 'bf-1', outcome: 'completedWithFailures', total: 6, succeeded: 3, failed: 1, skipped: 2 });
    const byAsset = Object.fromEntries(summary.assets.map((a) => [a.asset, a]));
    expect(summary.assets.map((a) => a.asset)).toEqual(['raw', 'rev', 'month', 'other']);
    expect(byAsset.raw).toMatchObject({ total: 2, succeeded: 1, failed: 1, skipped: 0, rows: 7 });
    expect(byAsset.raw!.failures).toEqual([{ partition: 'd1', reason: 'boom: connection reset' }]);
    expect(byAsset.rev).toMatchObject({ total: 2, succeeded: 1, skipped: 1, rows: 2 });
    expect(byAsset.rev!.skips).toEqual([{ partition: 'd1', reason: 'upstream raw/d1 failed' }]);
    expect(byAsset.month!.skips).toEqual([{ partition: 'm', reason: 'upstream raw/d1 failed' }]);
    expect(byAsset.other).toMatchObject({ total: 1, succeeded: 1, rows: 3, failures: [], skips: [] });
  });

  it('does not skip a dependent twice when a second input fails later', () => {
    const s = new BackfillScheduler(plan);
    drain(s);
    s.succeed(0, 1);
    s.succeed(1, 1);
    expect(drain(s)).toEqual([2, 3]);
    s.fail(2, 'first');
    s.fail(3, 'second');
    s.succeed(5, 1);
    expect(s.isFinished()).toBe(true);
    const summary = s.summary('bf-2');
    expect(summary).toMatchObject({ total: 6, succeeded: 3, failed: 2, skipped: 1 });
    expect(summary.assets.find((a) => a.asset === 'month')!.skips).toEqual([{ partition: 'm', reason: 'upstream rev/d1 failed' }]);
  });

  it('completes with row totals when everything succeeds', () => {
    const s = new BackfillScheduler(plan);
    const rows = [100, 200, 10, 20, 1, 5];
    while (!s.isFinished()) {
      const i = s.start();
      s.succeed(i, rows[i]!);
    }
    const summary = s.summary('bf-3');
    expect(summary).toMatchObject({ outcome: 'completed', total: 6, succeeded: 6, failed: 0, skipped: 0 });
    expect(summary.assets.map((a) => [a.asset, a.rows])).toEqual([['raw', 300], ['rev', 30], ['month', 1], ['other', 5]]);
  });

  it('labels partitions as asset/key', () => {
    expect(new BackfillScheduler(plan).label(4)).toBe('month/m');
  });

  it('finishes an empty plan at once', () => {
    const s = new BackfillScheduler({ assets: [], partitions: [] });
    expect(s.isFinished()).toBe(true);
    expect(s.summary('empty')).toEqual({ backfillId: 'empty', outcome: 'completed', total: 0, succeeded: 0, failed: 0, skipped: 0, cancelled: 0, pending: 0, assets: [] });
  });

  it('keeps at most NOTES_PER_ASSET notes per asset while counting every failure', () => {
    const n = NOTES_PER_ASSET + 10;
    const big: BackfillPlan = {
      assets: ['a'],
      partitions: Array.from({ length: n }, (_, i) => ({ asset: 'a', key: `k${i}`, deps: [] })),
    };
    const s = new BackfillScheduler(big);
    for (const i of drain(s)) s.fail(i, `error ${i}`);
    const summary = s.summary('big');
    expect(summary.failed).toBe(n);
    expect(summary.assets[0]!.failures).toHaveLength(NOTES_PER_ASSET);
    expect(summary.assets[0]!.failures[0]).toEqual({ partition: 'k0', reason: 'error 0' });
  });
});

describe('BackfillScheduler under cancellation and for progress', () => {
  const plan: BackfillPlan = {
    assets: ['a', 'b'],
    partitions: [
      { asset: 'a', key: 'd1', deps: [] },
      { asset: 'a', key: 'd2', deps: [] },
      { asset: 'b', key: 'd1', deps: [0] },
    ],
  };

  it('counts running and pending partitions per asset, and lists the running ones', () => {
    const s = new BackfillScheduler(plan);
    const first = s.start();
    expect(s.runningNow()).toEqual([first]);
    expect(s.counts()).toEqual([
      { asset: 'a', total: 2, pending: 1, running: 1, succeeded: 0, failed: 0, skipped: 0, cancelled: 0, rows: 0 },
      { asset: 'b', total: 1, pending: 1, running: 0, succeeded: 0, failed: 0, skipped: 0, cancelled: 0, rows: 0 },
    ]);
    s.succeed(first, 7);
    expect(s.runningNow()).toEqual([]);
    expect(s.counts()[0]).toMatchObject({ pending: 1, running: 0, succeeded: 1, rows: 7 });
  });

  it('reports a cancelled backfill: cancelled running partitions, never-started ones pending', () => {
    const s = new BackfillScheduler(plan);
    const a1 = s.start();
    const a2 = s.start();
    s.succeed(a1, 3);
    s.cancel(a2);
    const summary = s.summary('bf', true);
    expect(summary).toMatchObject({ outcome: 'cancelled', total: 3, succeeded: 1, cancelled: 1, pending: 1, failed: 0, skipped: 0 });
    expect(summary.assets.find((a) => a.asset === 'b')).toMatchObject({ pending: 1, succeeded: 0 });
  });
});
