import type { Db } from '../db';
import { failingRows, type FailingRows } from './failing-rows';

/** The rows of `table` with a null in any of `columns` (a `notNull` check). */
export async function nullRows({ knex }: { knex: Db }, { table, columns }: { table: string; columns: readonly string[] }): Promise<FailingRows> {
  const anyNull = columns.map(() => '?? IS NULL').join(' OR ');
  return failingRows(knex, knex.raw(`SELECT * FROM ?? WHERE ${anyNull}`, [table, ...columns]), { ordered: true });
}
