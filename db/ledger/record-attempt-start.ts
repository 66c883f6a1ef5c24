import type { Knex } from 'knex';
import { LEDGER_TABLE, type DbLedgerRow } from '../rows';

/** Identifies one attempt of a materialization. */
export interface AttemptIdentity {
  asset: string;
  codeVersion: string;
  workflowId: string;
  runId: string;
  backfillId: string | null;
  attempt: number;
  /** The shadow backfill the attempt writes to; absent for a production write. */
  shadowOf?: string;
}

/** One partition an attempt writes, with the upstream versions it reads. */
export interface AttemptPartition {
  partitionKey: string;
  upstreamVersions: Record<string, string>;
  /** Keys of the same asset this partition reads that the same run writes (a cumulative range). */
  readsWithinRun?: string[];
}

/**
 * Marks earlier attempts of the same workflow run that never finished as
 * abandoned (their worker died), then records this attempt as running: one
 * row per partition it writes (one, or each of a `singleRun` range), inserted
 * at once. The rows are committed before the partition's transaction starts,
 * so the ledger shows what is running; repeating it for a retried attempt
 * adds new rows. @returns their ids, in the order of `partitions`.
 */
export async function recordAttemptsStart(
  { knex }: { knex: Knex },
  a: AttemptIdentity,
  partitions: AttemptPartition[],
): Promise<string[]> {
  return knex.transaction(async (trx) => {
    await trx<DbLedgerRow>(LEDGER_TABLE)
      .where({ workflow_id: a.workflowId, run_id: a.runId, status: 'running' })
      .update({ status: 'abandoned', finished_at: trx.raw('clock_timestamp()') as unknown as Date });
    const rows = await trx<DbLedgerRow>(LEDGER_TABLE)
      .insert(
        partitions.map((p) => ({
          asset: a.asset,
          partition_key: p.partitionKey,
          code_version: a.codeVersion,
          upstream_versions: p.upstreamVersions,
          status: 'running' as const,
          started_at: trx.raw('clock_timestamp()') as unknown as Date,
          workflow_id: a.workflowId,
          run_id: a.runId,
          backfill_id: a.backfillId,
          attempt: a.attempt,
          shadow_of: a.shadowOf ?? null,
        })),
      )
      .returning(['id', 'partition_key']);
    // RETURNING order is not promised for a multi-row insert: match by key.
    const idOf = new Map(rows.map((r) => [r.partition_key, String(r.id)]));
    // Inputs written by this same run get their version now that their rows have ids, so a
    // cumulative range does not look stale to planning (each partition read the one before).
    for (const p of partitions) {
      for (const key of p.readsWithinRun ?? []) {
        await trx(LEDGER_TABLE)
          .where({ id: idOf.get(p.partitionKey)! })
          .update({ upstream_versions: trx.raw('upstream_versions || jsonb_build_object(?::text, ?::text)', [`${a.asset}/${key}`, idOf.get(key)!]) });
      }
    }
    return partitions.map((p) => idOf.get(p.partitionKey)!);
  });
}
