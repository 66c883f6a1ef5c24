/**
 * One backfill's execution over its plan: starts each partition's child once
 * its inputs succeeded, at most `maxConcurrency` at once and none while
 * paused; on cancellation, waits for running children to stop and reports.
 *
 * Over 200 lines because it is one state machine: the scheduler, the children
 * in flight, pause, drain and cancel are read by every handler and every
 * child's ending, and each patch it replays under decides inside it. Its pure
 * parts live in core/ (scheduler, batches, canary, costs).
 */
import { CancellationScope, condition, isCancellation, patched, workflowInfo } from '@temporalio/workflow';
import type { AssetSpec } from '../core/asset-spec';
import type { BackfillPlan } from '../core/plan/backfill-plan';
import {
  RECENT_FAILURES,
  totalCounts,
  type BackfillProgress,
  type BackfillState,
  type CanaryProgress,
  type RecentFailure,
} from '../core/run/backfill-progress';
import { BackfillScheduler } from '../core/run/backfill-scheduler';
import { readyOrder } from '../core/plan/critical-path';
import { applyBatchOutcome } from '../core/run/batch-outcome';
import { PartitionCosts } from '../core/plan/partition-costs';
import { fullSpeedShare } from '../core/plan/full-speed';
import { retriesLeftAfterBatch } from '../core/retry-policy';
import { plannedLabel } from '../core/plan/planned-keys';
import type { BackfillSummary } from '../core/run/backfill-summary';
import { failureMessage } from './failure-message';
import { CanaryPhase } from '../core/run/canary-phase';
import { mirrorPause } from './pause-mirror';
import { runBatchChild, runPartitionChild } from './run-partition-child';
import { taskPriority, type TaskPriority } from '../core/task-priority';
import { CONTINUE_AS_NEW, type RunCarry, type RunSettings } from './run-settings';

/** Histories recorded before it started one child per partition, never a batch. */
export const ADAPTIVE_BATCHES_PATCH = 'retrofill-adaptive-batches';

/**
 * Histories recorded before it started ready partitions in plan order, and
 * spread a dependsOnPast asset's batches over the concurrency like any other's.
 */
export const CRITICAL_PATH_PATCH = 'retrofill-critical-path-first';

/**
 * Histories recorded before batches were sized from what a partition takes at
 * full speed (its measured time brought back by how many ran at once on the
 * worker's cores), with a wall-time budget stretched as much as partitions slow down.
 */
export const FULL_SPEED_BATCHES_PATCH = 'retrofill-full-speed-batches';
/**
 * Partitions' child workflows (and through them their activities) run at the
 * request's Temporal priority, with the backfill as their fairness key.
 */
export const BACKFILL_PRIORITY_PATCH = 'retrofill-backfill-priority';

/**
 * How far a batch's wall-time budget stretches while more partitions run at
 * once than the worker has cores (each runs slower): at most this many times.
 * Bounds how long a `throttle` waits for running batches to end, and how long
 * `progress` waits to hear of a batch's partitions.
 */
const MAX_BUDGET_STRETCH = 2;

const withCanary = (canary: CanaryProgress | undefined) => (canary ? { canary } : {});

export class BackfillRun {
  paused = false;
  maxConcurrency: number;
  private draining = false;
  private cancelling = false;
  private finalState: BackfillState | undefined;
  private inFlight = 0;
  private readonly scheduler: BackfillScheduler;
  /** What runs now: the members of each child, by its first member, and when it started. */
  private readonly launched = new Map<number, { members: number[]; startedAt: string }>();
  private readonly costs: PartitionCosts;
  /** The longest chain of readers starts first, and a chain's batches are not spread over the concurrency. */
  private readonly criticalPathFirst: boolean;
  /** Batches sized at full speed, their budgets stretched (FULL_SPEED_BATCHES_PATCH). */
  private readonly fullSpeedBatches: boolean;
  /** Cores the partitions share: a duration measured while more ran is brought back to full speed. */
  private readonly capacity: number | undefined;
  /** Whether this backfill batches partitions: only workflows started since the adaptive policy. */
  private batching: boolean | undefined;
  private readonly failures: RecentFailure[];
  private readonly canary: CanaryPhase;
  private readonly continueAfterEvents: number;
  private readonly continuedAsNew: number;
  private readonly largestEarlierHistory: number;
  private readonly firstStartedAt: string;
  private readonly isolation: 'shadow' | undefined;
  /** Keys the pause running batches read (workflows/pause-mirror.ts): unique to this backfill, across continue-as-new. */
  private readonly pauseKey = workflowInfo().firstExecutionRunId;
  /** Whether a run before this one left the pause recorded (it was paused, with batches). */
  private readonly pauseRecorded: boolean;
  /** The children's Temporal priority; undefined in histories from before it. */
  private readonly childPriority: TaskPriority | undefined;

