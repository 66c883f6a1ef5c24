import { describe, expect, it } from 'vitest';
import type { BackfillPlan } from '../../core/plan/backfill-plan';
import { BackfillScheduler } from '../../core/run/backfill-scheduler';
import { NOTES_PER_ASSET } from '../../core/run/backfill-summary';

/** raw/d0..d3, each read by rev/dN, and month/m reading every rev. */
const plan: BackfillPlan = {
  assets: ['raw', 'rev', 'month'],
  partitions: [
    ...[0, 1, 2, 3].map((d) => ({ asset: 'raw', key: `d${d}`, deps: [] })),
    ...[0, 1, 2, 3].map((d) => ({ asset: 'rev', key: `d${d}`, deps: [d] })),
    { asset: 'month', key: 'm', deps: [4, 5, 6, 7] },
  ],
};

describe('scheduler snapshots (continue-as-new)', () => {
  it('a restored scheduler goes on exactly where the first stopped, with the same summary', () => {
    const first = new BackfillScheduler(plan);
    const started = [first.start(), first.start(), first.start(), first.start()];
    expect(started).toEqual([0, 1, 2, 3]);
    first.succeed(0, 10);
    first.succeed(1, 11);
    first.fail(2, 'boom');
    first.succeed(3, 13);
    expect(first.start()).toBe(4);
    first.succeed(4, 5);
    const snapshot = JSON.parse(JSON.stringify(first.snapshot()));
    expect(snapshot.states).toBe('ssfsspkpk');

    const next = new BackfillScheduler(plan, new Set(), snapshot);
    expect(next.counts()).toEqual(first.counts());
    expect(next.summary('b')).toEqual(first.summary('b'));
    // rev/d1 and rev/d3 are ready; rev/d2 was skipped; the month waits for them (and then is skipped).
    expect([next.start(), next.start()]).toEqual([5, 7]);
    expect(next.hasReady()).toBe(false);
    next.succeed(5, 1);
    next.succeed(7, 1);
    expect(next.isFinished()).toBe(true);
    expect(next.summary('b')).toMatchObject({ succeeded: 6, failed: 1, skipped: 2 });
    expect(next.counts().find((a) => a.asset === 'raw')!.rows).toBe(34);
  });

  it('refuses a snapshot while partitions run, or of another plan', () => {
    const s = new BackfillScheduler(plan);
    s.start();
    expect(() => s.snapshot()).toThrow('no partition running');
    expect(() => new BackfillScheduler(plan, new Set(), { states: 'ppp', rowsByAsset: {}, reasons: [] })).toThrow('the carried state has 3 partitions, the plan 9');
  });

  it('keeps only the reasons a summary can show', () => {
    const wide: BackfillPlan = { assets: ['a'], partitions: Array.from({ length: NOTES_PER_ASSET + 20 }, (_, i) => ({ asset: 'a', key: `k${i}`, deps: [] })) };
    const s = new BackfillScheduler(wide);
    while (s.hasReady()) s.fail(s.start(), 'bad');
    const snapshot = s.snapshot();
    expect(snapshot.reasons).toHaveLength(NOTES_PER_ASSET);
    expect(new BackfillScheduler(wide, new Set(), snapshot).summary('b')).toEqual(s.summary('b'));
  });
});
