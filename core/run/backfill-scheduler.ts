/**
 * The state of a running backfill over its plan: which partitions may start
 * now, and what follows from each outcome. Pure, so the workflow drives it and
 * unit tests check it without Temporal. A planned unit of several partitions
 * (a `singleRun` asset) runs as one, but counts as all of its partitions.
 * Partitions may also start together as a batch (startBatch): each keeps its
 * own state and outcome, and those a batch did not run are released.
 *
 * Over 200 lines because its indexes (ready, held, dependents, pending per
 * asset) must change together on every start and outcome; what it reports
 * is in plan-outcomes.ts, what it carries in scheduler-snapshot.ts.
 */
import type { BackfillPlan } from '../plan/backfill-plan';
import type { AssetCounts, BackfillSummary } from './backfill-summary';
import { criticalPathRank, type ReadyOrder } from '../plan/critical-path';
import { MinHeap } from '../plan/min-heap';
import { countsPerAsset, schedulerSummary, type PlanOutcomes } from './plan-outcomes';
import { plannedLabel } from '../plan/planned-keys';
import { snapshotOf, type SchedulerSnapshot } from './scheduler-snapshot';

export const PartitionState = {
  PENDING: 'pending',
  RUNNING: 'running',
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  SKIPPED: 'skipped',
  CANCELLED: 'cancelled',
} as const;
export type PartitionState = (typeof PartitionState)[keyof typeof PartitionState];

const STATE_OF_LETTER: Record<string, PartitionState> = { p: 'pending', s: 'succeeded', f: 'failed', k: 'skipped', c: 'cancelled' };

export class BackfillScheduler {
  private readonly state: PartitionState[];
  private readonly rows: number[];
  private readonly reasons = new Map<number, string>();
  private readonly waitingOn: number[];
  private readonly dependents: number[][];
  private readonly ready: MinHeap;
  private readonly running = new Set<number>();
  /** Ready partitions outside the first phase, held until it ends. */
  private readonly held: MinHeap;
  private firstPhaseOpen: number;
  private open: number;
  /** Rows written per asset by earlier runs of the workflow (before a continue-as-new). */
  private readonly carriedRows: Record<string, number>;
  /** Each asset's plan indices in plan order, and each index's place there: where a batch finds its members. */
  private readonly ofAsset = new Map<string, number[]>();
  private readonly placeInAsset: number[];
  /** Partitions not started yet, by asset. */
  private readonly pendingOf = new Map<string, number>();
  /** Partitions that run alone, never in a batch (retried after failing in one). */
  private readonly solo = new Set<number>();

  /**
   * @param firstPhase partitions (closed under their inputs) that run before
   *   any other starts: a canary. Others become ready once all of them ended.
   * @param from where an earlier run of the same backfill stopped (continue-as-new).
   * @param order which ready partition starts first: the oldest in plan order, or the one with the
   *   longest chain of readers hanging on it (core/plan/critical-path.ts), oldest on a tie.
   */
  constructor(
    readonly plan: BackfillPlan,
    private readonly firstPhase: ReadonlySet<number> = new Set(),
    from?: SchedulerSnapshot,
    order: ReadyOrder = 'plan',
  ) {
    const rank = order === 'criticalPath' ? criticalPathRank(plan) : undefined;
    this.ready = new MinHeap(rank);
    this.held = new MinHeap(rank);
    const n = plan.partitions.length;
    if (from && from.states.length !== n) throw new Error(`the carried state has ${from.states.length} partitions, the plan ${n}`);
    this.state = from ? [...from.states].map((letter) => STATE_OF_LETTER[letter]!) : new Array<PartitionState>(n).fill('pending');
    this.rows = new Array<number>(n).fill(0);
    this.carriedRows = { ...from?.rowsByAsset };
    for (const [i, reason] of from?.reasons ?? []) this.reasons.set(i, reason);
    const pending = (i: number) => this.state[i] === 'pending';
    this.waitingOn = plan.partitions.map((p) => p.deps.filter((d) => this.state[d] !== 'succeeded').length);
    this.dependents = plan.partitions.map(() => []);
    plan.partitions.forEach((p, i) => p.deps.forEach((d) => this.dependents[d]!.push(i)));
    this.placeInAsset = plan.partitions.map((p, i) => {
      const indices = this.ofAsset.get(p.asset) ?? this.ofAsset.set(p.asset, []).get(p.asset)!;
      return indices.push(i) - 1;
    });
    plan.partitions.forEach((p, i) => this.state[i] === 'pending' && this.countPending(p.asset, 1));
    this.firstPhaseOpen = [...firstPhase].filter(pending).length;
    this.waitingOn.forEach((w, i) => w === 0 && pending(i) && this.makeReady(i));
    this.open = this.state.filter((state) => state === 'pending').length;
  }

