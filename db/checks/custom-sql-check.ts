import type { Knex } from 'knex';
import type { CheckedShadow } from './checked-shadow';
import { failingRows, type FailingRows } from './failing-rows';

/**
 * The rows a custom check's `sql` returns, with `:table:` bound to the shadow
 * data table and `:production:` to the production table. It runs in a
 * read-only transaction of its own: a check can read anything but change nothing.
 */
export async function customSqlCheck({ knex }: { knex: Knex }, shadow: CheckedShadow, sql: string): Promise<FailingRows> {
  // A trailing semicolon would end the query it is wrapped in. Its only bindings are the two
  // named tables, so every `?` is SQL's own (jsonb `?`, text): knex must not take it for a value.
  const query = sql.trim().replace(/;\s*$/, '').replace(/\?/g, '\\?');
  return knex.transaction(async (trx) => {
    await trx.raw('SET TRANSACTION READ ONLY');
    return failingRows(trx, trx.raw(query, { table: shadow.data, production: shadow.production }), { ordered: false });
  });
}
