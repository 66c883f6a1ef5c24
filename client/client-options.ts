/** The option and result types of `RetrofillClient`'s methods that are its own. */
import type { AssetStatusReport, PartitionStatusEntry } from '../core/status/asset-status';

/** One asset's partitions as the ledger tells them, from `RetrofillClient.assetStatus`. */
export interface AssetStatus extends AssetStatusReport {
  /** Every partition with its status and reason, oldest first. */
  entries: PartitionStatusEntry[];
}

/** Options of `RetrofillClient.list`. */
export interface ListOptions {
  /** Only running backfills. @default false */
  runningOnly?: boolean;
  /**
   * Every workflow of the task queue: dry runs (`plan`), status reads and the
   * partitions' workflows too, not only backfills. @default false
   */
  all?: boolean;
  /** Newest first, at most this many: a whole number from 1 to 10,000. @default 20 */
  limit?: number;
}

/** Options of `RetrofillClient.start`. */
export interface StartOptions {
  /**
   * Have the workers judge the request before starting. Without it, the backfill
   * starts even with no worker running, and a refusal is reported by `result()`.
   * @default true
   */
  check?: boolean;
}
