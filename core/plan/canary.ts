/**
 * Which partitions a canary runs first: `perAsset` partitions of each asset,
 * spread across its planned range (the first ones for assets that depend on
 * their past, where a later partition needs every earlier one), plus the
 * inputs they read within the plan, so the canary can actually run.
 */
import type { AssetSpec } from '../asset-spec';
import type { BackfillPlan } from './backfill-plan';

export function canaryPartitions(plan: BackfillPlan, specs: ReadonlyMap<string, AssetSpec>, perAsset: number): Set<number> {
  const byAsset = new Map<string, number[]>();
  plan.partitions.forEach((p, i) => {
    const list = byAsset.get(p.asset) ?? [];
    list.push(i);
    byAsset.set(p.asset, list);
  });
  const picked = new Set<number>();
  for (const [asset, indices] of byAsset) {
    for (const i of spread(indices, perAsset, specs.get(asset)?.dependsOnPast ?? false)) picked.add(i);
  }
  // Inputs come earlier in the plan, so one backward pass closes the set.
  for (let i = plan.partitions.length - 1; i >= 0; i--) {
    if (picked.has(i)) for (const d of plan.partitions[i]!.deps) picked.add(d);
  }
  return picked;
}

function spread(indices: number[], n: number, inOrder: boolean): number[] {
  if (n >= indices.length) return indices;
  if (inOrder || n === 1) return indices.slice(0, n);
  return Array.from({ length: n }, (_, j) => indices[Math.round((j * (indices.length - 1)) / (n - 1))]!);
}
