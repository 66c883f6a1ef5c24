/** Applies Retrofill's schema in code: tests, the demo and workers call it first. */
import type { Knex } from 'knex';
import * as createLedger from './migrations/20240101000000_create_ledger';
import * as createRateLimits from './migrations/20240102000000_create_rate_limits';
import * as createCheckpoints from './migrations/20240103000000_create_checkpoints';
import * as indexLedgerRuns from './migrations/20240104000000_index_ledger_runs';
import * as createShadowIsolation from './migrations/20240105000000_create_shadow_isolation';
import * as keyShadowPartitions from './migrations/20240106000000_key_shadow_partitions';
import * as shadowChecksFailed from './migrations/20240107000000_shadow_checks_failed';
import * as createPauses from './migrations/20240108000000_create_pauses';

type Migration = { up(knex: Knex): Promise<void>; down(knex: Knex): Promise<void> };

// Listed in code rather than read from a folder, so it works the same from tsx, tests and bundles.
const MIGRATIONS: Record<string, Migration> = {
  '20240101000000_create_ledger': createLedger,
  '20240102000000_create_rate_limits': createRateLimits,
  '20240103000000_create_checkpoints': createCheckpoints,
  '20240104000000_index_ledger_runs': indexLedgerRuns,
  '20240105000000_create_shadow_isolation': createShadowIsolation,
  '20240106000000_key_shadow_partitions': keyShadowPartitions,
  '20240107000000_shadow_checks_failed': shadowChecksFailed,
  '20240108000000_create_pauses': createPauses,
};

const source: Knex.MigrationSource<string> = {
  getMigrations: () => Promise.resolve(Object.keys(MIGRATIONS).sort()),
  getMigrationName: (name) => name,
  getMigration: (name) => Promise.resolve(MIGRATIONS[name]!),
};

/** Where knex records the migrations applied (and, with `_lock` appended, its own lock). */
export const MIGRATIONS_TABLE = 'retrofill_migrations';

/** Any constant: serialises migrations of workers starting at once. */
const MIGRATION_LOCK = 7_246_129;

/**
 * Brings the database to the latest schema; safe from several processes at
 * once. knex's own lock fails instead of waiting, and it creates its
 * bookkeeping tables unlocked, so a PostgreSQL advisory lock, held in a
 * transaction on one pooled connection, makes concurrent workers take turns
 * (the pool needs a second connection for knex).
 */
export async function migrate(knex: Knex): Promise<void> {
  await knex.transaction(async (trx) => {
    await trx.raw('SELECT pg_advisory_xact_lock(?)', [MIGRATION_LOCK]);
    await knex.migrate.latest({ migrationSource: source, tableName: MIGRATIONS_TABLE });
  });
}
