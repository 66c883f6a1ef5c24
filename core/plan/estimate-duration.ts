/**
 * How long a plan would take, from each asset's recent durations: a
 * simulation of the scheduler (inputs first, at most `maxConcurrency` at
 * once), so chains of dependsOnPast partitions and narrow limits both count.
 */
import type { BackfillPlan } from './backfill-plan';
import { MinHeap } from './min-heap';

/** An estimate in ms, or null with the reason it cannot be made. */
export interface DurationEstimate {
  ms: number | null;
  /** What the estimate rests on, in a person's words. */
  basis: string;
}

export function estimateDuration(
  plan: BackfillPlan,
  durations: Record<string, { meanMs: number; samples: number }>,
  maxConcurrency: number,
): DurationEstimate {
  if (plan.partitions.length === 0) return { ms: 0, basis: 'nothing to run' };
  const unknown = plan.assets.filter((a) => !durations[a]);
  if (unknown.length > 0) return { ms: null, basis: `unknown: no past materializations of ${unknown.join(', ')}` };

  const n = plan.partitions.length;
  const waiting = plan.partitions.map((p) => p.deps.length);
  const dependents = plan.partitions.map((): number[] => []);
  plan.partitions.forEach((p, i) => p.deps.forEach((d) => dependents[d]!.push(i)));
  const ready = new MinHeap();
  waiting.forEach((w, i) => w === 0 && ready.push(i));
  let running: Array<{ i: number; end: number }> = [];
  let now = 0;
  for (let done = 0; done < n; ) {
    while (running.length < maxConcurrency && ready.size > 0) {
      const i = ready.pop()!;
      running.push({ i, end: now + durations[plan.partitions[i]!.asset]!.meanMs });
    }
    now = Math.min(...running.map((r) => r.end));
    const finished = running.filter((r) => r.end <= now);
    running = running.filter((r) => r.end > now);
    for (const { i } of finished) {
      done++;
      for (const d of dependents[i]!) if (--waiting[d]! === 0) ready.push(d);
    }
  }
  const samples = plan.assets.reduce((sum, a) => sum + durations[a]!.samples, 0);
  return { ms: Math.round(now), basis: `from ${samples} recent materializations in the ledger, at ${maxConcurrency} at once` };
}

/** Partitions in the longest chain of inputs: a floor on the duration whatever the concurrency. */
export function longestChain(plan: BackfillPlan): number {
  const depth: number[] = [];
  plan.partitions.forEach((p, i) => (depth[i] = 1 + Math.max(0, ...p.deps.map((d) => depth[d]!))));
  return Math.max(0, ...depth);
}
