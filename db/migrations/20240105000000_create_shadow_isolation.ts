import type { Knex } from 'knex';

/**
 * Shadow isolation: which backfills keep a shadow and where it stands, which
 * partitions each shadow holds, the results of its checks, and ledger rows
 * that belong to a shadow until it is published.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('retrofill_ledger', (t) => {
    t.text('shadow_of');
    t.index(['shadow_of'], 'retrofill_ledger_shadow_idx');
  });
  await knex.raw('ALTER TABLE retrofill_ledger DROP CONSTRAINT retrofill_ledger_status_check');
  await knex.raw(
    `ALTER TABLE retrofill_ledger ADD CONSTRAINT retrofill_ledger_status_check
     CHECK (status IN ('running', 'succeeded', 'failed', 'abandoned', 'cancelled', 'rolled_back'))`,
  );
  await knex.schema.createTable('retrofill_shadows', (t) => {
    t.text('backfill_id').primary();
    t.text('state').notNullable();
    t.specificType('created_at', 'timestamptz').notNullable();
    t.integer('keep_replaced_days').notNullable();
    t.specificType('published_at', 'timestamptz');
    t.specificType('keep_replaced_until', 'timestamptz');
    t.specificType('rolled_back_at', 'timestamptz');
    t.jsonb('publication');
  });
  await knex.raw(
    `ALTER TABLE retrofill_shadows ADD CONSTRAINT retrofill_shadows_state_check
     CHECK (state IN ('building', 'published', 'rolled_back', 'expired', 'discarded'))`,
  );
  await knex.schema.createTable('retrofill_shadow_partitions', (t) => {
    t.text('backfill_id').notNullable();
    t.text('asset').notNullable();
    t.text('partition_key').notNullable();
    t.specificType('window_start', 'timestamptz');
    t.specificType('window_end', 'timestamptz');
    t.primary(['backfill_id', 'asset', 'partition_key']);
    t.index(['backfill_id', 'asset', 'window_start'], 'retrofill_shadow_partitions_window_idx');
  });
  await knex.schema.createTable('retrofill_check_results', (t) => {
    t.bigIncrements('id');
    t.text('backfill_id').notNullable();
    t.text('asset').notNullable();
    t.text('check_name').notNullable();
    t.text('severity').notNullable();
    t.boolean('passed').notNullable();
    t.text('message').notNullable();
    t.bigInteger('failing_count').notNullable().defaultTo(0);
    t.jsonb('failing_sample').notNullable().defaultTo('[]');
    t.specificType('checked_at', 'timestamptz').notNullable();
    t.index(['backfill_id'], 'retrofill_check_results_backfill_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('retrofill_check_results');
  await knex.schema.dropTable('retrofill_shadow_partitions');
  await knex.schema.dropTable('retrofill_shadows');
  await knex.raw('ALTER TABLE retrofill_ledger DROP CONSTRAINT retrofill_ledger_status_check');
  await knex.raw(
    `ALTER TABLE retrofill_ledger ADD CONSTRAINT retrofill_ledger_status_check
     CHECK (status IN ('running', 'succeeded', 'failed', 'abandoned', 'cancelled'))`,
  );
  await knex.schema.alterTable('retrofill_ledger', (t) => t.dropColumn('shadow_of'));
}
