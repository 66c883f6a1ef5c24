/** What the `progress` query of a running backfill answers. */
import type { AssetCounts } from './backfill-summary';

export const BackfillState = {
  /** Validating the request and planning. */
  PLANNING: 'planning',
  RUNNING: 'running',
  /** No new partition starts until `resume`; running ones finish. */
  PAUSED: 'paused',
  /** Cancellation requested: running partitions are being stopped. */
  CANCELLING: 'cancelling',
  COMPLETED: 'completed',
  /** Ended with failed or skipped partitions. */
  FAILED: 'failed',
  CANCELLED: 'cancelled',
} as const;
export type BackfillState = (typeof BackfillState)[keyof typeof BackfillState];

/** A partition being materialized now. */
export interface RunningPartition {
  asset: string;
  /** Its key; `first..last` for partitions of a `singleRun` asset materialized together. */
  partition: string;
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

export interface BackfillProgress {
  backfillId: string;
  state: BackfillState;
  /** Partitions allowed to run at once now. */
  maxConcurrency: number;
  startedAt: string;
  /** Workflow time since start, as of the backfill's latest event. */
  elapsedMs: number;
  totals: Omit<AssetCounts, 'asset'>;
  assets: AssetCounts[];
  running: RunningPartition[];
  recentFailures: RecentFailure[];
}

/** Failures kept for `progress`. */
export const RECENT_FAILURES = 20;

/** Sums per-asset counts. */
export function totalCounts(assets: AssetCounts[]): Omit<AssetCounts, 'asset'> {
  const totals = { total: 0, pending: 0, running: 0, succeeded: 0, failed: 0, skipped: 0, cancelled: 0, rows: 0 };
  for (const a of assets) for (const k of Object.keys(totals) as Array<keyof typeof totals>) totals[k] += a[k];
  return totals;
}
