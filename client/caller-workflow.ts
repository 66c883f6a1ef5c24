/** Running one of Retrofill's workflows on a caller's behalf, its failure reported in the caller's terms. */
import { ApplicationFailure, TimeoutFailure, WorkflowFailedError, type Client } from '@temporalio/client';
import { BackfillFailedError } from './errors';

/** What a client needs to run a workflow on the workers. */
export interface WorkflowContext {
  client: Client;
  taskQueue: string;
}

/**
 * Runs `run`; a failure of its workflow is reported as `operation` failing
 * (its workflow id is ours, internal, and means nothing to the caller).
 * @param noWorker the reason given when the workflow timed out: no worker answered.
 * @throws BackfillFailedError with the workflow failure's type (`NoWorker` on a timeout given `noWorker`).
 */
export async function reportedFailure<T>(operation: string, backfillId: string | undefined, run: () => Promise<T>, noWorker?: string): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof WorkflowFailedError)) throw error;
    if (noWorker !== undefined && error.cause instanceof TimeoutFailure) throw new BackfillFailedError(backfillId, noWorker, 'NoWorker', operation);
    const failureType = error.cause instanceof ApplicationFailure ? (error.cause.type ?? undefined) : undefined;
    throw new BackfillFailedError(backfillId, error.cause?.message ?? error.message, failureType, operation);
  }
}
