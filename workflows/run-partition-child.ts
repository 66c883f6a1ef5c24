/**
 * Starts the child workflow of one partition (or of a unit of consecutive
 * partitions of a `singleRun` asset) and waits for it. When another backfill
 * is materializing the same partition right now, Temporal refuses the
 * duplicate id; this one waits for that run to end, then runs its own.
 */
import { WorkflowExecutionAlreadyStartedError, type Priority } from '@temporalio/common';
import { ParentClosePolicy, executeChild, sleep, workflowInfo } from '@temporalio/workflow';
import type { MaterializeBatchResult, MaterializePartitionResult } from '../activities';
import type { AssetSpec } from '../core/asset-spec';
import { partitionWindow } from '../core/partitions/partitions-def';
import { isoOf } from '../core/partitions/time-spec';
import { plannedLabel } from '../core/plan/planned-keys';
import { resolveRetryPolicy, type RetryPolicySpec } from '../core/retry-policy';
import { batchMaterializationWorkflowId, materializationWorkflowId, rangeMaterializationWorkflowId } from '../contract';
import { materializeBatch } from './materialize-batch';
import { materializePartition } from './materialize-partition';
import { ASSET, BACKFILL_ID, PARTITION } from '../contract';

const BUSY_PARTITION_POLL = '5 seconds';

/**
 * @param key the partition, or the first of `keys`
 * @param keys every partition of a unit materialized together; omitted for one partition
 * @param isolation `shadow` to write to the backfill's shadow
 * @param retry the retry policy, when not the asset's own (a partition retried alone after failing in a batch)
 * @param attemptsBefore attempts the partition already had in a batch
 * @param priority the child's Temporal priority (its activities inherit it); none: the backfill's own
 */
export async function runPartitionChild(
  spec: AssetSpec,
  key: string,
  backfillId: string,
  keys?: string[],
  isolation?: 'shadow',
  retry: Required<RetryPolicySpec> = resolveRetryPolicy(spec.retry),
  attemptsBefore = 0,
  priority?: Priority,
): Promise<MaterializePartitionResult> {
  const { taskQueue } = workflowInfo();
  const range = keys && keys.length > 1 ? keys : undefined;
  const first = partitionWindow(spec.partitions, key);
  const last = range ? partitionWindow(spec.partitions, range[range.length - 1]!) : first;
  for (;;) {
    try {
      return await executeChild(materializePartition, {
        workflowId: range ? rangeMaterializationWorkflowId(taskQueue, spec.name, range) : materializationWorkflowId(taskQueue, spec.name, key),
        // `partitionKeys` only for a range: inputs of single partitions stay as recorded histories hold them.
        args: [
          {
            asset: spec.name,
            partitionKey: key,
            ...(range && { partitionKeys: range }),
            backfillId,
            ...(isolation && { isolation }),
            retry,
            ...(attemptsBefore > 0 && { attemptsBefore }),
          },
        ],
        parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
        ...(priority && { priority }),
        typedSearchAttributes: [
          { key: BACKFILL_ID, value: backfillId },
          { key: ASSET, value: [spec.name] },
          { key: PARTITION, value: key },
        ],
        memo: {
          asset: spec.name,
          partition: plannedLabel({ key, keys: range }),
          window: first && last && { start: isoOf(first.start), end: isoOf(last.end) },
        },
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      await sleep(BUSY_PARTITION_POLL);
    }
  }
}

/**
 * Starts the child workflow of a batch (several partitions of one adaptive
 * asset, one after the other) and waits for its per-partition result. Waits
 * like runPartitionChild when the same batch is running for another backfill.
 * @param keys the partitions in the order they run
 * @param budgetMs how long the batch may keep starting partitions
 * @param pauseKey the backfill's pause key: once it is paused, the batch starts no further partition
 * @param priority the child's Temporal priority (its activities inherit it); none: the backfill's own
 */
export async function runBatchChild(
  spec: AssetSpec,
  keys: string[],
  backfillId: string,
  budgetMs: number,
  isolation?: 'shadow',
  pauseKey?: string,
  priority?: Priority,
): Promise<MaterializeBatchResult> {
  const { taskQueue } = workflowInfo();
  const first = partitionWindow(spec.partitions, keys[0]!);
  const last = partitionWindow(spec.partitions, keys[keys.length - 1]!);
  for (;;) {
    try {
      return await executeChild(materializeBatch, {
        workflowId: batchMaterializationWorkflowId(taskQueue, spec.name, keys),
        args: [{ asset: spec.name, partitionKeys: keys, backfillId, ...(isolation && { isolation }), budgetMs, ...(pauseKey && { pauseKey }), retry: resolveRetryPolicy(spec.retry) }],
        parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
        ...(priority && { priority }),
        typedSearchAttributes: [
          { key: BACKFILL_ID, value: backfillId },
          { key: ASSET, value: [spec.name] },
          { key: PARTITION, value: keys[0]! },
        ],
        memo: {
          asset: spec.name,
          partition: `${keys[0]}..${keys[keys.length - 1]}`,
          partitions: keys.length,
          window: first && last && { start: isoOf(first.start), end: isoOf(last.end) },
        },
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      await sleep(BUSY_PARTITION_POLL);
    }
  }
}
