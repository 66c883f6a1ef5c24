/**
 * What the client asks the workers, who know the assets and read the ledger:
 * the check of a request, a plan, an asset's status, the overview, a
 * partition's detail. Each is a short workflow that writes nothing.
 */
import { randomUUID } from 'node:crypto';
import type { BackfillRequestInput } from '../core/backfill-request';
import type { BackfillPlanReport } from '../core/plan/plan-report';
import type { AssetOverview } from '../core/status/asset-overview';
import type { PackedAssetStatus } from '../core/status/asset-status';
import type { PartitionDetail } from '../core/status/partition-detail';
import {
  clientWorkflowIds,
  WorkflowType,
  type AssetOverviewWorkflow,
  type AssetStatusWorkflow,
  type CheckBackfillWorkflow,
  type DryRunWorkflow,
  type PartitionDetailWorkflow,
} from '../contract';
import { reportedFailure, type WorkflowContext } from './caller-workflow';

/** How long a check waits for the workers to answer. */
export const CHECK_TIMEOUT = '30 seconds';

/**
 * Has the workers judge `request` against their assets and limits (the
 * `checkBackfill` workflow, which reads no ledger), within `CHECK_TIMEOUT`.
 * @param operation what the check is for, as the error names it.
 * @throws BackfillFailedError when they refuse it, or with failureType `NoWorker` when none answers in time.
 */
export async function checkWithWorkers({ client, taskQueue }: WorkflowContext, request: BackfillRequestInput, operation: string, backfillId?: string): Promise<void> {
  const noWorker = `no worker answered on task queue "${taskQueue}" within ${CHECK_TIMEOUT}: start one (retrofill worker) and try again`;
  await reportedFailure(
    operation,
    backfillId,
    () =>
      client.workflow.execute<CheckBackfillWorkflow>(WorkflowType.checkBackfill, {
        taskQueue,
        workflowId: clientWorkflowIds.check(randomUUID()),
        args: [request],
        workflowExecutionTimeout: CHECK_TIMEOUT,
      }),
    noWorker,
  );
}

/** A dry run of `request`: the `backfill` workflow with `dryRun: true`. */
export function planOf({ client, taskQueue }: WorkflowContext, request: BackfillRequestInput): Promise<BackfillPlanReport> {
  const args: Parameters<DryRunWorkflow> = [{ ...request, dryRun: true }];
  return reportedFailure('plan', undefined, () => client.workflow.execute<DryRunWorkflow>(WorkflowType.backfill, { taskQueue, workflowId: clientWorkflowIds.dryRun(randomUUID()), args }));
}

/** The `assetStatus` workflow's report on `asset`. */
export function packedAssetStatusOf({ client, taskQueue }: WorkflowContext, asset: string): Promise<PackedAssetStatus> {
  const workflowId = clientWorkflowIds.assetStatus(asset, randomUUID());
  return reportedFailure(`status of asset ${asset}`, undefined, () => client.workflow.execute<AssetStatusWorkflow>(WorkflowType.assetStatus, { taskQueue, workflowId, args: [{ asset }] }));
}

/** The `assetOverview` workflow's report. */
export function assetOverviewOf({ client, taskQueue }: WorkflowContext): Promise<AssetOverview> {
  const workflowId = clientWorkflowIds.assetOverview(randomUUID());
  return reportedFailure('asset overview', undefined, () => client.workflow.execute<AssetOverviewWorkflow>(WorkflowType.assetOverview, { taskQueue, workflowId, args: [{}] }));
}

/** The `partitionDetail` workflow's report on one partition. */
export function partitionDetailOf({ client, taskQueue }: WorkflowContext, asset: string, key: string): Promise<PartitionDetail> {
  const workflowId = clientWorkflowIds.partitionDetail(asset, randomUUID());
  return reportedFailure(`partition ${asset}/${key}`, undefined, () =>
    client.workflow.execute<PartitionDetailWorkflow>(WorkflowType.partitionDetail, { taskQueue, workflowId, args: [{ asset, key }] }),
  );
}
