import type { Db } from '../db';
import { failingRows, type FailingRows } from './failing-rows';

/**
 * The values of `columns` found in more than one row of `table`, each with its
 * `count` (a `unique` check). Nulls group together: two rows with the same
 * null key are duplicates here, unlike under a UNIQUE constraint.
 */
export async function duplicateKeys({ knex }: { knex: Db }, { table, columns }: { table: string; columns: readonly string[] }): Promise<FailingRows> {
  const key = columns.map(() => '??').join(', ');
  return failingRows(
    knex,
    knex.raw(`SELECT ${key}, count(*) AS count FROM ?? GROUP BY ${key} HAVING count(*) > 1`, [...columns, table, ...columns]),
    { ordered: true },
  );
}
