/**
 * Starts the child workflow of one partition and waits for it. When another
 * backfill is materializing the same partition right now, Temporal refuses the
 * duplicate id; this one waits for that run to end, then runs its own.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, executeChild, sleep, workflowInfo } from '@temporalio/workflow';
import type { MaterializePartitionResult } from '../activities';
import type { AssetSpec } from '../core/asset-spec';
import { partitionWindow } from '../core/partitions/partitions-def';
import { isoOf } from '../core/partitions/time-spec';
import { resolveRetryPolicy } from '../core/retry-policy';
import { materializationWorkflowId } from '../core/workflow-ids';
import { materializePartition } from './materialize-partition';
import { ASSET, BACKFILL_ID, PARTITION } from './search-attributes';

const BUSY_PARTITION_POLL = '5 seconds';

export async function runPartitionChild(spec: AssetSpec, key: string, backfillId: string): Promise<MaterializePartitionResult> {
  const { taskQueue } = workflowInfo();
  const window = partitionWindow(spec.partitions, key);
  for (;;) {
    try {
      return await executeChild(materializePartition, {
        workflowId: materializationWorkflowId(taskQueue, spec.name, key),
        args: [{ asset: spec.name, partitionKey: key, backfillId, retry: resolveRetryPolicy(spec.retry) }],
        parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
        typedSearchAttributes: [
          { key: BACKFILL_ID, value: backfillId },
          { key: ASSET, value: [spec.name] },
          { key: PARTITION, value: key },
        ],
        memo: { asset: spec.name, partition: key, window: window && { start: isoOf(window.start), end: isoOf(window.end) } },
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      await sleep(BUSY_PARTITION_POLL);
    }
  }
}
