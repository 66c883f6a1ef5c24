/**
 * A backfill's plan: the partitions to materialize (targets: plan-targets.ts)
 * in order, each with the partitions it must wait for. Pure and
 * deterministic, so the workflow computes it itself from the asset specs an
 * activity returns.
 */
import { topologicalOrder } from '../asset-graph';
import type { AssetSpec } from '../asset-spec';
import { inputPartitions } from '../mappings/asset-inputs';
import { partitionRank, previousPartitionKey } from '../partitions/partitions-def';
import { MinHeap } from './min-heap';

/** One partition to materialize, and the plan indices of the partitions it reads. */
export interface PlannedPartition {
  asset: string;
  /** The partition's key; the first of `keys` for a unit of several. */
  key: string;
  /** Every key of a unit of consecutive partitions materialized together, in order (see single-run-groups.ts); absent for one partition. */
  keys?: string[];
  deps: number[];
}

/** Every partition of a backfill, ordered oldest first and upstream before downstream. */
export interface BackfillPlan {
  /** The assets involved, upstream first. */
  assets: string[];
  partitions: PlannedPartition[];
}

/** Limits a deployment sets on what one backfill may target. */
export interface PlanLimits {
  /** Partitions one backfill may target in all. @default 1_000_000 */
  maxPartitions: number;
  /**
   * Partitions one run of the backfill workflow plans: a larger backfill runs
   * as consecutive time segments of at most this many (backfill-segments.ts).
   * @default DEFAULT_MAX_PARTITIONS_PER_RUN
   */
  maxPartitionsPerRun?: number;
  /** Highest concurrency a request, `throttle` or `setConcurrency` may set. @default MAX_CONCURRENCY_CEILING */
  maxConcurrency?: number;
  /**
   * History length at which a backfill lets its running partitions finish and
   * continues as new. Draining at most 500 children adds well under 2,000
   * events, so histories stay under 10,000. @default DEFAULT_CONTINUE_AS_NEW_AFTER
   */
  continueAsNewAfterEvents?: number;
}

export const DEFAULT_CONTINUE_AS_NEW_AFTER = 5_000;

/** Planned in one workflow task: 100,000 take about 0.5 s and 60 MB of the worker's heap; 525,600 passed the SDK's 5 s limit. */
export const DEFAULT_MAX_PARTITIONS_PER_RUN = 100_000;

export const DEFAULT_PLAN_LIMITS: PlanLimits = { maxPartitions: 1_000_000 };

/** The most partitions one run plans under `limits`. */
export const partitionsPerRun = (limits: PlanLimits): number => Math.min(limits.maxPartitions, limits.maxPartitionsPerRun ?? DEFAULT_MAX_PARTITIONS_PER_RUN);

/** The partitions a backfill targets, per asset (upstream assets first), before any selection. */
export type PlanTargets = Map<string, string[]>;


/**
 * Orders the partitions (oldest first, or newest first) and links each to the
 * planned partitions it reads, so inputs always come before their readers.
 */
export function linkPlan(
  catalog: readonly AssetSpec[],
  targets: PlanTargets,
  nowMs: number,
  order: { newestFirst?: boolean } = {},
): BackfillPlan {
  const specs = new Map(catalog.map((s) => [s.name, s]));
  const assets = topologicalOrder(catalog).filter((a) => targets.has(a));
  const topoIndex = new Map(assets.map((a, i) => [a, i]));
  const entries: Array<{ asset: string; key: string; rank: number; topo: number }> = [];
  for (const asset of assets) {
    const spec = specs.get(asset)!;
    for (const key of targets.get(asset)!) {
      entries.push({ asset, key, rank: partitionRank(spec.partitions, key), topo: topoIndex.get(asset)! });
    }
  }
  const direction = order.newestFirst ? -1 : 1;
  entries.sort((a, b) => direction * (a.rank - b.rank) || a.topo - b.topo);

  const indexOf = new Map<string, Map<string, number>>(assets.map((a) => [a, new Map()]));
  entries.forEach((e, i) => indexOf.get(e.asset)!.set(e.key, i));

  const linked = entries.map(({ asset, key }): PlannedPartition => {
    const spec = specs.get(asset)!;
    const deps = new Set<number>();
    for (const dep of spec.deps) {
      const planned = indexOf.get(dep);
      if (!planned) continue;
      const read = inputPartitions(spec, key, specs.get(dep)!, nowMs);
      if (read.all) planned.forEach((i) => deps.add(i));
      else for (const k of read.keys) if (planned.has(k)) deps.add(planned.get(k)!);
    }
    if (spec.dependsOnPast) {
      const previous = previousPartitionKey(spec.partitions, key);
      const i = previous === undefined ? undefined : indexOf.get(asset)!.get(previous);
      if (i !== undefined) deps.add(i);
    }
    return { asset, key, deps: [...deps] };
  });
  return { assets, partitions: inputsFirst(linked) };
}

/**
 * Time order alone can put a partition before one it reads (a month before the
 * later days of that month): keep that order, but place each partition only
 * after its inputs, and renumber the deps.
 */
export function inputsFirst(linked: PlannedPartition[]): PlannedPartition[] {
  const waiting = linked.map((p) => p.deps.length);
  const dependents = linked.map((): number[] => []);
  linked.forEach((p, i) => p.deps.forEach((d) => dependents[d]!.push(i)));
  const ready = new MinHeap();
  waiting.forEach((w, i) => w === 0 && ready.push(i));
  const order: number[] = [];
  for (let i = ready.pop(); i !== undefined; i = ready.pop()) {
    order.push(i);
    for (const d of dependents[i]!) if (--waiting[d]! === 0) ready.push(d);
  }
  if (order.length !== linked.length) throw new Error('partition dependencies form a cycle: validate the catalog first');
  const position = new Array<number>(linked.length);
  order.forEach((old, pos) => (position[old] = pos));
  return order.map((old) => {
    const p = linked[old]!;
    return { ...p, deps: p.deps.map((d) => position[d]!).sort((a, b) => a - b) };
  });
}
