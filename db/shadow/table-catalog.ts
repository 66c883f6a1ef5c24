/** What PostgreSQL's catalog says of a production table: its schema, column types, primary key. */
import type { Db } from '../db';
import { rawRows } from '../raw-rows';
import type { Asset } from '../../assets/define-asset';
import type { PartitionedTable } from './partition-match';

/** `schema.name` of `table` as the session resolves it. @throws Error when it does not exist. */
export async function qualifiedTable(knex: Db, table: string): Promise<string> {
  const rows = await rawRows<{ schema: string; name: string }>(
    knex,
    `SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.oid = to_regclass(?)`,
    [table],
  );
  if (rows.length === 0) throw new Error(`table ${table} does not exist`);
  return `${rows[0]!.schema}.${rows[0]!.name}`;
}

/** The PostgreSQL type of `column` of `table`, e.g. `date`. @throws Error when there is no such column. */
export async function columnType(knex: Db, table: string, column: string): Promise<string> {
  const rows = await rawRows<{ type: string }>(
    knex,
    `SELECT format_type(atttypid, atttypmod) AS type FROM pg_attribute
      WHERE attrelid = to_regclass(?) AND attname = ? AND attnum > 0 AND NOT attisdropped`,
    [table, column],
  );
  if (rows.length === 0) throw new Error(`table ${table} has no column ${column}`);
  return rows[0]!.type;
}

/** The columns of `table`'s primary key, in key order; empty when it has none. */
export async function primaryKeyColumns(knex: Db, table: string): Promise<string[]> {
  const rows = await rawRows<{ name: string }>(
    knex,
    `SELECT a.attname AS name FROM pg_index i
       JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) ON TRUE
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
      WHERE i.indrelid = to_regclass(?) AND i.indisprimary
      ORDER BY k.n`,
    [table],
  );
  return rows.map((r) => r.name);
}

/** How rows of `asset`'s production table map to partitions, read from the catalog. */
export async function partitionedTable(knex: Db, asset: Asset): Promise<PartitionedTable> {
  const kind = asset.partitions.kind;
  if (kind === 'unpartitioned') return { asset: asset.name, partitions: kind };
  const column = asset.partitionColumn!;
  if (asset.partitions.kind !== 'time') return { asset: asset.name, partitions: kind, column };
  return { asset: asset.name, partitions: kind, column, columnType: await columnType(knex, asset.table, column), granularity: asset.partitions.granularity, ...(asset.partitions.every !== undefined && { every: asset.partitions.every }) };
}
