/**
 * Turns a validated request into the partitions to materialize and the
 * partitions each must wait for. Pure and deterministic, so the workflow
 * computes it itself from the asset specs an activity returns.
 */
import { downstreamClosure, topologicalOrder } from '../asset-graph';
import type { AssetSpec } from '../asset-spec';
import type { BackfillRequest } from '../backfill-request';
import { InvalidBackfillRequestError } from '../errors';
import { inputPartitions, readersOf } from '../mappings/asset-inputs';
import {
  partitionKeyProblem,
  partitionKeys,
  partitionRank,
  previousPartitionKey,
  TooManyPartitionsError,
} from '../partitions/partitions-def';
import { isoOf } from '../partitions/time-spec';
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
  /** @default 100_000 */
  maxPartitions: number;
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

export const DEFAULT_PLAN_LIMITS: PlanLimits = { maxPartitions: 100_000 };

/** The partitions a backfill targets, per asset (upstream assets first), before any selection. */
export type PlanTargets = Map<string, string[]>;

/**
 * Plans a backfill over `catalog` at `nowMs` (only complete time partitions exist).
 * @throws InvalidBackfillRequestError for unknown assets or partitions, empty targets, or too many partitions.
 */
export function buildPlan(
  catalog: readonly AssetSpec[],
  request: BackfillRequest,
  nowMs: number,
  limits: PlanLimits = DEFAULT_PLAN_LIMITS,
): BackfillPlan {
  return linkPlan(catalog, planTargets(catalog, request, nowMs, limits), nowMs, request);
}

/**
 * Every partition the request targets: the requested ones and, with
 * `downstream`, those reading them. Selection modes then pick among these.
 * @throws InvalidBackfillRequestError as buildPlan.
 */
export function planTargets(
  catalog: readonly AssetSpec[],
  request: BackfillRequest,
  nowMs: number,
  limits: PlanLimits = DEFAULT_PLAN_LIMITS,
): PlanTargets {
  const specs = new Map(catalog.map((s) => [s.name, s]));
  const unknown = request.assets.filter((a) => !specs.has(a));
  if (unknown.length > 0) {
    throw new InvalidBackfillRequestError([
      `unknown asset${unknown.length > 1 ? 's' : ''} ${unknown.map((a) => `"${a}"`).join(', ')} (known: ${[...specs.keys()].join(', ')})`,
    ]);
  }
  let targets: Map<string, Set<string>>;
  try {
    targets = targetKeys(catalog, specs, request, nowMs, limits.maxPartitions);
  } catch (error) {
    if (error instanceof TooManyPartitionsError) {
      throw new InvalidBackfillRequestError([`the backfill covers more than the maximum of ${error.limit} partitions`]);
    }
    throw error;
  }
  const ordered: PlanTargets = new Map();
  for (const asset of topologicalOrder(catalog)) {
    const keys = targets.get(asset);
    if (!keys) continue;
    const spec = specs.get(asset)!;
    if (request.newestFirst && spec.dependsOnPast && keys.size > 0) {
      throw new InvalidBackfillRequestError([
        `newestFirst: asset "${asset}" depends on its past partitions, so they must run oldest first; ` +
          'leave it out of this backfill or drop newestFirst',
      ]);
    }
    ordered.set(asset, [...keys].sort((a, b) => partitionRank(spec.partitions, a) - partitionRank(spec.partitions, b)));
  }
  return ordered;
}

function requestedKeys(spec: AssetSpec, request: BackfillRequest, nowMs: number, limit: number): string[] {
  if (request.partitions) {
    const problems = request.partitions
      .map((key) => partitionKeyProblem(spec.partitions, key, nowMs))
      .filter((p): p is string => p !== undefined)
      .map((p) => `asset "${spec.name}": ${p}`);
    if (problems.length > 0) throw new InvalidBackfillRequestError(problems.slice(0, 10));
    return [...new Set(request.partitions)];
  }
  if (spec.partitions.kind === 'time' && !request.range) {
    throw new InvalidBackfillRequestError([`asset "${spec.name}" has time partitions: give from and to, or partitions`]);
  }
  const keys = partitionKeys(spec.partitions, nowMs, request.range, limit);
  if (keys.length === 0) {
    throw new InvalidBackfillRequestError([
      `asset "${spec.name}" has no complete partition between ${request.from} and ${request.to} ` +
        `(its partitions start at ${spec.partitions.kind === 'time' ? spec.partitions.start : '?'}; now is ${isoOf(nowMs)})`,
    ]);
  }
  return keys;
}

/** Requested keys, plus (with `downstream`) every partition that reads a targeted one. */
function targetKeys(
  catalog: readonly AssetSpec[],
  specs: Map<string, AssetSpec>,
  request: BackfillRequest,
  nowMs: number,
  limit: number,
): Map<string, Set<string>> {
  const targets = new Map<string, Set<string>>();
  let count = 0;
  const add = (asset: string, keys: Iterable<string>): void => {
    const set = targets.get(asset) ?? new Set<string>();
    targets.set(asset, set);
    for (const key of keys) {
      if (set.has(key)) continue;
      if (++count > limit) throw new TooManyPartitionsError(limit);
      set.add(key);
    }
  };
  for (const asset of request.assets) add(asset, requestedKeys(specs.get(asset)!, request, nowMs, limit));
  if (!request.downstream) return targets;

  const closure = downstreamClosure(catalog, request.assets);
  for (const name of topologicalOrder(catalog)) {
    if (!closure.has(name)) continue;
    const spec = specs.get(name)!;
    const affected = new Set<string>();
    let everything = false;
    for (const dep of spec.deps) {
      for (const key of targets.get(dep) ?? []) {
        const mapped = readersOf(specs.get(dep)!, key, spec, nowMs);
        if (mapped.all) everything = true;
        else mapped.keys.forEach((k) => affected.add(k));
      }
      if (everything) break;
    }
    // Downstream work stays inside the requested range where one was given.
    const inRange = partitionKeys(spec.partitions, nowMs, request.range, limit);
    let keys = everything ? inRange : inRange.filter((k) => affected.has(k));
    if (spec.dependsOnPast && keys.length > 0) {
      // A cumulative asset: changing one partition changes every later one.
      keys = inRange.slice(inRange.indexOf(keys[0]!));
    }
    add(name, keys);
  }
  return targets;
}

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
