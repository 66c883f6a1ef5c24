/** The assets a shadow holds at least one partition of. */
import type { Knex } from 'knex';
import { SHADOW_PARTITIONS_TABLE, type DbShadowPartitionRow } from '../rows';

/** Their names, in no particular order. */
export async function shadowAssets({ knex }: { knex: Knex | Knex.Transaction }, backfillId: string): Promise<string[]> {
  const rows = await knex<DbShadowPartitionRow>(SHADOW_PARTITIONS_TABLE).distinct('asset').where({ backfill_id: backfillId });
  return rows.map((r) => r.asset);
}
