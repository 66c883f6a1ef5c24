/** What the `progress` query of a running backfill answers. */
import type { ShadowReport } from '../shadow/shadow-report';
import type { AssetCounts } from './backfill-summary';
import type { SegmentProgress } from './segment-summary';

export const BackfillState = {
  /** Validating the request and planning. */
  PLANNING: 'planning',
  RUNNING: 'running',
  /** No new partition starts until `resume`; running ones finish. */
  PAUSED: 'paused',
  /** Cancellation requested: running partitions are being stopped. */
  CANCELLING: 'cancelling',
  /** Shadow isolation: every partition is written; the checks run. */
  CHECKING: 'checking',
  /** Shadow isolation: the checks passed; waiting for `publish`. */
  AWAITING_PUBLISH: 'awaitingPublish',
  /** Shadow isolation: replacing the partitions in production, in one transaction. */
  PUBLISHING: 'publishing',
  COMPLETED: 'completed',
  /** Ended with failed or skipped partitions, or (shadow isolation) a refused publish. */
  FAILED: 'failed',
  /** Shadow isolation: every partition succeeded, a blocking check failed, nothing was published (outcome `checksFailed`). */
  CHECKS_FAILED: 'checksFailed',
  CANCELLED: 'cancelled',
} as const;
export type BackfillState = (typeof BackfillState)[keyof typeof BackfillState];

/** States after which the progress no longer changes. */
export const ENDED_STATES: ReadonlySet<string> = new Set<BackfillState>(['completed', 'failed', 'checksFailed', 'cancelled']);

/** A partition being materialized now, or a batch of them. */
export interface RunningPartition {
  asset: string;
  /** Its key; `first..last` for partitions of a `singleRun` asset materialized together, or for a batch. */
  partition: string;
  /** A batch: how many partitions it holds (materialized one after the other); absent for one child per partition. */
  partitions?: number;
  startedAt: string;
}

/** A failed partition, newest last. */
export interface RecentFailure {
  asset: string;
  /** Its key; `first..last` for partitions of a `singleRun` asset materialized together. */
  partition: string;
  reason: string;
  at: string;
}

export const CanaryState = {
  /** The canary's partitions are running; nothing else starts. */
  RUNNING: 'running',
  /** The canary ended; the backfill is paused until `resume`. */
  AWAITING_APPROVAL: 'awaitingApproval',
  /** The canary succeeded (or was approved); the rest runs. */
  PASSED: 'passed',
  /** A canary partition failed: without approval, the rest is skipped. */
  FAILED: 'failed',
} as const;
export type CanaryState = (typeof CanaryState)[keyof typeof CanaryState];

/** The canary phase of a backfill started with `canary`. */
export interface CanaryProgress {
  state: CanaryState;
  /** Partitions asked per asset. */
  perAsset: number;
  /** Partitions in the canary (with the inputs they read). */
  partitions: number;
  /** Of those, ended so far. */
  done: number;
  failed: number;
}

export interface BackfillProgress {
  backfillId: string;
  state: BackfillState;
  /** Partitions allowed to run at once now. */
  maxConcurrency: number;
  startedAt: string;
  /** Workflow time since start, as of the backfill's latest event. */
  elapsedMs: number;
  /** Times the backfill workflow continued as new (to keep each history short). */
  continuedAsNew?: number;
  /** The longest event history of the backfill's workflow runs so far. */
  largestHistory?: number;
  totals: Omit<AssetCounts, 'asset'>;
  assets: AssetCounts[];
  running: RunningPartition[];
  recentFailures: RecentFailure[];
  /** Present when the backfill started with a canary. */
  canary?: CanaryProgress;
  /** Present when the backfill writes to a shadow (`isolation: 'shadow'`). */
  shadow?: ShadowReport;
  /** Present when the backfill runs in time segments (too large for one run): counts include the segments done. */
  segment?: SegmentProgress;
}

/** Failures kept for `progress`. */
export const RECENT_FAILURES = 20;

/** Sums per-asset counts. */
export function totalCounts(assets: AssetCounts[]): Omit<AssetCounts, 'asset'> {
  const totals = { total: 0, pending: 0, running: 0, succeeded: 0, failed: 0, skipped: 0, cancelled: 0, rows: 0 };
  for (const a of assets) for (const k of Object.keys(totals) as Array<keyof typeof totals>) totals[k] += a[k];
  return totals;
}
