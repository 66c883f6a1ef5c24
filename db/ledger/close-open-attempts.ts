import type { Knex } from 'knex';
import type { Db } from '../db';
import { LEDGER_TABLE, type DbLedgerRow, type LedgerStatus } from '../rows';
import type { PartitionRun } from '../checkpoints/partition-staging';
import { findRunSuccess, type RunSuccess } from './find-run-success';

/**
 * Closes every attempt of a partition run still marked running: Temporal has
 * given up on them (a retry started, or the run ended). This is the fence
 * against a late commit: an attempt commits only while its own rows are
 * running (`recordAttemptSuccess`), and both statements lock the rows, so
 * whichever comes second sees the other's outcome. @returns the rows closed
 */
export async function closeOpenAttempts(
  { knex }: { knex: Db },
  run: PartitionRun,
  end: { status: Exclude<LedgerStatus, 'running' | 'succeeded'>; error: string },
): Promise<number> {
  return knex<DbLedgerRow>(LEDGER_TABLE)
    .where({ workflow_id: run.workflowId, run_id: run.runId, status: 'running' })
    .update({ status: end.status, error: end.error, finished_at: knex.raw('clock_timestamp()') as unknown as Date });
}

/** What a retry writes on the attempts it takes over from. */
export const TAKEN_OVER = {
  status: 'abandoned',
  error: 'abandoned: the attempt stopped reporting (its worker died or it timed out) and a later attempt took over',
} as const;

/**
 * What a retry does first: closes the attempts it takes over from, then looks
 * for a success one of them committed after all (in this order, so a commit
 * racing the close is either fenced or found). `onClosed` is told how many
 * attempts it closed. @returns that success, if any
 */
export async function takeOverRun(
  { knex }: { knex: Db },
  run: PartitionRun,
  onClosed?: (closed: number) => void,
): Promise<RunSuccess | undefined> {
  const closed = await closeOpenAttempts({ knex }, run, TAKEN_OVER);
  onClosed?.(closed);
  return findRunSuccess({ knex }, run);
}

/**
 * Serializes the writers that open or settle a partition run (a starting
 * attempt, the run's settlement) until `trx` ends, so an attempt Temporal
 * already gave up on cannot slip its rows in beside a settlement. Two-key
 * advisory lock space, like the partition locks, under a prefix of its own.
 */
export async function lockRun(trx: Knex.Transaction, run: PartitionRun): Promise<void> {
  await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?), hashtext(?))', [`retrofill-run/${run.workflowId}`, run.runId]);
}
