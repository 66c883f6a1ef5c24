/**
 * Which endings of a partition's activity leave the ledger to be settled by
 * the child (see activities/settle-partition-run.ts): a cancellation, and a
 * last attempt Temporal gave up on (timed out, or fenced) while its commit
 * may have gone through or its rows still say running.
 */
import { ActivityFailure, ApplicationFailure, TimeoutFailure, isCancellation } from '@temporalio/workflow';
import type { RunEnding } from '../db/ledger/settle-run';
import { failureMessage } from './failure-message';

/** What the timed-out attempt reports, by timeout. */
const TIMED_OUT: Record<string, string> = {
  HEARTBEAT: 'no heartbeat within 5 seconds (its worker died, or materialize blocked the event loop)',
  START_TO_CLOSE: 'it ran for 24 hours',
};

/** The ending to settle, or undefined when the activity's own failure already tells the ledger's story. */
export function runEnding(error: unknown): RunEnding | undefined {
  if (isCancellation(error)) return { status: 'cancelled', error: 'backfill cancelled' };
  if (!(error instanceof ActivityFailure)) return undefined;
  const { cause } = error;
  if (cause instanceof TimeoutFailure) {
    return { status: 'failed', error: `the last attempt timed out: ${TIMED_OUT[cause.timeoutType ?? ''] ?? `${cause.timeoutType} timeout`}` };
  }
  if (cause instanceof ApplicationFailure && cause.type === 'AttemptSuperseded') return { status: 'failed', error: failureMessage(error) };
  return undefined;
}
