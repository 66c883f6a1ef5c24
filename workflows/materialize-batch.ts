/**
 * Child workflow `materializeBatch`: several partitions of one asset in one
 * activity (activities/materialize-batch.ts), each its own transaction, ledger
 * row and retry unit. Its result tells the backfill, partition by partition,
 * what succeeded, which one failed and which were not run. When the activity
 * ends cancelled or timed out, a short settling activity reads what committed
 * and settles the partition in flight, so the result still agrees with the ledger.
 */
import { ActivityCancellationType, CancellationScope, proxyActivities } from '@temporalio/workflow';
import type { Activities, MaterializeBatchInput, MaterializeBatchResult } from '../activities';
import type { RetryPolicySpec } from '../core/retry-policy';
import { runEnding } from './partition-run-ending';

/** Input of the `materializeBatch` workflow. */
export interface MaterializeBatchWorkflowInput extends MaterializeBatchInput {
  /** The asset's retry policy, defaults resolved: for the batch's own failures (a worker that died, a database that stayed away). */
  retry: Required<RetryPolicySpec>;
}

/** A cancelled backfill waits for this: the database being away must not hold the cancellation up for long. */
const { settleBatch: settleCancelledBatch } = proxyActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  scheduleToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '2 seconds' },
});

const { settleBatch: settleTimedOutBatch } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  // A database that is down delays the settlement; past this the child ends with its own failure.
  scheduleToCloseTimeout: '10 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds' },
});

export async function materializeBatch(input: MaterializeBatchWorkflowInput): Promise<MaterializeBatchResult> {
  const { materializeBatch: run } = proxyActivities<Activities>({
    startToCloseTimeout: '24 hours',
    // Short, so a dead worker's batch is resumed elsewhere within seconds.
    heartbeatTimeout: '5 seconds',
    // The child ends only once its activity has stopped, so a cancelled backfill reports settled partitions.
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    retry: input.retry,
  });
  const { asset, partitionKeys, backfillId, isolation, budgetMs, pauseKey } = input;
  const target: MaterializeBatchInput = { asset, partitionKeys, backfillId, ...(isolation && { isolation }), budgetMs, ...(pauseKey !== undefined && { pauseKey }) };
  try {
    return await run(target);
  } catch (error) {
    const ending = runEnding(error);
    if (!ending) throw error;
    const settle = ending.status === 'cancelled' ? settleCancelledBatch : settleTimedOutBatch;
    try {
      return await CancellationScope.nonCancellable(() => settle({ ...target, ending }));
    } catch {
      throw error; // not settled (the database stayed away): the activity's own ending
    }
  }
}
