import type { Knex } from 'knex';

/** The ledger: one row per materialization attempt. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('retrofill_ledger', (t) => {
    t.bigIncrements('id');
    t.text('asset').notNullable();
    t.text('partition_key').notNullable();
    t.text('code_version').notNullable();
    t.jsonb('upstream_versions').notNullable().defaultTo('{}');
    t.text('status').notNullable();
    t.bigInteger('row_count');
    t.specificType('started_at', 'timestamptz').notNullable();
    t.specificType('finished_at', 'timestamptz');
    t.text('workflow_id').notNullable();
    t.text('run_id').notNullable();
    t.text('backfill_id');
    t.integer('attempt').notNullable();
    t.text('error');
    t.index(['asset', 'partition_key', 'id'], 'retrofill_ledger_partition_idx');
    t.index(['backfill_id'], 'retrofill_ledger_backfill_idx');
  });
  await knex.raw(
    `ALTER TABLE retrofill_ledger ADD CONSTRAINT retrofill_ledger_status_check
     CHECK (status IN ('running', 'succeeded', 'failed', 'abandoned', 'cancelled'))`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('retrofill_ledger');
}
