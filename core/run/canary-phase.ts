/**
 * The canary of a backfill started with `canary: N`: which partitions run
 * first, and what happens when the last of them ends — pause for approval,
 * go on, or stop the rest after a failure.
 */
import type { AssetSpec } from '../asset-spec';
import type { CanaryRequest } from '../backfill-request';
import type { BackfillPlan } from '../plan/backfill-plan';
import type { CanaryProgress } from './backfill-progress';
import type { BackfillScheduler } from './backfill-scheduler';
import { canaryPartitions } from '../plan/canary';

export class CanaryPhase {
  /** Plan indices of the canary's partitions (empty without a canary). */
  readonly partitions: ReadonlySet<number>;
  private readonly state: CanaryProgress | undefined;

  constructor(plan: BackfillPlan, specs: ReadonlyMap<string, AssetSpec>, private readonly options?: CanaryRequest, carried?: CanaryProgress) {
    this.partitions = options ? canaryPartitions(plan, specs, options.perAsset) : new Set();
    this.state =
      carried ??
      (options && this.partitions.size > 0
        ? { state: 'running', perAsset: options.perAsset, partitions: this.partitions.size, done: 0, failed: 0 }
        : undefined);
  }

  /** For `progress` and continue-as-new. */
  progress(): CanaryProgress | undefined {
    return this.state && { ...this.state };
  }

  /** `resume` after the canary approves it. */
  approve(): void {
    if (this.state?.state === 'awaitingApproval') this.state.state = 'passed';
  }

  /**
   * Counts a canary partition that ended. When it was the last: `pause` to
   * await approval, `stop` after a failure (the rest is skipped), or go on.
   */
  ended(i: number, scheduler: BackfillScheduler): 'pause' | 'stop' | undefined {
    const canary = this.state;
    if (!canary || !this.partitions.has(i)) return undefined;
    // Skipped canary partitions (an input failed) end without running: count from the scheduler.
    canary.done = canary.partitions - scheduler.firstPhaseRemaining();
    const succeeded = [...this.partitions].filter((p) => scheduler.stateOf(p) === 'succeeded').length;
    canary.failed = canary.done - succeeded;
    if (canary.done < canary.partitions || canary.state !== 'running') return undefined;
    if (this.options!.approval) {
      canary.state = 'awaitingApproval';
      return 'pause';
    }
    if (canary.failed > 0) {
      canary.state = 'failed';
      scheduler.skipPending(`the canary failed (${canary.failed} of ${canary.partitions} partitions): the rest was not started`);
      return 'stop';
    }
    canary.state = 'passed';
    return undefined;
  }
}