  /**
   * The state to carry into the next run of the workflow: plain JSON, one
   * letter per planned unit. Only between partitions: none may be running.
   */
  snapshot(): SchedulerSnapshot {
    if (this.running.size > 0) throw new Error('a snapshot is taken with no partition running');
    return snapshotOf(this.plan, this.state, this.rows, this.carriedRows, this.reasons);
  }

  /** Partitions of the first phase that have not ended yet. */
  firstPhaseRemaining(): number {
    return this.firstPhaseOpen;
  }

  /** A partition whose inputs are all done is waiting to start. */
  hasReady(): boolean {
    this.dropTaken();
    return this.ready.size > 0;
  }

  /** Every partition has succeeded, failed, been skipped or cancelled. */
  isFinished(): boolean {
    return this.open === 0;
  }

  /** Plan indices of the partitions running now, in start order. */
  runningNow(): number[] {
    return [...this.running];
  }

  /** Takes the first ready partition (in the scheduler's order) and marks it running. */
  start(): number {
    this.dropTaken();
    const i = this.ready.pop();
    if (i === undefined) throw new Error('no partition is ready');
    this.setRunning(i);
    return i;
  }

  /**
   * Takes the oldest ready partition and, up to `size(asset)` in all, the
   * partitions of the same asset after it that can run right behind it, one
   * after the other: pending, every input succeeded or earlier in the batch
   * (a dependsOnPast chain), and of the first phase while it is open. A unit
   * of several partitions (`singleRun`) and a partition marked solo are never
   * batched. All are marked running.
   * @param size the most partitions for a batch of `asset`, which has `pending` not started (counting the first)
   * @returns their plan indices, in the order they must run
   */
  startBatch(size: (asset: string, pending: number) => number): number[] {
    const first = this.start();
    const { asset, keys } = this.plan.partitions[first]!;
    const alone = keys !== undefined || this.solo.has(first);
    const limit = alone ? 1 : Math.max(1, Math.floor(size(asset, this.pendingOf.get(asset)! + 1)));
    const batch = [first];
    const inBatch = new Set(batch);
    const candidates = this.ofAsset.get(asset)!;
    // Bounded look-ahead past partitions that cannot join, so a batch costs O(limit).
    let misses = 0;
    for (let c = this.placeInAsset[first]! + 1; c < candidates.length && batch.length < limit && misses <= limit; c++) {
      const j = candidates[c]!;
      const joins =
        this.state[j] === 'pending' &&
        !this.plan.partitions[j]!.keys &&
        !this.solo.has(j) &&
        (this.firstPhaseOpen === 0 || this.firstPhase.has(j)) &&
        this.plan.partitions[j]!.deps.every((d) => this.state[d] === 'succeeded' || inBatch.has(d));
      if (!joins) {
        misses++;
        continue;
      }
      this.setRunning(j);
      batch.push(j);
      inBatch.add(j);
    }
    return batch;
  }

