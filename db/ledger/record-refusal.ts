import type { Knex } from 'knex';
import { LEDGER_TABLE, type DbLedgerRow } from '../rows';
import { TAKEN_OVER, closeOpenAttempts, lockRun } from './close-open-attempts';
import { isSuperseded, type AttemptIdentity } from './record-attempt-start';

/**
 * Records an attempt refused before it wrote anything (its inputs were never
 * materialized) as a failed attempt with the reason, one row per partition:
 * the ledger then tells what the backfill reports, and `status --asset` shows
 * the partition failed, with that reason, instead of missing. Earlier attempts
 * of the same run left running are marked abandoned, as a starting attempt does.
 * An attempt Temporal already gave up on records nothing (its run's settlement
 * or a later attempt tells the story).
 */
export async function recordRefusal(
  { knex }: { knex: Knex },
  a: AttemptIdentity,
  partitions: ReadonlyArray<{ partitionKey: string; upstreamVersions: Record<string, string> }>,
  error: string,
): Promise<void> {
  await knex.transaction(async (trx) => {
    const run = { workflowId: a.workflowId, runId: a.runId };
    await lockRun(trx, run);
    if (await isSuperseded(trx, a)) return;
    await closeOpenAttempts({ knex: trx }, run, TAKEN_OVER);
    const now = trx.raw('clock_timestamp()') as unknown as Date;
    await trx<DbLedgerRow>(LEDGER_TABLE).insert(
      partitions.map((p) => ({
        asset: a.asset,
        partition_key: p.partitionKey,
        code_version: a.codeVersion,
        upstream_versions: p.upstreamVersions,
        status: 'failed' as const,
        started_at: now,
        finished_at: now,
        workflow_id: a.workflowId,
        run_id: a.runId,
        backfill_id: a.backfillId,
        attempt: a.attempt,
        error,
        shadow_of: a.shadowOf ?? null,
      })),
    );
  });
}
