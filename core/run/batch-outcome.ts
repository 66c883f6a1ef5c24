/**
 * What a batch's result does to the backfill: partition by partition, never
 * the batch as a whole. Those that succeeded succeed; the one that failed
 * fails alone (or, when its policy leaves it retries, goes back to be retried
 * in a child of its own); a cancelled one is cancelled; the rest were not run
 * and go back to pending, before the failure skips whatever read it.
 */
import type { BackfillScheduler } from './backfill-scheduler';

/** A batch's result as the child workflow reports it (activities/materialize-batch.ts). */
export interface BatchOutcome {
  /** Rows of each partition that succeeded: the first `rows.length` members, in order. */
  rows: number[];
  ms: number[];
  failed?: { key: string; reason: string; type: string; retryable: boolean };
  cancelled?: string[];
}

/** What the backfill reports of an applied batch. */
export interface AppliedBatch {
  /** A member that failed for good: its plan index and reason. */
  failed?: { index: number; reason: string };
  /** A member that failed and runs again alone. */
  retriedAlone?: number;
}

/**
 * Applies `outcome` to the scheduler.
 * @param members the batch's plan indices, in the order they ran
 * @param retryAlone whether a retryable failure of a member may be retried in a child of its own
 * @param cancelling the backfill is being cancelled: members not run stay pending
 * @throws Error when the outcome does not fit the batch
 */
export function applyBatchOutcome(
  scheduler: BackfillScheduler,
  members: readonly number[],
  outcome: BatchOutcome,
  retryAlone: (index: number) => boolean,
  cancelling = false,
): AppliedBatch {
  const done = outcome.rows.length;
  if (done > members.length) throw new Error(`a batch of ${members.length} partitions reported ${done} succeeded`);
  const keyOf = (i: number) => scheduler.plan.partitions[i]!.key;
  members.slice(0, done).forEach((i, k) => scheduler.succeed(i, outcome.rows[k]!));
  const rest = members.slice(done);
  const cancelled = new Set(outcome.cancelled ?? []);
  let failed = outcome.failed && rest.find((i) => keyOf(i) === outcome.failed!.key);
  if (outcome.failed && failed === undefined) throw new Error(`a batch reported ${outcome.failed.key} failed, not one of its partitions left`);
  // A batch that ran nothing must not come back forever: its first partition fails.
  const stalled = !cancelling && done === 0 && failed === undefined && cancelled.size === 0 && rest.length > 0;
  if (stalled) failed = rest[0];
  for (const i of rest) {
    if (i === failed) continue;
    if (cancelled.has(keyOf(i))) scheduler.cancel(i);
    else scheduler.release(i);
  }
  if (failed === undefined) return {};
  if (outcome.failed?.retryable && retryAlone(failed)) {
    scheduler.release(failed, { alone: true });
    return { retriedAlone: failed };
  }
  const reason = stalled ? 'its batch ended without running it' : outcome.failed!.reason;
  scheduler.fail(failed, reason);
  return { failed: { index: failed, reason } };
}