  /**
   * A running partition its batch did not run: pending again, ready once its
   * inputs are done. `alone`: from now on it runs in a child of its own (a
   * partition that failed in a batch is retried alone).
   */
  release(i: number, { alone = false } = {}): void {
    if (this.state[i] !== 'running') throw new Error(`partition ${i} is not running`);
    if (alone) this.solo.add(i);
    this.state[i] = 'pending';
    this.countPending(this.plan.partitions[i]!.asset, 1);
    this.running.delete(i);
    if (this.waitingOn[i] === 0) this.makeReady(i);
  }

  /** Whether partition `i` was released to run alone (its retry after failing in a batch). */
  isSolo(i: number): boolean {
    return this.solo.has(i);
  }

  succeed(i: number, rows: number): void {
    this.finish(i, 'succeeded');
    this.rows[i] = rows;
    for (const d of this.dependents[i]!) {
      if (--this.waitingOn[d]! === 0 && this.state[d] === 'pending') this.makeReady(d);
    }
  }

  /** Records the failure and skips everything downstream of it, naming it as the reason. */
  fail(i: number, error: string): void {
    this.finish(i, 'failed');
    this.reasons.set(i, error);
    const cause = this.label(i);
    const stack = [...this.dependents[i]!];
    while (stack.length > 0) {
      const d = stack.pop()!;
      if (this.state[d] !== 'pending') continue;
      this.finish(d, 'skipped');
      this.reasons.set(d, `upstream ${cause} failed`);
      // One by one: a partition read by every partition of another asset has as many dependents as it has.
      for (const next of this.dependents[d]!) stack.push(next);
    }
  }

  /** Skips every partition not started yet, e.g. after a failed canary. */
  skipPending(reason: string): void {
    this.state.forEach((state, i) => {
      if (state !== 'pending') return;
      this.finish(i, 'skipped');
      this.reasons.set(i, reason);
    });
    while (this.ready.pop() !== undefined);
    while (this.held.pop() !== undefined);
  }

  /** A running partition was stopped by a cancellation; its previous content stands. */
  cancel(i: number): void {
    this.finish(i, 'cancelled');
  }

  stateOf(i: number): PartitionState {
    return this.state[i]!;
  }

  /** `asset/key` of a planned partition; `asset/first..last` for a unit of several. */
  label(i: number): string {
    const p = this.plan.partitions[i]!;
    return `${p.asset}/${plannedLabel(p)}`;
  }

  /** Partition counts per asset, upstream assets first. */
  counts(): AssetCounts[] {
    return countsPerAsset(this.outcomes());
  }

  /** The final report; `cancelled` when the backfill was cancelled before every partition ended. */
  summary(backfillId: string, cancelled = false): BackfillSummary {
    return schedulerSummary(this.outcomes(), backfillId, cancelled);
  }

  /** What each partition came to so far, for the counts and the summary. */
  private outcomes(): PlanOutcomes {
    return { plan: this.plan, state: this.state, rows: this.rows, reasons: this.reasons, carriedRows: this.carriedRows };
  }

  /** Ready entries of partitions a batch took meanwhile are dropped as they come up. */
  private dropTaken(): void {
    while (this.ready.size > 0 && this.state[this.ready.peek()!] !== 'pending') this.ready.pop();
  }

  private makeReady(i: number): void {
    if (this.firstPhaseOpen > 0 && !this.firstPhase.has(i)) this.held.push(i);
    else this.ready.push(i);
  }

  private setRunning(i: number): void {
    this.state[i] = 'running';
    this.countPending(this.plan.partitions[i]!.asset, -1);
    this.running.add(i);
  }

  private countPending(asset: string, by: number): void {
    this.pendingOf.set(asset, (this.pendingOf.get(asset) ?? 0) + by);
  }

  private finish(i: number, state: PartitionState): void {
    if (this.state[i] === 'pending') this.countPending(this.plan.partitions[i]!.asset, -1);
    this.state[i] = state;
    this.running.delete(i);
    this.open--;
    if (this.firstPhase.has(i) && --this.firstPhaseOpen === 0) {
      for (let h = this.held.pop(); h !== undefined; h = this.held.pop()) if (this.state[h] === 'pending') this.ready.push(h);
    }
  }
}
