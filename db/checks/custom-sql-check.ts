import type { Knex } from 'knex';
import type { CheckedShadow } from './checked-shadow';
import { failingRowsQuery, toFailingRows, type FailingRows } from './failing-rows';
import type { CheckSandbox } from './sandbox/check-sandbox';

/**
 * The rows a custom check's `sql` returns, with `:table:` bound to the shadow
 * data table and `:production:` to the production table. It runs in the
 * checks' sandbox: as a role that may read those two tables only, in a
 * read-only transaction rolled back at the end, under a timeout.
 */
export async function customSqlCheck(
  { knex, sandbox, signal }: { knex: Knex; sandbox: CheckSandbox; signal?: AbortSignal },
  shadow: CheckedShadow,
  sql: string,
): Promise<FailingRows> {
  // A trailing semicolon would end the query it is wrapped in. Its only bindings are the two
  // named tables, so every `?` is SQL's own (jsonb `?`, text): knex must not take it for a value.
  const query = sql.trim().replace(/;\s*$/, '').replace(/\?/g, '\\?');
  const failing = failingRowsQuery(knex, knex.raw(query, { table: shadow.data, production: shadow.production }), { ordered: false });
  // Compiled by knex (identifiers quoted, `$1` for the limit), run on the sandbox's own session.
  const { sql: text, bindings } = failing.toSQL().toNative();
  return toFailingRows(await sandbox.rows({ sql: text, bindings }, [shadow.data, shadow.production], signal));
}
