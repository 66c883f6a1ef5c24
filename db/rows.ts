/** Row types of Retrofill's own tables (snake_case, as stored). */

export const LedgerStatus = {
  RUNNING: 'running',
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  /** A running attempt whose worker vanished: a later attempt took over. */
  ABANDONED: 'abandoned',
  CANCELLED: 'cancelled',
  /** Succeeded in a shadow backfill that was published, then rolled back: no longer in production. */
  ROLLED_BACK: 'rolled_back',
} as const;
export type LedgerStatus = (typeof LedgerStatus)[keyof typeof LedgerStatus];

/** One materialization attempt of one partition. */
export interface DbLedgerRow {
  id: string;
  asset: string;
  partition_key: string;
  code_version: string;
  /** `{"asset/key": ledgerId}` of the upstream materializations read. */
  upstream_versions: Record<string, string>;
  status: LedgerStatus;
  row_count: string | null;
  started_at: Date;
  finished_at: Date | null;
  workflow_id: string;
  run_id: string;
  backfill_id: string | null;
  attempt: number;
  error: string | null;
  /** The shadow backfill whose shadow holds this materialization; null once published, and for production writes. */
  shadow_of: string | null;
}

export const LEDGER_TABLE = 'retrofill_ledger';

/** Where a shadow backfill stands. */
export const ShadowState = {
  /** Partitions are being written to the shadow, checked, or await publish. */
  BUILDING: 'building',
  /** Every partition was written, but a blocking check failed: never published (the backfill's outcome `checksFailed`). */
  CHECKS_FAILED: 'checks_failed',
  PUBLISHED: 'published',
  ROLLED_BACK: 'rolled_back',
  /** Published, and the replaced rows were dropped after their keeping time. */
  EXPIRED: 'expired',
  /** Never published; its tables were dropped on request. */
  DISCARDED: 'discarded',
} as const;
export type ShadowState = (typeof ShadowState)[keyof typeof ShadowState];

/** One shadow backfill. */
export interface DbShadowRow {
  backfill_id: string;
  state: ShadowState;
  created_at: Date;
  /** How long publish keeps the replaced rows for rollback. */
  keep_replaced_days: number;
  published_at: Date | null;
  keep_replaced_until: Date | null;
  rolled_back_at: Date | null;
  /** What publish replaced (a `Publication`), for repeated calls. */
  publication: unknown;
}

/** One partition a shadow holds; windows only for time partitions. */
export interface DbShadowPartitionRow {
  backfill_id: string;
  asset: string;
  partition_key: string;
  window_start: Date | null;
  window_end: Date | null;
}

/** The outcome of one check of one asset in one shadow backfill. */
export interface DbCheckResultRow {
  id: string;
  backfill_id: string;
  asset: string;
  check_name: string;
  severity: 'error' | 'warn';
  passed: boolean;
  message: string;
  failing_count: string;
  /** A few failing rows, as JSON objects. */
  failing_sample: Record<string, unknown>[];
  checked_at: Date;
}

export const SHADOWS_TABLE = 'retrofill_shadows';
export const SHADOW_PARTITIONS_TABLE = 'retrofill_shadow_partitions';
export const CHECK_RESULTS_TABLE = 'retrofill_check_results';