  constructor(
    readonly backfillId: string,
    private readonly plan: BackfillPlan,
    private readonly specs: Map<string, AssetSpec>,
    settings: RunSettings,
  ) {
    const carried = settings.carried;
    this.continueAfterEvents = settings.continueAfterEvents;
    this.isolation = settings.isolation;
    this.maxConcurrency = carried?.maxConcurrency ?? settings.maxConcurrency;
    this.paused = carried?.paused ?? false;
    this.failures = [...(carried?.failures ?? [])];
    this.continuedAsNew = carried?.continuedAsNew ?? 0;
    this.largestEarlierHistory = carried?.largestHistory ?? 0;
    this.firstStartedAt = carried?.startedAt ?? workflowInfo().startTime.toISOString();
    this.canary = new CanaryPhase(plan, specs, settings.canary, carried?.canary);
    this.criticalPathFirst = patched(CRITICAL_PATH_PATCH);
    this.scheduler = new BackfillScheduler(plan, this.canary.partitions, carried?.scheduler, this.criticalPathFirst ? readyOrder(plan, specs) : 'plan');
    this.fullSpeedBatches = patched(FULL_SPEED_BATCHES_PATCH);
    // Without the patch: no capacity, so every share is 1 and costs are as measured.
    this.capacity = this.fullSpeedBatches ? (carried ? carried.capacity : settings.capacity) : undefined;
    const fromLedger = Object.entries(settings.partitionCosts ?? {}).map(([asset, d]): [string, number] => [asset, d.meanMs * fullSpeedShare(this.capacity, d.runningAtOnce)]);
    this.costs = new PartitionCosts(carried?.partitionCosts ?? Object.fromEntries(fromLedger));
    this.pauseRecorded = this.paused && carried?.partitionCosts !== undefined;
    this.childPriority = patched(BACKFILL_PRIORITY_PATCH) ? taskPriority(settings.priority, backfillId) : undefined;
  }

  /** The state the next run starts from; only once `execute` returned CONTINUE_AS_NEW. */
  carry(): RunCarry {
    return {
      scheduler: this.scheduler.snapshot(),
      paused: this.paused,
      maxConcurrency: this.maxConcurrency,
      failures: [...this.failures],
      ...withCanary(this.canary.progress()),
      continuedAsNew: this.continuedAsNew + 1,
      largestHistory: Math.max(this.largestEarlierHistory, workflowInfo().historyLength),
      startedAt: this.firstStartedAt,
      ...(this.batching && { partitionCosts: this.costs.snapshot() }),
      ...(this.capacity !== undefined && { capacity: this.capacity }),
    };
  }

  /** Resumes a pause; after a canary awaiting approval, that approves it. */
  resume(): void {
    this.paused = false;
    this.canary.approve();
  }

  /**
   * Runs every partition (or until cancelled) and returns the summary; or,
   * once the history is long, lets the running partitions finish and returns
   * CONTINUE_AS_NEW, so no history grows past Temporal's limits.
   */
  async execute(): Promise<BackfillSummary | typeof CONTINUE_AS_NEW> {
    void mirrorPause(this, this.pauseKey, this.pauseRecorded);
    try {
      while (!this.scheduler.isFinished()) {
        await condition(() => this.scheduler.isFinished() || this.canStart() || this.historyIsLong());
        if (this.historyIsLong() && !this.scheduler.isFinished()) {
          this.draining = true;
          await condition(() => this.inFlight === 0);
          if (!this.scheduler.isFinished()) return CONTINUE_AS_NEW;
        }
        while (this.canStart()) this.launch();
      }
    } catch (error) {
      if (!isCancellation(error)) throw error;
      this.cancelling = true;
      // Children got the cancellation too; their partitions keep old or new content, never half.
      await CancellationScope.nonCancellable(() => condition(() => this.inFlight === 0));
      this.finalState = 'cancelled';
      return this.scheduler.summary(this.backfillId, true);
    }
    const summary = this.scheduler.summary(this.backfillId);
    this.finalState = summary.outcome === 'completed' ? 'completed' : 'failed';
    return summary;
  }

  progress(): BackfillProgress {
    const assets = this.scheduler.counts();
    return {
      backfillId: this.backfillId,
      state: this.state(),
      maxConcurrency: this.maxConcurrency,
      startedAt: this.firstStartedAt,
      elapsedMs: Date.now() - Date.parse(this.firstStartedAt),
      continuedAsNew: this.continuedAsNew,
      largestHistory: Math.max(this.largestEarlierHistory, workflowInfo().historyLength),
      totals: totalCounts(assets),
      assets,
      running: [...this.launched.values()].map(({ members, startedAt }) => this.runningEntry(members, startedAt)),
      recentFailures: [...this.failures],
      ...withCanary(this.canary.progress()),
    };
  }

  private state(): BackfillState {
    return this.finalState ?? (this.cancelling ? 'cancelling' : this.paused ? 'paused' : 'running');
  }

  /** Whether a batch is running now: then a pause must reach into it. */
  batchRunning(): boolean {
    for (const { members } of this.launched.values()) if (members.length > 1) return true;
    return false;
  }

  private canStart(): boolean {
    return !this.paused && !this.draining && this.scheduler.hasReady() && this.inFlight < this.maxConcurrency;
  }

