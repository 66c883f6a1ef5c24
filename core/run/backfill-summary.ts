/** What a backfill reports: counts per asset, with reasons. */
import type { SelectionMode } from '../selection/selection-mode';
import type { ShadowReport } from '../shadow/shadow-report';
import type { ClippedStart } from '../plan/clipped-range';

/** A partition that did not succeed, and why. */
export interface PartitionNote {
  /** Its key; `first..last` for partitions of a `singleRun` asset materialized together. */
  partition: string;
  reason: string;
}

/** Partition counts of one asset in a backfill (partitions materialized together count one each). */
export interface AssetCounts {
  asset: string;
  total: number;
  /** Not started yet (after a cancellation: never started). */
  pending: number;
  running: number;
  succeeded: number;
  failed: number;
  skipped: number;
  cancelled: number;
  /** Rows in the partitions materialized by this backfill. */
  rows: number;
}

/** Outcome of one asset's partitions in a backfill. */
export interface AssetSummary extends AssetCounts {
  /** Failed partitions with their error (at most `NOTES_PER_ASSET`). */
  failures: PartitionNote[];
  /** Skipped partitions with the upstream failure that caused it (at most `NOTES_PER_ASSET`). */
  skips: PartitionNote[];
}

export const BackfillOutcome = {
  /** Every partition succeeded. */
  COMPLETED: 'completed',
  /** Some partitions failed or were skipped; the rest succeeded. */
  COMPLETED_WITH_FAILURES: 'completedWithFailures',
  /** Cancelled: running partitions were stopped (old content kept), pending ones never started. */
  CANCELLED: 'cancelled',
  /** Shadow isolation: every partition succeeded, but a blocking check failed, so nothing was published. */
  CHECKS_FAILED: 'checksFailed',
  /** Shadow isolation: the checks passed, but publish was refused (production changed since; see `shadow.reason`). */
  NOT_PUBLISHED: 'notPublished',
} as const;
export type BackfillOutcome = (typeof BackfillOutcome)[keyof typeof BackfillOutcome];

/** The result of the `backfill` workflow. */
export interface BackfillSummary {
  backfillId: string;
  outcome: BackfillOutcome;
  total: number;
  succeeded: number;
  failed: number;
  skipped: number;
  cancelled: number;
  /** Never started (only after a cancellation). */
  pending: number;
  assets: AssetSummary[];
  /** How the partitions were chosen (absent for backfills started before selection modes). */
  selection?: {
    mode: SelectionMode;
    /** Partitions the request targeted. */
    targeted: number;
    /** Of those, the partitions the mode selected: `total`. */
    selected: number;
  };
  /** Shadow isolation: the checks and whether (and what) it published. */
  shadow?: ShadowReport;
  /** Time segments the backfill ran in, one after another (present when too large for one run). */
  segments?: number;
  /** Targeted assets whose first partition comes after the range's start: their part began there. */
  clipped?: ClippedStart[];
  /** The range's start as asked (`from`), when clipped. */
  from?: string;
}

/** Notes kept per asset and kind, so a summary stays far below Temporal's payload limit. */
export const NOTES_PER_ASSET = 50;
