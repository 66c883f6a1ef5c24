/**
 * Plans of hundreds of thousands of partitions (five years of five-minute
 * ones are 525,600): what walks them must not spread them into one call
 * (`Math.max(...)` overflows the stack past about 120,000 arguments).
 */
import { describe, expect, it } from 'vitest';
import type { BackfillPlan, PlannedPartition } from '../../core/plan/backfill-plan';
import { longestChain } from '../../core/plan/estimate-duration';

const N = 525_600;

describe('a plan of 525,600 partitions', () => {
  it('has its longest chain measured: a cumulative chain of them all', () => {
    const partitions: PlannedPartition[] = Array.from({ length: N }, (_, i) => ({ asset: 'ticks', key: String(i), deps: i === 0 ? [] : [i - 1] }));
    expect(longestChain({ assets: ['ticks'], partitions })).toBe(N);
  });

  it('and of independent ones read by one unpartitioned partition: two', () => {
    const partitions: PlannedPartition[] = Array.from({ length: N }, (_, i) => ({ asset: 'ticks', key: String(i), deps: [] }));
    partitions.push({ asset: 'total', key: 'all', deps: Array.from({ length: N }, (_, i) => i) });
    const plan: BackfillPlan = { assets: ['ticks', 'total'], partitions };
    expect(longestChain(plan)).toBe(2);
  });
});
