import { SHADOW_PARTITIONS_TABLE } from '../rows';
import { partitionJoin } from '../shadow/partition-match';
import type { CheckedShadow } from './checked-shadow';
import { END_OF_CHECK_SQL } from './database-message';
import type { Db } from '../db';
import { rawRows } from '../raw-rows';
import { SAMPLE_ROWS, type FailingRows } from './failing-rows';

/**
 * How many partitions the shadow holds for the asset, and those with fewer
 * than `minRows` backfilled rows, as `{ partition, rows }` in key order (a
 * `coverage` check).
 */
export async function partitionRowCounts(
  { knex }: { knex: Db },
  shadow: CheckedShadow,
  minRows: number,
): Promise<{ partitions: number; below: FailingRows }> {
  const [row] = await rawRows<{ partitions: string; below: string; sample: Array<Record<string, unknown>> }>(
    knex,
    `WITH counts AS (
       SELECT s.partition_key AS partition, (SELECT count(*) FROM ?? AS d WHERE ${partitionJoin(shadow.partitioned, 'd', 's')}) AS rows
         FROM ${SHADOW_PARTITIONS_TABLE} s WHERE s.backfill_id = ? AND s.asset = ?
     ), below AS (SELECT * FROM counts WHERE rows < ?)
     SELECT (SELECT count(*) FROM counts) AS partitions, (SELECT count(*) FROM below) AS below,
            (SELECT coalesce(jsonb_agg(to_jsonb(b) ORDER BY b.partition), '[]') FROM (SELECT * FROM below ORDER BY partition LIMIT ${SAMPLE_ROWS}) b) AS sample
     ${END_OF_CHECK_SQL}`,
    [shadow.data, shadow.backfillId, shadow.partitioned.asset, minRows],
  );
  return { partitions: Number(row!.partitions), below: { count: Number(row!.below), sample: row!.sample } };
}
