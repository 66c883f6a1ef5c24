import type { Asset } from '../../assets/define-asset';
import type { PartitionedTable } from '../shadow/partition-match';
import { shadowTables } from '../shadow/shadow-names';
import { partitionedTable, qualifiedTable } from '../shadow/table-catalog';
import type { Db } from '../db';
import { rawRows } from '../raw-rows';

/** What every check of one asset reads: the backfilled rows and the production rows they replace. */
export interface CheckedShadow {
  backfillId: string;
  /** The shadow data table: exactly the rows the backfill wrote. */
  data: string;
  /** The production table, schema-qualified. */
  production: string;
  partitioned: PartitionedTable;
}

/**
 * The shadow of `asset` in backfill `backfillId`.
 * @throws Error naming the missing table when production or the shadow has none.
 */
export async function checkedShadow({ knex }: { knex: Db }, backfillId: string, asset: Asset): Promise<CheckedShadow> {
  const production = await qualifiedTable(knex, asset.table);
  const { data } = shadowTables(backfillId, asset);
  const [row] = await rawRows<{ found: boolean }>(knex, 'SELECT to_regclass(?) IS NOT NULL AS found', [data]);
  if (!row!.found) throw new Error(`the shadow of backfill ${backfillId} has no table ${data} for asset ${asset.name}: it was not prepared`);
  return { backfillId, data, production, partitioned: await partitionedTable(knex, asset) };
}
