/** Reads of the demo database that selection tests compare before and after a step. */
import type { Knex } from 'knex';
import { DEMO_TABLES, tableChecksum } from '../../examples/demo/reference';
import { LEDGER_TABLE } from '../../db/rows';

export type Checksums = Record<string, { rows: number; md5: string }>;

/**
 * Row count and md5 of every demo table (`prefix` + name), in a stable row
 * order, all read in one REPEATABLE READ snapshot: a publish that commits
 * between two tables' reads must not look like a half-published state.
 */
export async function demoChecksums(db: Knex, prefix = ''): Promise<Checksums> {
  return db.transaction(async (trx) => {
    await trx.raw('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const out: Checksums = {};
    for (const [table, order] of Object.entries(DEMO_TABLES)) out[table] = await tableChecksum(trx, prefix + table, order);
    return out;
  });
}

/** The ledger's row count and newest id: any write changes them. */
export async function ledgerMark(db: Knex): Promise<{ rows: number; maxId: string | null }> {
  const [row] = await db(LEDGER_TABLE).select(db.raw('count(*)::int AS rows'), db.raw('max(id)::text AS "maxId"'));
  return row as { rows: number; maxId: string | null };
}

/** `asset/key` of every partition a backfill materialized, sorted. */
export async function materializedBy(db: Knex, backfillId: string): Promise<string[]> {
  const rows = await db(LEDGER_TABLE).where({ backfill_id: backfillId, status: 'succeeded' }).select('asset', 'partition_key');
  return rows.map((r: { asset: string; partition_key: string }) => `${r.asset}/${r.partition_key}`).sort();
}
