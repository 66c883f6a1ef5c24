/**
 * Starts the child workflow of one partition (or of a unit of consecutive
 * partitions of a `singleRun` asset) and waits for it. When another backfill
 * is materializing the same partition right now, Temporal refuses the
 * duplicate id; this one waits for that run to end, then runs its own.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, executeChild, sleep, workflowInfo } from '@temporalio/workflow';
import type { MaterializePartitionResult } from '../activities';
import type { AssetSpec } from '../core/asset-spec';
import { partitionWindow } from '../core/partitions/partitions-def';
import { isoOf } from '../core/partitions/time-spec';
import { plannedLabel } from '../core/plan/planned-keys';
import { resolveRetryPolicy } from '../core/retry-policy';
import { materializationWorkflowId, rangeMaterializationWorkflowId } from '../core/workflow-ids';
import { materializePartition } from './materialize-partition';
import { ASSET, BACKFILL_ID, PARTITION } from './search-attributes';

const BUSY_PARTITION_POLL = '5 seconds';

/**
 * @param key the partition, or the first of `keys`
 * @param keys every partition of a unit materialized together; omitted for one partition
 * @param isolation `shadow` to write to the backfill's shadow
 */
export async function runPartitionChild(
  spec: AssetSpec,
  key: string,
  backfillId: string,
  keys?: string[],
  isolation?: 'shadow',
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
            retry: resolveRetryPolicy(spec.retry),
          },
        ],
        parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
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
