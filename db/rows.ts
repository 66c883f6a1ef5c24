/** Row types of Retrofill's own tables (snake_case, as stored). */

export const LedgerStatus = {
  RUNNING: 'running',
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  /** A running attempt whose worker vanished: a later attempt took over. */
  ABANDONED: 'abandoned',
  CANCELLED: 'cancelled',
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
}

export const LEDGER_TABLE = 'retrofill_ledger';
