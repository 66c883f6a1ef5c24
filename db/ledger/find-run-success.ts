import type { Knex } from 'knex';
import { LEDGER_TABLE, type DbLedgerRow } from '../rows';

/**
 * The succeeded ledger row of a partition run, if an earlier attempt of the
 * same workflow run already committed. Its completion may never have reached
 * Temporal (a crash or a server restart right after the commit), so Temporal
 * retries the activity: the retry returns this result instead of redoing it.
 */
export async function findRunSuccess(
  { knex }: { knex: Knex },
  run: { workflowId: string; runId: string },
): Promise<Pick<DbLedgerRow, 'id' | 'row_count'> | undefined> {
  return knex<DbLedgerRow>(LEDGER_TABLE)
    .where({ workflow_id: run.workflowId, run_id: run.runId, status: 'succeeded' })
    .first('id', 'row_count');
}
