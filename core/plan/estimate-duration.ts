/**
 * How long a plan would take, from each asset's recent durations: a
 * simulation of the scheduler (inputs first, in its order, at most
 * `maxConcurrency` at once), so chains of dependsOnPast partitions and narrow limits both count.
 * Each partition also pays its share of what its child workflow costs in
 * orchestration: all of it alone, a batch's share in a batch (sized as the
 * backfill sizes them, core/plan/partition-costs.ts).
 */
import type { AssetSpec } from '../asset-spec';
import type { BackfillPlan } from './backfill-plan';
import { criticalPathRank, readyOrder } from './critical-path';
import { fullSpeedShare } from './full-speed';
import { MinHeap } from './min-heap';
import { PartitionCosts } from './partition-costs';
import { groupSingleRunUnits } from './single-run-groups';

/**
 * What one child workflow and its activity cost in orchestration, in ms: start, heartbeats and
 * completion through the Temporal server (measured by `npm run bench`, docs/performance.md).
 */
export const CHILD_OVERHEAD_MS = 60;

/**
 * What one worker's event loop spends on a partition besides its SQL (ledger
 * rows, transactions, heartbeat), in ms: 1.6–2.1 for a no-op partition in a
 * batch (`npm run bench`, docs/performance.md). However many run at once, one
 * worker finishes no more than one partition in this long.
 */
export const WORKER_MS_PER_PARTITION = 2;

/**
 * What a backfill costs besides its partitions, in ms: its start (the plan,
 * each asset's setup) until the first partition runs, and its end after the
 * last, about 250 and 150 ms on the dev server (`npm run bench`).
 */
export const BACKFILL_OVERHEAD_MS = 400;

/** An asset's ledger mean, and how many partition runs ran at once while it was measured (1 when unknown). */
export interface MeasuredDurations {
  meanMs: number;
  samples: number;
  runningAtOnce?: number;
}

/** Means measured while more than `capacity` ran at once, brought back to what one takes alone. */
function atFullSpeed(measured: Record<string, MeasuredDurations>, capacity: number): Record<string, MeasuredDurations> {
  return Object.fromEntries(
    Object.entries(measured).map(([asset, d]) => [asset, { ...d, meanMs: d.meanMs * fullSpeedShare(capacity, d.runningAtOnce) }]),
  );
}

/** An estimate in ms, or null with the reason it cannot be made. */
export interface DurationEstimate {
  ms: number | null;
  /** What the estimate rests on, in a person's words. */
  basis: string;
}

/**
 * @param durations each asset's ledger mean, and how many ran at once while it was measured
 * @param capacity how many partitions run at full speed at once (the cores they
 *   share); past it the running ones share it, each taking longer. A mean measured
 *   while more ran at once is brought back to full speed first.
 */
export function estimateDuration(
  plan: BackfillPlan,
  measured: Record<string, MeasuredDurations>,
  maxConcurrency: number,
  specs: ReadonlyMap<string, AssetSpec> = new Map(),
  capacity = Infinity,
): DurationEstimate {
  const durations = atFullSpeed(measured, capacity);
  if (plan.partitions.length === 0) return { ms: 0, basis: 'nothing to run' };
  const unknown = plan.assets.filter((a) => !durations[a]);
  if (unknown.length > 0) return { ms: null, basis: `unknown: no past materializations of ${unknown.join(', ')}` };
  const msOf = partitionSpans(plan, durations, maxConcurrency, specs);
  // As the backfill runs them: a singleRun asset's consecutive partitions are one child, one after the other.
  const units = groupSingleRunUnits(plan, [...specs.values()]);
  const spanOf = (p: BackfillPlan['partitions'][number]) =>
    p.keys && p.keys.length > 1 ? durations[p.asset]!.meanMs * p.keys.length + CHILD_OVERHEAD_MS : msOf.get(p.asset)!;

  const n = units.partitions.length;
  const waiting = units.partitions.map((p) => p.deps.length);
  const dependents = units.partitions.map((): number[] => []);
  units.partitions.forEach((p, i) => p.deps.forEach((d) => dependents[d]!.push(i)));
  const ready = new MinHeap(readyOrder(units, specs) === 'criticalPath' ? criticalPathRank(units) : undefined);
  waiting.forEach((w, i) => w === 0 && ready.push(i));
  // Each running partition's work left, in ms at full speed; past the capacity they share it.
  let running: Array<{ i: number; left: number }> = [];
  let now = 0;
  for (let done = 0; done < n; ) {
    while (running.length < maxConcurrency && ready.size > 0) {
      const i = ready.pop()!;
      running.push({ i, left: spanOf(units.partitions[i]!) });
    }
    const speed = Math.min(1, capacity / running.length);
    const step = Math.min(...running.map((r) => r.left));
    now += step / speed;
    for (const r of running) r.left -= step;
    const finished = running.filter((r) => r.left <= 1e-9);
    running = running.filter((r) => r.left > 1e-9);
    for (const { i } of finished) {
      done++;
      for (const d of dependents[i]!) if (--waiting[d]! === 0) ready.push(d);
    }
  }
  now += BACKFILL_OVERHEAD_MS;
  const samples = plan.assets.reduce((sum, a) => sum + durations[a]!.samples, 0);
  const sharing = capacity < maxConcurrency ? `, ${capacity} at full speed (the cores they share)` : '';
  const basis = `from ${samples} recent materializations in the ledger, ${CHILD_OVERHEAD_MS} ms of orchestration per child and ${BACKFILL_OVERHEAD_MS} ms to start and end, at ${maxConcurrency} at once${sharing}`;
  // The same floor with the backfill's own start and end.
  const workerBound = plan.partitions.length * WORKER_MS_PER_PARTITION + BACKFILL_OVERHEAD_MS;
  if (workerBound > now) return { ms: workerBound, basis: `${basis}; bounded by one worker's ${WORKER_MS_PER_PARTITION} ms a partition` };
  return { ms: Math.round(now), basis };
}

/** Each asset's time per partition: its ledger mean, plus its share of a child's orchestration. */
function partitionSpans(
  plan: BackfillPlan,
  /** At full speed, which is also what sizes the backfill's batches (see PartitionCosts). */
  durations: Record<string, { meanMs: number }>,
  maxConcurrency: number,
  specs: ReadonlyMap<string, AssetSpec>,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of plan.partitions) counts.set(p.asset, (counts.get(p.asset) ?? 0) + 1);
  const costs = new PartitionCosts(Object.fromEntries(plan.assets.map((a) => [a, durations[a]!.meanMs])));
  return new Map(
    plan.assets.map((asset) => {
      const spec = specs.get(asset);
      const perBatch = spec ? costs.batchSize(spec, counts.get(asset) ?? 1, maxConcurrency, { chainsWhole: true }) : 1;
      return [asset, durations[asset]!.meanMs + CHILD_OVERHEAD_MS / perBatch];
    }),
  );
}

/** Partitions in the longest chain of inputs: a floor on the duration whatever the concurrency. */
export function longestChain(plan: BackfillPlan): number {
  // Loops, not Math.max(...spread): a plan can hold a million partitions, and one partition as many inputs.
  const depth: number[] = [];
  let longest = 0;
  plan.partitions.forEach((p, i) => {
    let deepest = 0;
    for (const d of p.deps) deepest = Math.max(deepest, depth[d]!);
    depth[i] = deepest + 1;
    longest = Math.max(longest, depth[i]);
  });
  return longest;
}
