/** Applies Retrofill's schema in code: tests, the demo and workers call it first. */
import type { Knex } from 'knex';
import * as createLedger from './migrations/20240101000000_create_ledger';
import * as createRateLimits from './migrations/20240102000000_create_rate_limits';
import * as createCheckpoints from './migrations/20240103000000_create_checkpoints';

type Migration = { up(knex: Knex): Promise<void>; down(knex: Knex): Promise<void> };

// Listed in code rather than read from a folder, so it works the same from tsx, tests and bundles.
const MIGRATIONS: Record<string, Migration> = {
  '20240101000000_create_ledger': createLedger,
  '20240102000000_create_rate_limits': createRateLimits,
  '20240103000000_create_checkpoints': createCheckpoints,
};

const source: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(MIGRATIONS).sort(),
  getMigrationName: (name) => name,
  getMigration: async (name) => MIGRATIONS[name]!,
};

/** Brings the database to the latest schema; safe to run from several processes (knex locks). */
export async function migrate(knex: Knex): Promise<void> {
  await knex.migrate.latest({ migrationSource: source, tableName: 'retrofill_migrations' });
}