  private historyIsLong(): boolean {
    return workflowInfo().historyLength >= this.continueAfterEvents;
  }

  /** Starts the next child: one partition, a `singleRun` unit, or a batch of an adaptive asset's partitions. */
  private launch(): void {
    const members = this.batches()
      ? this.scheduler.startBatch((asset, pending) => this.costs.batchSize(this.specs.get(asset)!, pending, this.maxConcurrency, { chainsWhole: this.criticalPathFirst }))
      : [this.scheduler.start()];
    this.inFlight++;
    this.launched.set(members[0]!, { members, startedAt: new Date().toISOString() });
    void (members.length > 1 ? this.runBatch(members) : this.runOne(members[0]!));
  }

  private batches(): boolean {
    this.batching ??= [...this.specs.values()].some((s) => s.batching) && patched(ADAPTIVE_BATCHES_PATCH);
    return this.batching;
  }

  /** A progress entry: a child's partition, or its batch as `first..last` with how many partitions it holds. */
  private runningEntry(members: number[], startedAt: string): BackfillProgress['running'][number] {
    const first = this.plan.partitions[members[0]!]!;
    if (members.length === 1) return { asset: first.asset, partition: plannedLabel(first), startedAt };
    const last = this.plan.partitions[members[members.length - 1]!]!;
    return { asset: first.asset, partition: `${first.key}..${last.key}`, partitions: members.length, startedAt };
  }

  private async runOne(i: number): Promise<void> {
    const { asset, key, keys } = this.plan.partitions[i]!;
    const spec = this.specs.get(asset)!;
    const began = Date.now();
    try {
      // Retried alone after failing in a batch: that attempt counts.
      const solo = this.scheduler.isSolo(i);
      const result = await runPartitionChild(spec, key, this.backfillId, keys, this.isolation, solo ? retriesLeftAfterBatch(spec.retry) : undefined, solo ? 1 : 0, this.childPriority);
      // What the activity took (older workers do not say: the child's whole span, orchestration included).
      if (spec.batching) this.costs.observe(asset, [result.ms ?? Date.now() - began], this.runningShare());
      this.scheduler.succeed(i, result.rows);
    } catch (error) {
      if (isCancellation(error)) this.scheduler.cancel(i);
      else this.recordFailure(i, failureMessage(error));
    } finally {
      this.ended([i]);
    }
  }

  private async runBatch(members: number[]): Promise<void> {
    const { asset } = this.plan.partitions[members[0]!]!;
    const spec = this.specs.get(asset)!;
    try {
      const keys = members.map((i) => this.plan.partitions[i]!.key);
      const outcome = await runBatchChild(spec, keys, this.backfillId, this.batchBudget(spec.batching!.budgetMs), this.isolation, this.pauseKey, this.childPriority);
      this.costs.observe(asset, outcome.ms, this.runningShare());
      const applied = applyBatchOutcome(this.scheduler, members, outcome, () => retriesLeftAfterBatch(spec.retry) !== undefined, this.cancelling);
      if (applied.failed) this.noteFailure(applied.failed.index, applied.failed.reason);
    } catch (error) {
      // The child itself failed (its ledger could not be read back): every partition it held ends with it.
      const running = members.filter((i) => this.scheduler.stateOf(i) === 'running');
      if (isCancellation(error)) running.forEach((i) => this.scheduler.cancel(i));
      else running.forEach((i) => this.recordFailure(i, failureMessage(error)));
    } finally {
      this.ended(members);
    }
  }

  /**
   * A batch's wall-time budget: the asset's, stretched as much as partitions
   * slow down while the concurrency shares the worker's cores, so a batch sized
   * for a second at full speed is not cut short (at most MAX_BUDGET_STRETCH times).
   */
  private batchBudget(budgetMs: number): number {
    if (!this.fullSpeedBatches) return budgetMs;
    return Math.round(budgetMs * Math.min(MAX_BUDGET_STRETCH, 1 / fullSpeedShare(this.capacity, this.maxConcurrency)));
  }

  /** A child that just ended ran beside the others still counted in flight (itself included): their share of the cores. */
  private runningShare(): number {
    return fullSpeedShare(this.capacity, this.inFlight);
  }

  private recordFailure(i: number, reason: string): void {
    this.scheduler.fail(i, reason);
    this.noteFailure(i, reason);
  }

  private noteFailure(i: number, reason: string): void {
    const { asset } = this.plan.partitions[i]!;
    this.failures.push({ asset, partition: plannedLabel(this.plan.partitions[i]!), reason, at: new Date().toISOString() });
    if (this.failures.length > RECENT_FAILURES) this.failures.shift();
  }

  /** A child ended: its slot frees, and the canary counts the partitions that ended. */
  private ended(members: number[]): void {
    this.launched.delete(members[0]!);
    this.inFlight--;
    for (const i of members) {
      if (this.scheduler.stateOf(i) === 'pending') continue;
      if (this.canary.ended(i, this.scheduler) === 'pause') this.paused = true;
    }
  }
}
