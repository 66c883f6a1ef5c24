import type { Db } from '../db';
import { LEDGER_TABLE } from '../rows';

/** A committed partition run: its first ledger row, the rows written and how long its attempt took (ms). */
export interface RunSuccess {
  id: string;
  row_count: string | null;
  ms: number;
}

/**
 * The result of a partition run, if an earlier attempt of the same workflow
 * run already committed. Its completion may never have reached Temporal (a
 * crash or a server restart right after the commit), so Temporal retries the
 * activity: the retry returns this result instead of redoing it. A run over a
 * range of partitions commits one succeeded row per partition in one
 * transaction (all or none): its result is their total row count, with the
 * first row's id.
 */
export async function findRunSuccess({ knex }: { knex: Db }, run: { workflowId: string; runId: string }): Promise<RunSuccess | undefined> {
  const [row] = await knex(LEDGER_TABLE)
    .where({ workflow_id: run.workflowId, run_id: run.runId, status: 'succeeded' })
    .select<Array<{ id: string | null; row_count: string | null; n: number; ms: number | null }>>(
      knex.raw('min(id)::text AS id'),
      knex.raw('sum(row_count)::text AS row_count'),
      knex.raw('count(*)::int AS n'),
      knex.raw('round(extract(epoch FROM max(finished_at) - min(started_at)) * 1000)::int AS ms'),
    );
  return row && row.n > 0 ? { id: row.id!, row_count: row.row_count, ms: row.ms ?? 0 } : undefined;
}
