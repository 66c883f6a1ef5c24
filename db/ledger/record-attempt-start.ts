import type { Knex } from 'knex';
import { LEDGER_TABLE, type DbLedgerRow } from '../rows';

/** Identifies one attempt of one partition's materialization. */
export interface AttemptIdentity {
  asset: string;
  partitionKey: string;
  codeVersion: string;
  workflowId: string;
  runId: string;
  backfillId: string | null;
  attempt: number;
}

/**
 * Marks earlier attempts of the same workflow run that never finished as
 * abandoned (their worker died), then records this attempt as running. The
 * row is committed before the partition's transaction starts, so the ledger
 * shows what is running; repeating it for a retried attempt adds a new row.
 */
export async function recordAttemptStart(
  { knex }: { knex: Knex },
  a: AttemptIdentity,
  upstreamVersions: Record<string, string>,
): Promise<string> {
  return knex.transaction(async (trx) => {
    await trx<DbLedgerRow>(LEDGER_TABLE)
      .where({ workflow_id: a.workflowId, run_id: a.runId, status: 'running' })
      .update({ status: 'abandoned', finished_at: trx.raw('clock_timestamp()') as unknown as Date });
    const [row] = await trx<DbLedgerRow>(LEDGER_TABLE)
      .insert({
        asset: a.asset,
        partition_key: a.partitionKey,
        code_version: a.codeVersion,
        upstream_versions: upstreamVersions,
        status: 'running',
        started_at: trx.raw('clock_timestamp()') as unknown as Date,
        workflow_id: a.workflowId,
        run_id: a.runId,
        backfill_id: a.backfillId,
        attempt: a.attempt,
      })
      .returning('id');
    return String(row!.id);
  });
}
