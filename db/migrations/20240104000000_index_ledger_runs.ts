import type { Knex } from 'knex';

/** Ledger rows by partition run: each attempt looks up its run's earlier attempts. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('retrofill_ledger', (t) => t.index(['workflow_id', 'run_id'], 'retrofill_ledger_run_idx'));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('retrofill_ledger', (t) => t.dropIndex(['workflow_id', 'run_id'], 'retrofill_ledger_run_idx'));
}
