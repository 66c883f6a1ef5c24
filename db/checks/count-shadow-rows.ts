import { shadowPartitionRows } from '../shadow/partition-match';
import type { CheckedShadow } from './checked-shadow';
import { END_OF_CHECK_SQL } from './database-message';
import type { Db } from '../db';
import { rawRows } from '../raw-rows';

/**
 * The rows the backfill wrote, and the production rows of the partitions the
 * shadow holds: what publish would replace them with and what it replaces (a
 * `rowCount` check).
 */
export async function countShadowRows({ knex }: { knex: Db }, shadow: CheckedShadow): Promise<{ shadowRows: number; productionRows: number }> {
  const replaced = shadowPartitionRows(shadow.backfillId, shadow.partitioned, 'p');
  const [row] = await rawRows<{ shadow_rows: string; production_rows: string }>(
    knex,
    `SELECT (SELECT count(*) FROM ??) AS shadow_rows,
            (SELECT count(*) FROM ?? AS p, ${replaced.from} WHERE ${replaced.where}) AS production_rows ${END_OF_CHECK_SQL}`,
    [shadow.data, shadow.production, ...replaced.bindings],
  );
  return { shadowRows: Number(row!.shadow_rows), productionRows: Number(row!.production_rows) };
}
