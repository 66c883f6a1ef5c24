import { describe, expect, it } from 'vitest';
import type { AssetSpec } from '../../core/asset-spec';
import type { BackfillPlan } from '../../core/plan/backfill-plan';
import { BACKFILL_OVERHEAD_MS, CHILD_OVERHEAD_MS, WORKER_MS_PER_PARTITION, estimateDuration } from '../../core/plan/estimate-duration';

/** The backfill's own start and end, added to every estimate. */
const O = BACKFILL_OVERHEAD_MS;

/** A dependsOnPast chain of `n` links: each reads the one before. */
const chain = (n: number): BackfillPlan => ({
  assets: ['ytd'],
  partitions: Array.from({ length: n }, (_, i) => ({ asset: 'ytd', key: `k${i}`, deps: i === 0 ? [] : [i - 1] })),
});

const spec = (batching?: AssetSpec['batching']): ReadonlyMap<string, AssetSpec> =>
  new Map([['ytd', { name: 'ytd', partitions: { kind: 'static', keys: [] }, deps: [], dependsOnPast: true, codeVersion: '1', ...(batching && { batching }) }]]);

describe('estimateDuration', () => {
  const durations = { ytd: { meanMs: 10, samples: 100 } };

  it('charges each partition of a one-child-per-partition asset a whole child of orchestration', () => {
    expect(estimateDuration(chain(100), durations, 4, spec()).ms).toBe(100 * (10 + CHILD_OVERHEAD_MS) + O);
  });

  it('charges a batched chain link its share of a batch: as many as fit the budget, never spread over the concurrency', () => {
    // 1000 ms / 10 ms = 100 fit; a chain runs one link at a time however many may run at once.
    expect(estimateDuration(chain(100), durations, 4, spec({ budgetMs: 1000, maxPartitions: 500 })).ms).toBe(Math.round(100 * (10 + CHILD_OVERHEAD_MS / 100)) + O);
    expect(estimateDuration(chain(100), durations, 4, spec({ budgetMs: 1000, maxPartitions: 20 })).ms).toBe(Math.round(100 * (10 + CHILD_OVERHEAD_MS / 20)) + O);
  });

  it('runs a singleRun asset\'s consecutive partitions as one child: their shares one after the other, one child of orchestration', () => {
    const daily = (n: number): BackfillPlan => ({
      assets: ['sales'],
      partitions: Array.from({ length: n }, (_, i) => ({ asset: 'sales', key: `2024-01-${String(i + 1).padStart(2, '0')}`, deps: [] })),
    });
    const singleRun = new Map<string, AssetSpec>([
      [
        'sales',
        {
          name: 'sales',
          partitions: { kind: 'time', granularity: 'daily', start: '2024-01-01' },
          dependsOnPast: false,
          deps: [],
          codeVersion: '1',
          backfillPolicy: { kind: 'singleRun', maxPartitionsPerRun: 10 },
        },
      ],
    ]);
    // 30 days in runs of 10: three children at once, each 10 partitions of 20 ms and one child's orchestration.
    expect(estimateDuration(daily(30), { sales: { meanMs: 20, samples: 30 } }, 4, singleRun).ms).toBe(10 * 20 + CHILD_OVERHEAD_MS + O);
    // One at a time: the three runs in sequence.
    expect(estimateDuration(daily(30), { sales: { meanMs: 20, samples: 30 } }, 1, singleRun).ms).toBe(3 * (10 * 20 + CHILD_OVERHEAD_MS) + O);
  });

  it('is never shorter than one worker takes for the partitions, however many run at once', () => {
    const wide: BackfillPlan = { assets: ['ytd'], partitions: Array.from({ length: 10_000 }, (_, i) => ({ asset: 'ytd', key: `k${i}`, deps: [] })) };
    const cheap = { ytd: { meanMs: 1, samples: 100 } };
    const noChain = new Map([['ytd', { ...spec({ budgetMs: 1000, maxPartitions: 500 }).get('ytd')!, dependsOnPast: false }]]);
    const estimate = estimateDuration(wide, cheap, 100, noChain);
    expect(estimate.ms).toBe(10_000 * WORKER_MS_PER_PARTITION + O);
    expect(estimate.basis).toContain(`bounded by one worker's ${WORKER_MS_PER_PARTITION} ms a partition`);
  });

  it('lets more partitions run at once than the capacity only by sharing it, from means brought back to full speed', () => {
    const four: BackfillPlan = { assets: ['ytd'], partitions: Array.from({ length: 4 }, (_, i) => ({ asset: 'ytd', key: `k${i}`, deps: [] })) };
    const alone = new Map([['ytd', { ...spec().get('ytd')!, dependsOnPast: false }]]);
    const slow = { ytd: { meanMs: 100, samples: 10 } };
    const span = 100 + CHILD_OVERHEAD_MS;
    expect(estimateDuration(four, slow, 4, alone).ms).toBe(span + O);
    expect(estimateDuration(four, slow, 4, alone, 4).ms).toBe(span + O);
    // Four at once on two: each at half speed.
    expect(estimateDuration(four, slow, 4, alone, 2).ms).toBe(2 * span + O);
    // Two at once on two: two rounds at full speed, the same total.
    expect(estimateDuration(four, slow, 2, alone, 2).ms).toBe(2 * span + O);
    // A chain runs one link at a time: sharing never slows it.
    expect(estimateDuration(chain(3), durations, 4, spec(), 1).ms).toBe(3 * (10 + CHILD_OVERHEAD_MS) + O);
    // Measured while four ran at once on two cores: each took twice what it takes alone.
    expect(estimateDuration(four, { ytd: { meanMs: 200, samples: 10, runningAtOnce: 4 } }, 4, alone, 2).ms).toBe(2 * span + O);
    expect(estimateDuration(four, { ytd: { meanMs: 100, samples: 10, runningAtOnce: 1 } }, 4, alone, 2).ms).toBe(2 * span + O);
    expect(estimateDuration(four, slow, 4, alone, 2).basis).toContain('at 4 at once, 2 at full speed (the cores they share)');
  });

  it('says what it rests on, and cannot estimate an asset without past materializations', () => {
    expect(estimateDuration(chain(3), durations, 2, spec()).basis).toBe(
      `from 100 recent materializations in the ledger, ${CHILD_OVERHEAD_MS} ms of orchestration per child and ${O} ms to start and end, at 2 at once`,
    );
    expect(estimateDuration(chain(3), {}, 2, spec())).toEqual({ ms: null, basis: 'unknown: no past materializations of ytd' });
  });
});
