/** What a backfill reports when it ends: counts per asset, with reasons. */

/** A partition that did not succeed, and why. */
export interface PartitionNote {
  partition: string;
  reason: string;
}

/** Outcome of one asset's partitions in a backfill. */
export interface AssetSummary {
  asset: string;
  total: number;
  succeeded: number;
  failed: number;
  skipped: number;
  /** Rows in the partitions materialized by this backfill. */
  rows: number;
  /** Failed partitions with their error (at most `NOTES_PER_ASSET`). */
  failures: PartitionNote[];
  /** Skipped partitions with the upstream failure that caused it (at most `NOTES_PER_ASSET`). */
  skips: PartitionNote[];
}

/** The result of the `backfill` workflow. */
export interface BackfillSummary {
  backfillId: string;
  /** `completed` when every partition succeeded, `completedWithFailures` otherwise. */
  outcome: 'completed' | 'completedWithFailures';
  total: number;
  succeeded: number;
  failed: number;
  skipped: number;
  assets: AssetSummary[];
}

/** Notes kept per asset and kind, so a summary stays far below Temporal's payload limit. */
export const NOTES_PER_ASSET = 50;
