/** One partition in full, for the console: its status now and its newest attempts. */
import type { PartitionStatus } from './partition-status';

/** One attempt at one partition, as the ledger recorded it. */
export interface PartitionAttempt {
  ledgerId: string;
  /** `running`, `succeeded`, `failed`, `abandoned`, `cancelled` or `rolled_back`. */
  status: string;
  codeVersion: string;
  /** Rows it wrote; null unless it succeeded. */
  rows: number | null;
  startedAt: string;
  finishedAt: string | null;
  /** ms from start to finish; null while it runs. */
  durationMs: number | null;
  backfillId: string | null;
  workflowId: string;
  runId: string;
  attempt: number;
  error: string | null;
  /** The shadow backfill holding it, not yet published. */
  shadowOf: string | null;
}

/** What the `partitionDetail` workflow answers. */
export interface PartitionDetail {
  asset: string;
  key: string;
  status: PartitionStatus;
  /** Why it is not materialized; empty when it is. */
  reason: string;
  /** The asset's code version now. */
  codeVersion: string;
  /** Newest first, at most `PARTITION_ATTEMPTS`. */
  attempts: PartitionAttempt[];
}

export const PARTITION_ATTEMPTS = 10;
