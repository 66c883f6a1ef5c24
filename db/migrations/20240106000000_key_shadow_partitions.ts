import type { Knex } from 'knex';

/**
 * A server-derived key for the backfill of each shadow partition: the md5 of
 * its id, computed by PostgreSQL. A shadow's read view is DDL, which takes no
 * bind parameters, so it names its backfill by this key (hex digits only)
 * rather than by the id, which the caller chose and which could not be put
 * into SQL text safely (a backslash in a quoted literal means something else
 * under `standard_conforming_strings = off`). Generated, so every writer of
 * the table gets it without knowing of it.
 */
export async function up(knex: Knex): Promise<void> {
  // md5(text) is immutable (as a generated column needs) and hashes the id as the database stores it;
  // prepare-shadow asks the server for md5(id) too, so both agree whatever the database encoding.
  await knex.raw('ALTER TABLE retrofill_shadow_partitions ADD COLUMN shadow_key text NOT NULL GENERATED ALWAYS AS (md5(backfill_id)) STORED');
  await knex.raw('CREATE INDEX retrofill_shadow_partitions_key_idx ON retrofill_shadow_partitions (shadow_key, asset, window_start)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX retrofill_shadow_partitions_key_idx');
  await knex.raw('ALTER TABLE retrofill_shadow_partitions DROP COLUMN shadow_key');
}
