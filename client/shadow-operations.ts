/** The shadow operations of a backfill started with `isolation: 'shadow'`: diff, rollback, discard, each a workflow on the workers. */
import { randomUUID } from 'node:crypto';
import type { Rollback } from '../core/shadow/publication';
import type { ShadowDiff } from '../core/shadow/shadow-diff';
import { clientWorkflowIds, WorkflowType, type DiffBackfillWorkflow, type DiscardBackfillWorkflow, type RollbackBackfillWorkflow } from '../contract';
import { reportedFailure, type WorkflowContext } from './caller-workflow';
import { BackfillStillRunningError } from './errors';

/** The `diffBackfill` workflow's report on a backfill's shadow. */
export function diffOf({ client, taskQueue }: WorkflowContext, backfillId: string): Promise<ShadowDiff> {
  const workflowId = clientWorkflowIds.diff(randomUUID());
  return reportedFailure(`diff of backfill ${backfillId}`, backfillId, () =>
    client.workflow.execute<DiffBackfillWorkflow>(WorkflowType.diffBackfill, { taskQueue, workflowId, args: [{ backfillId }] }),
  );
}

/** Runs `rollbackBackfill` for a published backfill. */
export function rollbackOf({ client, taskQueue }: WorkflowContext, backfillId: string): Promise<Rollback> {
  const workflowId = clientWorkflowIds.rollback(randomUUID());
  return reportedFailure(`rollback of backfill ${backfillId}`, backfillId, () =>
    client.workflow.execute<RollbackBackfillWorkflow>(WorkflowType.rollbackBackfill, { taskQueue, workflowId, args: [{ backfillId }] }),
  );
}

/**
 * Runs `discardBackfill`, once the backfill has ended (the workflow does not check it).
 * @throws BackfillStillRunningError while it runs.
 */
export async function discardOf({ client, taskQueue }: WorkflowContext, backfillId: string): Promise<void> {
  const status = await client.workflow
    .getHandle(backfillId)
    .describe()
    .then(
      (d) => d.status.name,
      () => undefined,
    );
  if (status === 'RUNNING') throw new BackfillStillRunningError(backfillId, 'discard its shadow');
  const workflowId = clientWorkflowIds.discard(randomUUID());
  await reportedFailure(`discard of backfill ${backfillId}`, backfillId, () =>
    client.workflow.execute<DiscardBackfillWorkflow>(WorkflowType.discardBackfill, { taskQueue, workflowId, args: [{ backfillId }] }),
  );
}
