/**
 * The planning post-pass of `singleRun` assets: consecutive planned
 * partitions of such an asset (adjacent keys, at most the policy's
 * `maxPartitionsPerRun`) become one planned unit, materialized together. A gap
 * in the planned keys starts a new unit. A unit reads what any of its members read (except its own
 * members), and whatever read a member reads the unit. Pure and
 * deterministic: the `backfill` workflow applies it after `linkPlan`.
 */
import type { AssetSpec } from '../asset-spec';
import { partitionRank, previousPartitionKey, type PartitionsDef } from '../partitions/partitions-def';
import { inputsFirst, type BackfillPlan, type PlannedPartition } from './backfill-plan';

/**
 * Merges consecutive partitions of `singleRun` assets into units; returns
 * `plan` itself when no planned asset has that policy.
 */
export function groupSingleRunUnits(plan: BackfillPlan, catalog: readonly AssetSpec[]): BackfillPlan {
  const limits = new Map<string, { partitions: PartitionsDef; max: number }>();
  for (const spec of catalog) {
    if (spec.backfillPolicy?.kind === 'singleRun' && plan.assets.includes(spec.name)) {
      limits.set(spec.name, { partitions: spec.partitions, max: spec.backfillPolicy.maxPartitionsPerRun });
    }
  }
  if (limits.size === 0) return plan;

  const groupOf = assignGroups(plan.partitions, limits);
  // Units in the order of their earliest member: the old order, as far as merging allows.
  const unitOfGroup = new Map<number, number>();
  const members: number[][] = [];
  plan.partitions.forEach((_, i) => {
    const group = groupOf[i]!;
    if (!unitOfGroup.has(group)) unitOfGroup.set(group, members.push([]) - 1);
    members[unitOfGroup.get(group)!]!.push(i);
  });
  const unitOf = (i: number): number => unitOfGroup.get(groupOf[i]!)!;

  const units = members.map((m, u): PlannedPartition => {
    const first = plan.partitions[m[0]!]!;
    const deps = new Set<number>();
    for (const i of m) for (const d of plan.partitions[i]!.deps) if (unitOf(d) !== u) deps.add(unitOf(d));
    if (m.length === 1) return { asset: first.asset, key: first.key, deps: [...deps] };
    const { partitions: def } = limits.get(first.asset)!;
    const keys = m.map((i) => plan.partitions[i]!.key).sort((a, b) => partitionRank(def, a) - partitionRank(def, b));
    return { asset: first.asset, key: keys[0]!, keys, deps: [...deps] };
  });
  return { assets: plan.assets, partitions: inputsFirst(units) };
}

/**
 * A group number per plan index: shared by the members of a unit of a
 * `singleRun` asset, listed oldest key first within the group; its own otherwise.
 */
function assignGroups(partitions: PlannedPartition[], limits: Map<string, { partitions: PartitionsDef; max: number }>): number[] {
  const groupOf = partitions.map((_, i) => i);
  for (const [asset, { partitions: def, max }] of limits) {
    const indices = partitions.flatMap((p, i) => (p.asset === asset ? [i] : []));
    indices.sort((a, b) => partitionRank(def, partitions[a]!.key) - partitionRank(def, partitions[b]!.key));
    let leader = -1;
    let size = 0;
    let previousKey: string | undefined;
    for (const i of indices) {
      const key = partitions[i]!.key;
      const adjacent = previousKey !== undefined && previousPartitionKey(def, key) === previousKey;
      if (!adjacent || size >= max) {
        leader = i;
        size = 0;
      }
      groupOf[i] = leader;
      size++;
      previousKey = key;
    }
  }
  return groupOf;
}
