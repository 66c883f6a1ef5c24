/** `list`: reads Temporal's visibility; backfill-listings.ts makes the listings of what it reads. */
import { isGrpcServiceError, ServiceError, type WorkflowExecutionInfo } from '@temporalio/client';
import { ASSET, BACKFILL_ID, WorkflowType } from '../contract';
import { collectListings, earliestStarts, workflowIdsFilter, type BackfillListing, type ListedRun } from './backfill-listings';
import type { WorkflowContext } from './caller-workflow';

/** gRPC's status code INVALID_ARGUMENT. */
const GRPC_INVALID_ARGUMENT = 3;

/** Ids per visibility query when `list` looks for the first runs of what it lists. */
const IDS_PER_QUERY = 100;

/** Running and recent backfills of the task queue (with `all`, every workflow), newest first, at most `limit`. */
export async function listBackfills({ client, taskQueue }: WorkflowContext, { runningOnly, all, limit }: { runningOnly: boolean; all: boolean; limit: number }): Promise<BackfillListing[]> {
  const onQueue = `TaskQueue = '${taskQueue.replace(/'/g, "''")}'`;
  const clauses = [onQueue];
  if (!all) clauses.push(`WorkflowType = '${WorkflowType.backfill}'`);
  if (runningOnly) clauses.push(`ExecutionStatus = 'Running'`);
  const runs = client.workflow.list({ query: clauses.join(' AND '), pageSize: Math.min(limit, 1000) });
  const listings = await collectListings(visibleRuns(runs), { all, limit });
  // Reading stopped at the limit: the first runs of backfills that continued as new may lie beyond it.
  for (let i = 0; i < listings.length; i += IDS_PER_QUERY) {
    const chunk = listings.slice(i, i + IDS_PER_QUERY);
    const ids = workflowIdsFilter(chunk.map((l) => l.backfillId));
    if (ids === undefined) continue;
    const query = `${onQueue} AND ExecutionStatus = 'ContinuedAsNew' AND ${ids}`;
    await earliestStarts(chunk, visibleRuns(client.workflow.list({ query, pageSize: 1000 }))).catch((error: unknown) => {
      // An id the query language cannot hold keeps the start of its latest run: not worth failing the list.
      if (!isInvalidArgument(error)) throw error;
    });
  }
  return listings;
}

/** Whether Temporal refused a request as malformed (gRPC INVALID_ARGUMENT), e.g. a visibility query. */
function isInvalidArgument(error: unknown): boolean {
  const cause = error instanceof ServiceError ? error.cause : error;
  if (!isGrpcServiceError(cause)) return false;
  // A gRPC status code is a number fixed by the protocol; grpc-js's enum of them is not a dependency of ours.
  const code: number = cause.code;
  return code === GRPC_INVALID_ARGUMENT;
}

/** The fields of each listed workflow run that `list` reads. */
async function* visibleRuns(runs: AsyncIterable<WorkflowExecutionInfo>): AsyncIterable<ListedRun> {
  for await (const w of runs) {
    const assets = w.typedSearchAttributes.get(ASSET);
    const backfillId = w.typedSearchAttributes.get(BACKFILL_ID);
    yield {
      workflowId: w.workflowId,
      type: w.type,
      status: w.status.name,
      startTime: w.startTime,
      ...(w.closeTime && { closeTime: w.closeTime }),
      ...(assets && { assets }),
      ...(backfillId !== undefined && { backfillId }),
    };
  }
}
