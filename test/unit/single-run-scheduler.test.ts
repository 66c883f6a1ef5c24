import { describe, it, expect } from 'vitest';
import type { BackfillPlan } from '../../core/plan/backfill-plan';
import { BackfillScheduler } from '../../core/run/backfill-scheduler';

const days = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => `2024-03-${String(from + i).padStart(2, '0')}`);

/**
 *   0 raw/03-01..03-10   1 raw/03-11..03-12
 *          |                     |
 *   2 rev/03-01..03-10   3 rev/03-11       4 rev/03-12
 *          \______________________________/
 *                    5 month/2024-03
 */
const plan: BackfillPlan = {
  assets: ['raw', 'rev', 'month'],
  partitions: [
    { asset: 'raw', key: '2024-03-01', keys: days(1, 10), deps: [] },
    { asset: 'raw', key: '2024-03-11', keys: days(11, 12), deps: [] },
    { asset: 'rev', key: '2024-03-01', keys: days(1, 10), deps: [0] },
    { asset: 'rev', key: '2024-03-11', deps: [1] },
    { asset: 'rev', key: '2024-03-12', deps: [1] },
    { asset: 'month', key: '2024-03', deps: [2, 3, 4] },
  ],
};

const countsOf = (s: BackfillScheduler) => Object.fromEntries(s.counts().map(({ asset, ...c }) => [asset, c]));

describe('BackfillScheduler over units of several partitions', () => {
  it('counts every partition of a unit in total and in its state', () => {
    const s = new BackfillScheduler(plan);
    expect(countsOf(s).raw).toMatchObject({ total: 12, pending: 12, running: 0 });
    expect(s.start()).toBe(0);
    expect(countsOf(s).raw).toMatchObject({ total: 12, pending: 2, running: 10 });
    s.succeed(0, 2000);
    expect(countsOf(s).raw).toMatchObject({ succeeded: 10, pending: 2, rows: 2000 });
    expect(countsOf(s).rev).toMatchObject({ total: 12, pending: 12 });
  });

  it('sums partitions in the summary, and names the range of a failed unit in notes and skip reasons', () => {
    const s = new BackfillScheduler(plan);
    while (s.hasReady()) s.start();
    s.succeed(0, 2000);
    s.fail(1, 'feed for March 11 is corrupt');
    expect(s.start()).toBe(2);
    s.succeed(2, 30);
    expect(s.isFinished()).toBe(true);

    const summary = s.summary('b1');
    expect(summary.outcome).toBe('completedWithFailures');
    expect(summary).toMatchObject({ total: 12 + 12 + 1, succeeded: 20, failed: 2, skipped: 3, pending: 0 });
    const raw = summary.assets.find((a) => a.asset === 'raw')!;
    expect(raw).toMatchObject({ total: 12, succeeded: 10, failed: 2 });
    expect(raw.failures).toEqual([{ partition: '2024-03-11..2024-03-12', reason: 'feed for March 11 is corrupt' }]);
    const rev = summary.assets.find((a) => a.asset === 'rev')!;
    expect(rev).toMatchObject({ total: 12, succeeded: 10, skipped: 2 });
    expect(rev.skips).toEqual([
      { partition: '2024-03-11', reason: 'upstream raw/2024-03-11..2024-03-12 failed' },
      { partition: '2024-03-12', reason: 'upstream raw/2024-03-11..2024-03-12 failed' },
    ]);
    // Transitively skipped partitions name the failure that caused it.
    expect(summary.assets.find((a) => a.asset === 'month')!.skips).toEqual([
      { partition: '2024-03', reason: 'upstream raw/2024-03-11..2024-03-12 failed' },
    ]);
  });

  it('labels a unit asset/first..last and a single partition asset/key', () => {
    const s = new BackfillScheduler(plan);
    expect(s.label(0)).toBe('raw/2024-03-01..2024-03-10');
    expect(s.label(3)).toBe('rev/2024-03-11');
  });
});
