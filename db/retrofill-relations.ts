/**
 * Retrofill's own tables and schemas. An asset's table has its partitions
 * deleted and rewritten, so the catalog refuses an asset naming one of these:
 * `table: 'retrofill_ledger'` on an unpartitioned asset once deleted the
 * whole ledger and reported success.
 */
import { STAGING_SCHEMA } from './checkpoints/partition-staging';
import { MIGRATIONS_TABLE } from './migrate';
import { PAUSES_TABLE } from './pauses/backfill-pauses';
import { CHECK_RESULTS_TABLE, LEDGER_TABLE, SHADOW_PARTITIONS_TABLE, SHADOWS_TABLE } from './rows';
import { SHADOW_SCHEMA_PREFIXES } from './shadow/shadow-names';

/** Every table Retrofill's migrations create (in the schema first on the worker's search_path), and what it holds. */
export const RETROFILL_TABLES: ReadonlyMap<string, string> = new Map([
  [LEDGER_TABLE, 'the ledger'],
  ['retrofill_rate_limits', 'the rate limits'],
  ['retrofill_checkpoints', 'the staging checkpoints'],
  [SHADOWS_TABLE, 'the shadows'],
  [SHADOW_PARTITIONS_TABLE, "the shadows' partitions"],
  [CHECK_RESULTS_TABLE, 'the check results'],
  [PAUSES_TABLE, 'the pauses of backfills'],
  [MIGRATIONS_TABLE, 'the applied migrations'],
  [`${MIGRATIONS_TABLE}_lock`, 'the migration lock'],
]);

/**
 * What `table` (an asset's table, `name` or `schema.name`) is of Retrofill's,
 * e.g. `the ledger (retrofill_ledger)`, or undefined when it is none of them.
 * Compared in lower case, as PostgreSQL folds unquoted names; a Retrofill
 * table name is refused in any schema, since which one the worker's
 * search_path finds first is not known here.
 */
export function retrofillRelation(table: string): string | undefined {
  const parts = table.toLowerCase().split('.');
  const name = parts[parts.length - 1]!;
  const schema = parts.length > 1 ? parts[0]! : undefined;
  if (schema === STAGING_SCHEMA) return `in the schema of staged rows (${schema})`;
  if (schema !== undefined && Object.values(SHADOW_SCHEMA_PREFIXES).some((prefix) => schema.startsWith(prefix))) {
    return `in a schema of shadow backfills (${schema})`;
  }
  const what = RETROFILL_TABLES.get(name);
  return what === undefined ? undefined : `${what} (${name})`;
}
