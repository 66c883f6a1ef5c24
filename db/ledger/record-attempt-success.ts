import type { Knex } from 'knex';
import { LEDGER_TABLE } from '../rows';
import type { PartitionRun } from '../checkpoints/partition-staging';

/**
 * Marks an attempt's rows succeeded, in the partition's own transaction,
 * fenced: only rows still running (no later attempt or settlement closed
 * them) of a run that has no other success. Both writers of a run's success
 * hold the partition's lock, so they never commit side by side.
 * @param rowCounts the row count of each ledger row, by id
 * @returns false when fenced: the caller must roll the transaction back
 */
export async function recordAttemptSuccess(
  { knex }: { knex: Knex.Transaction },
  run: PartitionRun,
  rowCounts: ReadonlyMap<string, number>,
): Promise<boolean> {
  const ids = [...rowCounts.keys()];
  for (const [id, count] of rowCounts) {
    const { rowCount } = (await knex.raw(
      `UPDATE ?? SET status = 'succeeded', row_count = ?, error = NULL, finished_at = clock_timestamp()
        WHERE id = ? AND status = 'running'
          AND NOT EXISTS (SELECT 1 FROM ?? s WHERE s.workflow_id = ? AND s.run_id = ? AND s.status = 'succeeded' AND s.id <> ALL(?::bigint[]))`,
      [LEDGER_TABLE, String(count), id, LEDGER_TABLE, run.workflowId, run.runId, ids],
    )) as { rowCount: number };
    if (rowCount !== 1) return false;
  }
  return true;
}
