import type { Knex } from 'knex';
import { LEDGER_TABLE, type DbLedgerRow } from '../rows';

/** How the error of an attempt cut off by a database outage begins. */
export const OUTAGE_ERROR_PREFIX = 'database unavailable: ';

/**
 * Closes the attempts of one partition run still marked `running` as failed,
 * with `error`: attempts cut short by a database outage, recorded once the
 * database is back. Safe to repeat. A row that turned succeeded (its commit
 * went through before the connection was lost) is left alone: if that commit
 * is still in flight, this waits for its row locks and then skips the row.
 * @returns how many rows it closed.
 */
export async function failRunningAttempts(
  { knex }: { knex: Knex },
  run: { workflowId: string; runId: string } | { workflowId: string; runIds: readonly string[] },
  error: string,
): Promise<number> {
  // One partition run, or every member run of a batch (db/ledger/batch-members.ts).
  const runIds = 'runIds' in run ? [...run.runIds] : [run.runId];
  return knex<DbLedgerRow>(LEDGER_TABLE)
    .where({ workflow_id: run.workflowId, status: 'running' })
    .whereIn('run_id', runIds)
    .update({ status: 'failed', error, finished_at: knex.raw('clock_timestamp()') as unknown as Date });
}
