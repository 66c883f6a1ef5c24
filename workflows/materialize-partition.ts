/**
 * Child workflow `materializePartition`: one partition (or one range of
 * consecutive partitions of a `singleRun` asset), one activity. Its workflow
 * id is derived from asset and partition key (or range), so Temporal refuses
 * a second concurrent run for the same partition. When the activity ends
 * cancelled or timed out, a short settling activity makes the ledger agree
 * with what the child reports (and the child reports a commit that went
 * through after all as the success it is).
 */
import { ActivityCancellationType, ApplicationFailure, CancellationScope, patched, proxyActivities } from '@temporalio/workflow';
import type { Activities, MaterializePartitionInput, MaterializePartitionResult } from '../activities';
import { resolveRetryPolicy, type RetryPolicySpec } from '../core/retry-policy';
import { runEnding } from './partition-run-ending';

/** Input of the `materializePartition` workflow. */
export interface MaterializePartitionWorkflowInput extends MaterializePartitionInput {
  /** The asset's retry policy, defaults resolved. */
  retry?: Required<RetryPolicySpec>;
  /** @deprecated Inputs recorded before `retry` existed carried only this. */
  maxAttempts?: number;
}

/** Histories recorded before it end without settling. */
export const SETTLE_RUN_PATCH = 'retrofill-settle-partition-run';

/** A cancelled backfill waits for this: the database being away must not hold the cancellation up for long. */
const { settlePartitionRun: settleCancelledRun } = proxyActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  scheduleToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '2 seconds' },
});

const { settlePartitionRun: settleTimedOutRun } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  // A database that is down delays the settlement; past this the child ends with its own failure.
  scheduleToCloseTimeout: '10 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds' },
});

export async function materializePartition(input: MaterializePartitionWorkflowInput): Promise<MaterializePartitionResult> {
  const { materializePartition: run } = proxyActivities<Activities>({
    startToCloseTimeout: '24 hours',
    // Short, so a dead worker's partition is retried elsewhere within seconds.
    heartbeatTimeout: '5 seconds',
    // The child ends only once its activity has stopped, so a cancelled backfill reports settled partitions.
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    retry: input.retry ?? resolveRetryPolicy({ maximumAttempts: input.maxAttempts ?? 3 }),
  });
  const { asset, partitionKey, partitionKeys, backfillId, isolation, attemptsBefore } = input;
  const target = { asset, partitionKey, ...(partitionKeys && { partitionKeys }), backfillId, ...(isolation && { isolation }), ...(attemptsBefore && { attemptsBefore }) };
  try {
    return await run(target);
  } catch (error) {
    const ending = runEnding(error);
    if (!ending || !patched(SETTLE_RUN_PATCH)) throw error;
    let settled: MaterializePartitionResult | null;
    try {
      const settle = ending.status === 'cancelled' ? settleCancelledRun : settleTimedOutRun;
      settled = await CancellationScope.nonCancellable(() => settle({ ...target, ending }));
    } catch {
      throw error; // not settled (the database stayed away): the activity's own ending
    }
    if (settled) return settled;
    // The backfill reports the same reason the ledger now holds.
    throw ending.status === 'failed' ? ApplicationFailure.create({ message: ending.error, type: 'PartitionTimedOut', nonRetryable: true }) : error;
  }
}
