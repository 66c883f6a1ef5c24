/**
 * Child workflow `materializePartition`: one partition (or one range of
 * consecutive partitions of a `singleRun` asset), one activity. Its workflow
 * id is derived from asset and partition key (or range), so Temporal refuses
 * a second concurrent run for the same partition.
 */
import { ActivityCancellationType, proxyActivities } from '@temporalio/workflow';
import type { Activities, MaterializePartitionInput, MaterializePartitionResult } from '../activities';
import { resolveRetryPolicy, type RetryPolicySpec } from '../core/retry-policy';

/** Input of the `materializePartition` workflow. */
export interface MaterializePartitionWorkflowInput extends MaterializePartitionInput {
  /** The asset's retry policy, defaults resolved. */
  retry?: Required<RetryPolicySpec>;
  /** @deprecated Inputs recorded before `retry` existed carried only this. */
  maxAttempts?: number;
}

export async function materializePartition(input: MaterializePartitionWorkflowInput): Promise<MaterializePartitionResult> {
  const { materializePartition: run } = proxyActivities<Activities>({
    startToCloseTimeout: '24 hours',
    // Short, so a dead worker's partition is retried elsewhere within seconds.
    heartbeatTimeout: '5 seconds',
    // The child ends only once its activity has stopped, so a cancelled backfill reports settled partitions.
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    retry: input.retry ?? resolveRetryPolicy({ maximumAttempts: input.maxAttempts ?? 3 }),
  });
  const { asset, partitionKey, partitionKeys, backfillId, isolation } = input;
  return run({ asset, partitionKey, ...(partitionKeys && { partitionKeys }), backfillId, ...(isolation && { isolation }) });
}
