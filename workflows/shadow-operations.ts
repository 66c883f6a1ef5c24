/**
 * Workflows `rollbackBackfill`, `diffBackfill` and `discardBackfill`: operations on a shadow
 * backfill's tables, run by a worker (which reaches the database) for clients
 * that only reach Temporal. A refusal (no shadow, not published yet, a later
 * write in the way) fails the workflow with its message and type.
 */
import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { ShadowDiff } from '../core/shadow/shadow-diff';
import type { Rollback } from '../core/shadow/publication';
import { backfillIdProblem } from '../core/backfill-id';
import { shownValue } from '../core/shown-value';

const { rollbackShadow, diffShadow, discardShadow } = proxyActivities<Activities>({
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '10 seconds',
  retry: { maximumAttempts: 5 },
});

/** Restores the partitions a published shadow backfill replaced, in one transaction. */
export async function rollbackBackfill(input: unknown): Promise<Rollback> {
  return refusalsFailWorkflow(() => rollbackShadow({ backfillId: backfillIdOf(input) }));
}

/** Rows added, removed and changed per asset and partition, between production and an unpublished shadow. */
export async function diffBackfill(input: unknown): Promise<ShadowDiff> {
  return refusalsFailWorkflow(() => diffShadow({ backfillId: backfillIdOf(input) }));
}

/** Drops the tables of a shadow that was never published. */
export async function discardBackfill(input: unknown): Promise<void> {
  return refusalsFailWorkflow(() => discardShadow({ backfillId: backfillIdOf(input) }));
}

/** The argument's backfill id; one no backfill can have (e.g. with control characters) is refused by name. */
function backfillIdOf(input: unknown): string {
  const id = (input as { backfillId?: unknown } | null)?.backfillId;
  const problem = typeof id === 'string' ? backfillIdProblem(id) : `expected {"backfillId": "<id>"}, got ${shownValue(input)}`;
  if (problem === undefined) return id as string;
  throw ApplicationFailure.create({ message: problem, type: 'InvalidShadowRequest', nonRetryable: true });
}

/** The activity's own refusal as the workflow's failure, so the caller reads its message and type. */
async function refusalsFailWorkflow<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) {
      throw ApplicationFailure.create({ message: error.cause.message, type: error.cause.type ?? undefined, nonRetryable: true });
    }
    throw error;
  }
}
