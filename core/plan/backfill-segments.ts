/**
 * A backfill too large for one run of the workflow (more partitions than
 * `maxPartitionsPerRun`) runs as consecutive time segments, oldest first,
 * each planned, selected and run like a backfill of its own window. Cuts fall
 * on the boundaries of the coarsest partitioning involved (a day, or a month),
 * so no partition straddles two segments and every input a partition reads
 * lies in its own segment or an earlier one, already done. Where that cannot
 * hold, the request is refused with the reason.
 */
import { downstreamClosure, topologicalOrder } from '../asset-graph';
import type { AssetSpec } from '../asset-spec';
import type { BackfillRequest } from '../backfill-request';
import { InvalidBackfillRequestError } from '../errors';
import { mappingBetween } from '../mappings/asset-inputs';
import { partitionCount } from '../partitions/partitions-def';
import { floorToPartition, nextPartitionStart, type TimeGranularity } from '../partitions/time-granularity';
import { isoOf, type TimeWindow } from '../partitions/time-spec';
import { partitionsPerRun, type PlanLimits } from './backfill-plan';
import { noCompletePartitionProblem } from './plan-targets';

/** The part of a backfill one run plans: a window of its range. */
export interface PlanSegment {
  range: TimeWindow;
  /**
   * Cumulative (`dependsOnPast`) assets added by `downstream` whose partitions
   * changed in an earlier segment: every later partition of theirs changes too.
   */
  continuingChains: readonly string[];
}

/**
 * The windows a backfill runs in, oldest first; undefined when one run plans
 * it all (or it is not a from/to range, which planTargets checks as one run).
 * @throws InvalidBackfillRequestError when it covers more than `maxPartitions`,
 *   or needs segments and cannot be split exactly (the message says why).
 */
export function backfillSegments(catalog: readonly AssetSpec[], request: BackfillRequest, nowMs: number, limits: PlanLimits): TimeWindow[] | undefined {
  const range = request.range;
  const specs = new Map(catalog.map((s) => [s.name, s]));
  if (!range || request.partitions || request.assets.some((a) => !specs.has(a))) return undefined;
  const involved = topologicalOrder(catalog)
    .filter((a) => (request.downstream ? downstreamClosure(catalog, request.assets) : new Set(request.assets)).has(a))
    .map((a) => specs.get(a)!);
  // An upper bound: `downstream` adds at most every partition of the range.
  const estimate = involved.reduce((n, spec) => n + partitionCount(spec.partitions, nowMs, range), 0);
  const perRun = partitionsPerRun(limits);
  if (estimate <= perRun) return undefined;
  if (estimate > limits.maxPartitions) throw new InvalidBackfillRequestError([`the backfill covers more than the maximum of ${limits.maxPartitions} partitions`]);
  const problems = segmentProblems(involved, request);
  if (problems.length > 0) {
    throw new InvalidBackfillRequestError([
      `the backfill covers ${estimate} partitions, more than the ${perRun} one run plans, and would run in time segments, ` +
        `which needs ${problems.join('; ')}`,
    ]);
  }
  for (const asset of request.assets) {
    const spec = specs.get(asset)!;
    if (partitionCount(spec.partitions, nowMs, range) === 0) throw new InvalidBackfillRequestError([noCompletePartitionProblem(spec, request, nowMs)]);
  }
  const windows = cutRange(involved, range, nowMs, perRun);
  if (request.dryRun) {
    throw new InvalidBackfillRequestError([
      `a plan covers at most ${perRun} partitions; this backfill (${estimate}) would run as ${windows.length} segments ` +
        `(${windows.map(shownWindow).join(', ')}): plan the range of one segment at a time`,
    ]);
  }
  return windows;
}

/** What keeps a request from running in segments exactly as in one run. */
function segmentProblems(involved: readonly AssetSpec[], request: BackfillRequest): string[] {
  const problems: string[] = [];
  if (request.newestFirst) problems.push('oldest first (drop newestFirst)');
  if (request.isolation.kind === 'shadow') problems.push("isolation 'none' (a shadow is published in one transaction at the end)");
  const names = new Set(involved.map((s) => s.name));
  for (const spec of involved) {
    if (spec.partitions.kind !== 'time') {
      problems.push(`time partitions on every asset, and "${spec.name}" is ${spec.partitions.kind} (backfill it on its own)`);
      continue;
    }
    for (const dep of spec.deps.filter((d) => names.has(d))) {
      const mapping = mappingBetween(spec, involved.find((s) => s.name === dep)!);
      const offset = mapping.kind === 'timeWindow' ? (mapping.offset ?? 0) : 0;
      if (mapping.kind === 'all') problems.push(`no asset reading every partition of another, and "${spec.name}" reads all of "${dep}"`);
      else if (offset > 0) problems.push(`no asset reading later partitions, and "${spec.name}" reads "${dep}" with offset ${offset}`);
      else if (offset < 0 && !request.assets.includes(spec.name)) {
        problems.push(`"${spec.name}", added by downstream, to read "${dep}" without an offset (or to be requested itself)`);
      }
    }
  }
  return problems;
}

/**
 * Cuts `range` into windows of at most `perRun` partitions in all, on the
 * boundaries of the coarsest granularity involved (at least a day, so a few
 * thousand steps cover years of minutes).
 */
function cutRange(involved: readonly AssetSpec[], range: TimeWindow, nowMs: number, perRun: number): TimeWindow[] {
  const unit: TimeGranularity = involved.some((s) => s.partitions.kind === 'time' && s.partitions.granularity === 'monthly') ? 'monthly' : 'daily';
  // Nothing is complete after now: the range ends there for counting.
  const end = Math.min(range.end, nowMs);
  const windows: TimeWindow[] = [];
  let start = range.start;
  let held = 0;
  for (let t = range.start; t < end; ) {
    const next = Math.min(nextPartitionStart(unit, floorToPartition(unit, t)), range.end);
    const window = { start: t, end: next };
    const count = involved.reduce((n, spec) => n + partitionCount(spec.partitions, nowMs, window), 0);
    if (count > perRun) {
      throw new InvalidBackfillRequestError([`one ${unit === 'daily' ? 'day' : 'month'} (from ${isoOf(t)}) holds ${count} partitions, more than the ${perRun} one run plans`]);
    }
    if (held + count > perRun) {
      windows.push({ start, end: t });
      start = t;
      held = 0;
    }
    held += count;
    t = next;
  }
  windows.push({ start, end: range.end });
  return windows;
}

/** A window as `from..to` a request accepts (inclusive): days when it holds whole days. */
function shownWindow(w: TimeWindow): string {
  const wholeDays = w.start % 86_400_000 === 0 && w.end % 86_400_000 === 0;
  const last = wholeDays ? w.end - 86_400_000 : w.end - 60_000;
  const shown = (ms: number) => (wholeDays ? isoOf(ms).slice(0, 10) : isoOf(ms).slice(0, 16));
  return `${shown(w.start)}..${shown(last)}`;
}
