/**
 * Lets the checks role read exactly the tables a custom check is given
 * (`:table:`, the shadow's rows, and `:production:`): USAGE on their schemas
 * and SELECT on them, granted by the worker (which owns the shadow, and
 * usually the assets' tables) only when missing.
 */
import type { Knex } from 'knex';
import { rawRows } from '../../raw-rows';
import { retryingConcurrentChange } from './provision-checks-role';

/**
 * @param tables schema-qualified names, as Retrofill resolved them.
 * @throws Error naming the table and the grant to make when the worker may not grant it.
 */
export async function grantCheckReads(db: Knex, role: string, tables: readonly string[]): Promise<void> {
  for (const table of new Set(tables)) {
    const schema = table.slice(0, table.lastIndexOf('.'));
    const [granted] = await rawRows<{ usage: boolean; select: boolean }>(
      db,
      `SELECT has_schema_privilege(?, n.oid, 'USAGE') AS usage, has_table_privilege(?, c.oid, 'SELECT') AS select
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass(?)`,
      [role, role, table],
    );
    if (!granted) throw new Error(`table ${table} does not exist`);
    try {
      if (!granted.usage) await retryingConcurrentChange(() => db.raw('GRANT USAGE ON SCHEMA ?? TO ??', [schema, role]));
      if (!granted.select) await retryingConcurrentChange(() => db.raw('GRANT SELECT ON TABLE ?? TO ??', [table, role]));
    } catch (error) {
      if ((error as { code?: unknown }).code !== '42501') throw error;
      throw new Error(`the checks role ${role} may not read ${table}, and the worker may not grant it: GRANT USAGE ON SCHEMA ${schema} and SELECT ON ${table} TO ${role}`, {
        cause: error,
      });
    }
  }
}
