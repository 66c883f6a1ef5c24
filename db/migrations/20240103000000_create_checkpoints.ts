import type { Knex } from 'knex';

/**
 * Checkpoints of long partitions, committed with the rows staged up to them,
 * so a retry after a crash resumes exactly where the staged data ends.
 * Staging tables live in their own schema, one per partition run.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('retrofill_checkpoints', (t) => {
    t.text('workflow_id').notNullable();
    t.text('run_id').notNullable();
    t.jsonb('checkpoint').notNullable();
    t.text('staging_table').notNullable();
    t.specificType('updated_at', 'timestamptz').notNullable();
    t.primary(['workflow_id', 'run_id']);
  });
  await knex.raw('CREATE SCHEMA IF NOT EXISTS retrofill_staging');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('retrofill_checkpoints');
  await knex.raw('DROP SCHEMA IF EXISTS retrofill_staging CASCADE');
}
