/**
 * One backfill's execution over its plan: starts each partition's child once
 * its inputs succeeded, at most `maxConcurrency` at once and none while
 * paused; on cancellation, waits for running children to stop and reports.
 */
import { CancellationScope, condition, isCancellation, workflowInfo } from '@temporalio/workflow';
import type { AssetSpec } from '../core/asset-spec';
import type { BackfillPlan } from '../core/plan/backfill-plan';
import {
  RECENT_FAILURES,
  totalCounts,
  type BackfillProgress,
  type BackfillState,
  type CanaryProgress,
  type RecentFailure,
} from '../core/plan/backfill-progress';
import { BackfillScheduler } from '../core/plan/backfill-scheduler';
import type { SchedulerSnapshot } from '../core/plan/scheduler-snapshot';
import { plannedLabel } from '../core/plan/planned-keys';
import type { BackfillSummary } from '../core/plan/backfill-summary';
import { failureMessage } from './failure-message';
import { CanaryPhase, type CanaryOptions } from './canary-phase';
import { runPartitionChild } from './run-partition-child';

const withCanary = (canary: CanaryProgress | undefined) => (canary ? { canary } : {});

/** What one run of the `backfill` workflow hands to the next (continue-as-new): plain JSON. */
export interface RunCarry {
  scheduler: SchedulerSnapshot;
  paused: boolean;
  maxConcurrency: number;
  failures: RecentFailure[];
  canary?: CanaryProgress;
  /** Runs of the workflow so far, minus one. */
  continuedAsNew: number;
  /** The longest history of those runs. */
  largestHistory: number;
  /** When the backfill's first run started. */
  startedAt: string;
}

/** How a run goes. */
export interface RunSettings {
  maxConcurrency: number;
  canary?: CanaryOptions;
  /** History length after which the run drains its children and continues as new. */
  continueAfterEvents: number;
  carried?: RunCarry;
  /** `shadow`: partitions are written to the backfill's shadow. */
  isolation?: 'shadow';
}

/** `execute` ended because the history grew long: the caller continues as new with `carry()`. */
export const CONTINUE_AS_NEW = 'continueAsNew';

export class BackfillRun {
  paused = false;
  maxConcurrency: number;
  private draining = false;
  private cancelling = false;
  private finalState: BackfillState | undefined;
  private inFlight = 0;
  private readonly scheduler: BackfillScheduler;
  private readonly startedAt = new Map<number, string>();
  private readonly failures: RecentFailure[];
  private readonly canary: CanaryPhase;
  private readonly continueAfterEvents: number;
  private readonly continuedAsNew: number;
  private readonly largestEarlierHistory: number;
  private readonly firstStartedAt: string;
  private readonly isolation: 'shadow' | undefined;

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
    this.scheduler = new BackfillScheduler(plan, this.canary.partitions, carried?.scheduler);
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
    try {
      while (!this.scheduler.isFinished()) {
        await condition(() => this.scheduler.isFinished() || this.canStart() || this.historyIsLong());
        if (this.historyIsLong() && !this.scheduler.isFinished()) {
          this.draining = true;
          await condition(() => this.inFlight === 0);
          if (!this.scheduler.isFinished()) return CONTINUE_AS_NEW;
        }
        while (this.canStart()) this.launch(this.scheduler.start());
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
      running: this.scheduler.runningNow().map((i) => ({
        asset: this.plan.partitions[i]!.asset,
        partition: plannedLabel(this.plan.partitions[i]!),
        startedAt: this.startedAt.get(i)!,
      })),
      recentFailures: [...this.failures],
      ...withCanary(this.canary.progress()),
    };
  }

  private state(): BackfillState {
    return this.finalState ?? (this.cancelling ? 'cancelling' : this.paused ? 'paused' : 'running');
  }

  private canStart(): boolean {
    return !this.paused && !this.draining && this.scheduler.hasReady() && this.inFlight < this.maxConcurrency;
  }

  private historyIsLong(): boolean {
    return workflowInfo().historyLength >= this.continueAfterEvents;
  }

  private launch(i: number): void {
    this.inFlight++;
    this.startedAt.set(i, new Date().toISOString());
    void this.runOne(i);
  }

  private async runOne(i: number): Promise<void> {
    const { asset, key, keys } = this.plan.partitions[i]!;
    try {
      const result = await runPartitionChild(this.specs.get(asset)!, key, this.backfillId, keys, this.isolation);
      this.scheduler.succeed(i, result.rows);
    } catch (error) {
      if (isCancellation(error)) {
        this.scheduler.cancel(i);
      } else {
        const reason = failureMessage(error);
        this.scheduler.fail(i, reason);
        this.failures.push({ asset, partition: plannedLabel(this.plan.partitions[i]!), reason, at: new Date().toISOString() });
        if (this.failures.length > RECENT_FAILURES) this.failures.shift();
      }
    } finally {
      this.startedAt.delete(i);
      this.inFlight--;
      if (this.canary.ended(i, this.scheduler) === 'pause') this.paused = true;
    }
  }
}

/** What `progress` answers before the plan exists. */
export function planningProgress(backfillId: string): BackfillProgress {
  const start = workflowInfo().startTime;
  return {
    backfillId,
    state: 'planning',
    maxConcurrency: 0,
    startedAt: start.toISOString(),
    elapsedMs: Date.now() - start.getTime(),
    totals: totalCounts([]),
    assets: [],
    running: [],
    recentFailures: [],
  };
}
