/**
 * For one asset of a shadow backfill, how each partition the shadow holds
 * differs between production and the shadow's data table: the counts behind
 * `retrofill diff`. Read-only.
 */
import type { Db } from '../db';
import { rawRows } from '../raw-rows';
import type { PartitionDiff } from '../../core/shadow/shadow-diff';
import { SHADOW_PARTITIONS_TABLE } from '../rows';
import { partitionJoin, type PartitionedTable } from './partition-match';

export interface PartitionDiffSource {
  backfillId: string;
  /** How the asset's rows map to partitions. */
  table: PartitionedTable;
  /** The qualified production table. */
  production: string;
  /** The qualified shadow data table (`shadowTables(...).data`). */
  shadow: string;
  /** Production's primary key columns; [] to compare whole rows. */
  primaryKey: readonly string[];
}

/**
 * One entry per partition the shadow holds, ordered by window then key,
 * including partitions where neither side has a row. With a primary key, a
 * row is matched within its partition by the key: a key on both sides whose
 * row differs (`IS DISTINCT FROM`, so 1.0 equals 1.00 and NULL equals NULL)
 * is changed, a key on one side only is added or removed. Without one, the
 * two sides are compared as multisets of whole rows (EXCEPT ALL) and nothing
 * counts as changed. Columns must have an equality operator (not `json`).
 */
export async function partitionDiffs({ knex }: { knex: Db }, source: PartitionDiffSource): Promise<PartitionDiff[]> {
  const { table, primaryKey } = source;
  // Key columns under their own aliases (k0, k1, ...), so a column named like ours cannot clash.
  const keyColumns = (alias: string) => primaryKey.map((_, i) => `, ${alias}.?? AS k${i}`).join('');
  const sideOf = (alias: string) =>
    `SELECT s.partition_key AS k${keyColumns(alias)}, ROW(${alias}.*) AS r FROM s JOIN ?? AS ${alias} ON ${partitionJoin(table, alias, 's')}`;
  const counts = primaryKey.length > 0 ? countsByKey(primaryKey.length) : COUNTS_BY_WHOLE_ROW;
  const rows = await rawRows<Record<string, string | number>>(
    knex,
    `WITH s AS (
       SELECT partition_key, window_start, window_end FROM ${SHADOW_PARTITIONS_TABLE} WHERE backfill_id = ? AND asset = ?
     ), before AS (${sideOf('p')}), after AS (${sideOf('q')}), ${counts}
     SELECT s.partition_key AS partition, coalesce(c.rows_before, 0) AS rows_before, coalesce(c.rows_after, 0) AS rows_after,
            coalesce(c.added, 0) AS added, coalesce(c.removed, 0) AS removed, coalesce(c.changed, 0) AS changed
       FROM s LEFT JOIN counts AS c ON c.k = s.partition_key
      ORDER BY s.window_start, s.partition_key COLLATE "C"`,
    [source.backfillId, table.asset, ...primaryKey, source.production, ...primaryKey, source.shadow],
  );
  return rows.map((r) => ({
    partition: String(r.partition),
    rowsBefore: Number(r.rows_before),
    rowsAfter: Number(r.rows_after),
    added: Number(r.added),
    removed: Number(r.removed),
    changed: Number(r.changed),
  }));
}

/** Rows matched by partition and primary key (never NULL, so `=` matches). */
function countsByKey(keyColumns: number): string {
  const sameKey = Array.from({ length: keyColumns }, (_, i) => ` AND a.k${i} = b.k${i}`).join('');
  return `matched AS (
      SELECT b.k AS bk, a.k AS ak, b.r IS DISTINCT FROM a.r AS differs FROM before AS b FULL JOIN after AS a ON a.k = b.k${sameKey}
    ), counts AS (
      SELECT coalesce(bk, ak) AS k, count(bk) AS rows_before, count(ak) AS rows_after,
             count(*) FILTER (WHERE bk IS NULL) AS added, count(*) FILTER (WHERE ak IS NULL) AS removed,
             count(*) FILTER (WHERE bk IS NOT NULL AND ak IS NOT NULL AND differs) AS changed
        FROM matched GROUP BY 1
    )`;
}

/** Whole rows as multisets per partition: a duplicated row counts as often as it occurs. */
const COUNTS_BY_WHOLE_ROW = `counts AS (
      SELECT k, sum(rows_before) AS rows_before, sum(rows_after) AS rows_after, sum(added) AS added, sum(removed) AS removed, 0 AS changed
        FROM (
          SELECT k, 1 AS rows_before, 0 AS rows_after, 0 AS added, 0 AS removed FROM before
          UNION ALL SELECT k, 0, 1, 0, 0 FROM after
          UNION ALL SELECT k, 0, 0, 1, 0 FROM (SELECT k, r FROM after EXCEPT ALL SELECT k, r FROM before) AS x
          UNION ALL SELECT k, 0, 0, 0, 1 FROM (SELECT k, r FROM before EXCEPT ALL SELECT k, r FROM after) AS y
        ) AS n
       GROUP BY k
    )`;
