import type { Knex } from 'knex';

/** Shared rate limits: the next free slot per key, for every worker process at once. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('retrofill_rate_limits', (t) => {
    t.text('key').primary();
    t.specificType('next_slot', 'timestamptz').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('retrofill_rate_limits');
}
