/**
 * Child workflow `materializePartition`: one partition, one activity. Its
 * workflow id is derived from asset and partition key, so Temporal refuses a
 * second concurrent run for the same partition.
 */
import { ActivityCancellationType, proxyActivities } from '@temporalio/workflow';
import type { Activities, MaterializePartitionInput, MaterializePartitionResult } from '../activities';

/** Input of the `materializePartition` workflow. */
export interface MaterializePartitionWorkflowInput extends MaterializePartitionInput {
  /** Attempts of the activity before the partition is reported failed. */
  maxAttempts: number;
}

export async function materializePartition(input: MaterializePartitionWorkflowInput): Promise<MaterializePartitionResult> {
  const { materializePartition: run } = proxyActivities<Activities>({
    startToCloseTimeout: '24 hours',
    // Short, so a dead worker's partition is retried elsewhere within seconds.
    heartbeatTimeout: '10 seconds',
    // The child ends only once its activity has stopped, so a cancelled backfill reports settled partitions.
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: input.maxAttempts },
  });
  return run({ asset: input.asset, partitionKey: input.partitionKey, backfillId: input.backfillId });
}
