/**
 * SQL that tells whether a row of an asset's table belongs to a partition a
 * shadow holds: used by the read view, publish, rollback and diff, so all
 * four agree on which rows are replaced.
 */
import type { PartitionsDef } from '../../core/partitions/partitions-def';
import { SHADOW_PARTITIONS_TABLE } from '../rows';
import { sqlLiteral } from './shadow-names';

/** What decides the partition of a row of one asset's table. */
export interface PartitionedTable {
  asset: string;
  partitions: PartitionsDef['kind'];
  /** The partition column; absent for an unpartitioned asset. */
  column?: string;
  /** Its PostgreSQL type, e.g. `date` or `timestamp with time zone` (time partitions only). */
  columnType?: string;
}

/** Column types that hold a wall-clock time, read as UTC like partition keys. */
const WITHOUT_TIME_ZONE = new Set(['date', 'timestamp without time zone']);

/**
 * The condition joining row alias `row` to shadow partition alias `s` (a row
 * of retrofill_shadow_partitions of the same backfill and asset).
 */
export function partitionJoin(table: PartitionedTable, row: string, s: string): string {
  if (table.partitions === 'unpartitioned') return 'TRUE';
  const column = `${row}."${table.column}"`;
  if (table.partitions === 'static') return `${s}.partition_key = ${column}::text`;
  // A date or plain timestamp compares with the window's UTC wall-clock time, whatever the session's time zone.
  const bound = (b: string) => (WITHOUT_TIME_ZONE.has(table.columnType ?? '') ? `(${s}.${b} AT TIME ZONE 'UTC')` : `${s}.${b}`);
  return `${column} >= ${bound('window_start')} AND ${column} < ${bound('window_end')}`;
}

/** True for rows of `row` whose partition the shadow of `backfillId` holds. */
export function inShadowPartition(backfillId: string, table: PartitionedTable, row: string): string {
  return (
    `EXISTS (SELECT 1 FROM ${SHADOW_PARTITIONS_TABLE} s WHERE s.backfill_id = ${sqlLiteral(backfillId)}` +
    ` AND s.asset = ${sqlLiteral(table.asset)} AND ${partitionJoin(table, row, 's')})`
  );
}
