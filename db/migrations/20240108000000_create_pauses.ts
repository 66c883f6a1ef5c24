import type { Knex } from 'knex';

/**
 * Backfills paused while batches run: a batch reads this between partitions,
 * so a pause stops it at the next partition, not at the end of its budget.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('retrofill_pauses', (t) => {
    t.text('pause_key').primary();
    t.specificType('paused_at', 'timestamptz').notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('retrofill_pauses');
}
