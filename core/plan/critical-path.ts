/**
 * How much of a plan still hangs on each partition: the partitions in the
 * longest chain of readers from it to the end, itself included. Starting the
 * partition with the most first keeps a long `dependsOnPast` chain (and the
 * inputs it waits for) moving while shorter work fills the other slots.
 */
import type { AssetSpec } from '../asset-spec';
import type { BackfillPlan } from './backfill-plan';

/** Which ready partition a scheduler starts first: the first in plan order, or the one with the longest chain hanging on it. */
export type ReadyOrder = 'plan' | 'criticalPath';

/** Per plan index, the partitions in the longest chain from it to a partition nothing reads. Inputs come before their readers in a plan. */
export function chainHeights(plan: BackfillPlan): number[] {
  const height = plan.partitions.map(() => 1);
  for (let i = plan.partitions.length - 1; i >= 0; i--) {
    for (const d of plan.partitions[i]!.deps) height[d] = Math.max(height[d]!, height[i]! + 1);
  }
  return height;
}

/**
 * A ready-queue rank (lower ranks go first): the partition the most waits on
 * first, measured by the longest chain of readers hanging on it plus how many
 * read it directly, so an input every day reads (an unpartitioned dimension)
 * goes early too.
 */
export function criticalPathRank(plan: BackfillPlan): (i: number) => number {
  const height = chainHeights(plan);
  const readers = plan.partitions.map(() => 0);
  for (const p of plan.partitions) for (const d of p.deps) readers[d]!++;
  return (i) => -(height[i]! + readers[i]!);
}

/**
 * Longest chain first only where a dependsOnPast chain sets the pace; other
 * plans keep their own order (oldest, or newest, first), which only inputs override.
 */
export function readyOrder(plan: BackfillPlan, specs: ReadonlyMap<string, AssetSpec>): ReadyOrder {
  return plan.assets.some((asset) => specs.get(asset)?.dependsOnPast) ? 'criticalPath' : 'plan';
}
