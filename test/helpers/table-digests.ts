/**
 * Rows and checksum of every table of a test database: what the hostile
 * suites compare before and after each refused call, to show nothing was
 * written (the ledger's row count included).
 */
import type { Knex } from 'knex';
import { expect } from 'vitest';
import { LEDGER_TABLE } from '../../db/rows';

export interface TableDigest {
  rows: number;
  /** md5 of every row's text, in order: any write, even one that keeps the count, changes it. */
  checksum: string | null;
}

/** Every base table of the public schema (ledger, assets' tables, anything a migration adds), but knex's own. */
export async function tableDigests(db: Knex): Promise<Record<string, TableDigest>> {
  const tables: Array<{ table_name: string }> = await db('information_schema.tables')
    .select('table_name')
    .where({ table_schema: 'public', table_type: 'BASE TABLE' })
    .whereNot('table_name', 'like', 'knex_%')
    .orderBy('table_name');
  const digests: Record<string, TableDigest> = {};
  for (const { table_name } of tables) {
    const { rows } = await db.raw('SELECT count(*)::int AS rows, md5(string_agg(t::text, chr(10) ORDER BY t::text)) AS checksum FROM ?? t', [table_name]);
    digests[table_name] = rows[0];
  }
  return digests;
}

/**
 * Runs `body` and expects that it wrote nothing: the same tables with the same
 * rows and checksums, the ledger with as many rows as before.
 */
export async function expectNothingWritten<T>(db: Knex, body: () => Promise<T>): Promise<T> {
  const before = await tableDigests(db);
  expect(before[LEDGER_TABLE], 'the ledger exists').toBeDefined();
  const result = await body();
  const after = await tableDigests(db);
  expect(after[LEDGER_TABLE]!.rows, 'ledger rows').toBe(before[LEDGER_TABLE]!.rows);
  expect(after).toEqual(before);
  return result;
}
