/** What a run of the `backfill` workflow is given, and what it hands to the next when it continues as new. */
import type { CanaryRequest } from '../core/backfill-request';
import type { CanaryProgress, RecentFailure } from '../core/run/backfill-progress';
import type { SchedulerSnapshot } from '../core/run/scheduler-snapshot';

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
  /** What a partition of each batched asset costs (ms), as learned so far. */
  partitionCosts?: Record<string, number>;
  /** The worker machine's cores, as the first run learned them. */
  capacity?: number;
}

/** How a run goes. */
export interface RunSettings {
  maxConcurrency: number;
  canary?: CanaryRequest;
  /** History length after which the run drains its children and continues as new. */
  continueAfterEvents: number;
  /** The previous run's state; without a scheduler for a run starting the next time segment (a new plan). */
  carried?: Omit<RunCarry, 'scheduler'> & Partial<Pick<RunCarry, 'scheduler'>>;
  /** `shadow`: partitions are written to the backfill's shadow. */
  isolation?: 'shadow';
  /**
   * What a partition of each asset took recently (the ledger's means, in ms, and
   * how many ran at once meanwhile): sizes the first batches.
   */
  partitionCosts?: Record<string, { meanMs: number; runningAtOnce?: number }>;
  /** How many partitions run at full speed at once (the worker machine's cores); unknown: no limit. */
  capacity?: number;
  /** The Temporal priority key of the partitions' children. */
  priority: number;
}

/** `execute` ended because the history grew long: the caller continues as new with `carry()`. */
export const CONTINUE_AS_NEW = 'continueAsNew';
