import type { Knex } from 'knex';
import { rawRows } from '../raw-rows';
import { LEDGER_TABLE } from '../rows';
import type { PartitionRun } from '../checkpoints/partition-staging';

/**
 * Marks an attempt's rows succeeded, in the partition's own transaction,
 * fenced: only rows still running (no later attempt or settlement closed
 * them) of a run that has no other success. Both writers of a run's success
 * hold the partition's lock, so they never commit side by side.
 * @param rowCounts by ledger row id, the query counting its partition's rows:
 *   counted in the same statement, one round trip a partition
 * @returns the rows each partition holds, by ledger row id; undefined when
 *   fenced: the caller must roll the transaction back
 */
export async function recordAttemptSuccess(
  { knex }: { knex: Knex.Transaction },
  run: PartitionRun,
  rowCounts: ReadonlyMap<string, Knex.QueryBuilder>,
): Promise<Map<string, number> | undefined> {
  const ids = [...rowCounts.keys()];
  const counted = new Map<string, number>();
  for (const [id, count] of rowCounts) {
    const rows = await rawRows<{ row_count: string }>(
      knex,
      `UPDATE ?? SET status = 'succeeded', row_count = ?, error = NULL, finished_at = clock_timestamp()
        WHERE id = ? AND status = 'running'
          AND NOT EXISTS (SELECT 1 FROM ?? s WHERE s.workflow_id = ? AND s.run_id = ? AND s.status = 'succeeded' AND s.id <> ALL(?::bigint[]))
        RETURNING row_count::text AS row_count`,
      [LEDGER_TABLE, count, id, LEDGER_TABLE, run.workflowId, run.runId, ids],
    );
    if (rows.length !== 1) return undefined;
    counted.set(id, Number(rows[0]!.row_count));
  }
  return counted;
}
