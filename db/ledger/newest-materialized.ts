import type { Knex } from 'knex';
import { LEDGER_TABLE } from '../rows';

/** Production successes of `asset` (shadow writes and rolled-back rows aside). */
const successes = (knex: Knex, asset: string) => knex(LEDGER_TABLE).where({ asset, status: 'succeeded' }).whereNull('shadow_of');

/**
 * The greatest partition key of `asset` with a production success (time keys
 * sort by time), read backwards along the ledger's (asset, partition_key) index;
 * undefined when it has none.
 */
export async function newestMaterializedKey({ knex }: { knex: Knex }, asset: string): Promise<string | undefined> {
  const row = (await successes(knex, asset).select('partition_key').orderBy('partition_key', 'desc').first()) as { partition_key: string } | undefined;
  return row?.partition_key;
}

/** When the newest production success of `asset` finished; undefined when it has none. */
export async function lastMaterializedAt({ knex }: { knex: Knex }, asset: string): Promise<Date | undefined> {
  const [row] = await successes(knex, asset).max<Array<{ at: Date | null }>>({ at: 'finished_at' });
  return row?.at ? new Date(row.at) : undefined;
}
