/**
 * Which partitions a backfill request targets: the requested ones and, with
 * `downstream`, those reading them (inside the range), validated against the
 * asset specs. Selection modes then pick among these.
 */
import { downstreamClosure, topologicalOrder } from '../asset-graph';
import type { AssetSpec } from '../asset-spec';
import type { BackfillRequest } from '../backfill-request';
import { InvalidBackfillRequestError } from '../errors';
import { readersOf } from '../mappings/asset-inputs';
import { partitionKeyProblem, partitionKeys, partitionRank, TooManyPartitionsError } from '../partitions/partitions-def';
import { isoOf } from '../partitions/time-spec';
import { floorToPartition, shiftPartitionStart } from '../partitions/time-granularity';
import { DEFAULT_PLAN_LIMITS, linkPlan, partitionsPerRun, type BackfillPlan, type PlanLimits, type PlanTargets } from './backfill-plan';
import type { PlanSegment } from './backfill-segments';

/**
 * Every partition the request targets: the requested ones and, with
 * `downstream`, those reading them. Selection modes then pick among these.
 * @param segment of a backfill run in time segments (backfill-segments.ts): the one to plan.
 * @throws InvalidBackfillRequestError as buildPlan.
 */
export function planTargets(
  catalog: readonly AssetSpec[],
  request: BackfillRequest,
  nowMs: number,
  limits: PlanLimits = DEFAULT_PLAN_LIMITS,
  segment?: PlanSegment,
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
    targets = targetKeys(catalog, specs, segment ? { ...request, range: segment.range } : request, nowMs, partitionsPerRun(limits), segment);
  } catch (error) {
    if (error instanceof TooManyPartitionsError) throw new InvalidBackfillRequestError([tooManyProblem(error.limit, limits)]);
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

/** Over the whole limit, or over what one run plans (only a range of time partitions is split into segments). */
export function tooManyProblem(limit: number, limits: PlanLimits): string {
  const problem = `the backfill covers more than the maximum of ${limit} partitions`;
  return limit === limits.maxPartitions ? problem : `${problem} one run plans (only a from/to range over time partitions runs in segments)`;
}

/** Why a requested asset has nothing to backfill in the range, naming the range and the asset's start. */
export function noCompletePartitionProblem(spec: AssetSpec, request: BackfillRequest, nowMs: number): string {
  return (
    `asset "${spec.name}" has no complete partition between ${request.from} and ${request.to} ` +
    `(its partitions start at ${spec.partitions.kind === 'time' ? spec.partitions.start : '?'}; now is ${isoOf(nowMs)})`
  );
}

function requestedKeys(spec: AssetSpec, request: BackfillRequest, nowMs: number, limit: number, segment?: PlanSegment): string[] {
  if (request.partitions) {
    const problems = request.partitions
      .map((key) => partitionKeyProblem(spec.partitions, key, nowMs))
      .filter((p): p is string => p !== undefined)
      .map((p) => `asset "${spec.name}": ${p}`);
    if (problems.length > 0) throw new InvalidBackfillRequestError(problems.slice(0, 10));
    return [...new Set(request.partitions)];
  }
  if (request.lookback !== undefined) return lookbackKeys(spec, request.lookback, nowMs);
  if (spec.partitions.kind === 'time' && !request.range) {
    throw new InvalidBackfillRequestError([`asset "${spec.name}" has time partitions: give from and to, lookback, or partitions`]);
  }
  const keys = partitionKeys(spec.partitions, nowMs, request.range, limit);
  // A segment may hold none of an asset's partitions: the whole range was checked (backfillSegments).
  if (keys.length === 0 && !segment) throw new InvalidBackfillRequestError([noCompletePartitionProblem(spec, request, nowMs)]);
  return keys;
}

/**
 * The last `n` complete partitions of `spec` at `nowMs` (fewer when it has
 * fewer): every partition of a static or unpartitioned asset.
 */
function lookbackKeys(spec: AssetSpec, n: number, nowMs: number): string[] {
  const def = spec.partitions;
  if (def.kind !== 'time') return partitionKeys(def, nowMs);
  const end = floorToPartition(def, nowMs);
  return partitionKeys(def, nowMs, { start: shiftPartitionStart(def, end, -n), end });
}

/** Requested keys, plus (with `downstream`) every partition that reads a targeted one. */
function targetKeys(
  catalog: readonly AssetSpec[],
  specs: Map<string, AssetSpec>,
  request: BackfillRequest,
  nowMs: number,
  limit: number,
  segment: PlanSegment | undefined,
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
  for (const asset of request.assets) add(asset, requestedKeys(specs.get(asset)!, request, nowMs, limit, segment));
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
    // Downstream work stays inside the requested range where one was given (a lookback: the asset's own).
    const inRange = request.lookback !== undefined ? lookbackKeys(spec, request.lookback, nowMs) : partitionKeys(spec.partitions, nowMs, request.range, limit);
    let keys = everything ? inRange : inRange.filter((k) => affected.has(k));
    if (spec.dependsOnPast && segment?.continuingChains.includes(name)) {
      // Changed in an earlier segment: every later partition changes too.
      keys = inRange;
    } else if (spec.dependsOnPast && keys.length > 0) {
      // A cumulative asset: changing one partition changes every later one.
      keys = inRange.slice(inRange.indexOf(keys[0]!));
    }
    add(name, keys);
  }
  return targets;
}

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
