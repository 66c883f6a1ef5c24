/**
 * A table's row count and an order-independent hash of its rows (the sum of
 * each row's md5, cut to 60 bits): two tables with the same fingerprint hold
 * the same rows. Unlike an md5 of every row in order, it needs no sort and no
 * gigabyte string on tables of millions of rows.
 */
import type { Knex } from 'knex';

export interface TableFingerprint {
  rows: number;
  hash: string;
}

export async function tableFingerprint(db: Knex, table: string): Promise<TableFingerprint> {
  const result = await db.raw<{ rows: TableFingerprint[] }>(
    `SELECT count(*)::int AS rows, coalesce(sum(('x' || substr(md5(t::text), 1, 15))::bit(60)::bigint), 0)::text AS hash FROM ?? AS t`,
    [table],
  );
  return result.rows[0]!;
}

/** Tables whose fingerprint differs from the expected one, e.g. `dag_sales_ytd (1461 rows, expected 1460)`. */
export async function differingTables(db: Knex, expected: Record<string, TableFingerprint>): Promise<string[]> {
  const differing: string[] = [];
  for (const [table, want] of Object.entries(expected)) {
    const got = await tableFingerprint(db, table);
    if (got.rows !== want.rows || got.hash !== want.hash) differing.push(`${table} (${got.rows} rows, expected ${want.rows})`);
  }
  return differing;
}
