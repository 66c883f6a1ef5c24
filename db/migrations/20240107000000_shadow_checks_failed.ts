import type { Knex } from 'knex';

/**
 * A shadow whose blocking checks failed is recorded as such (`checks_failed`),
 * not left `building`: the summary's `checksFailed`, `status` and the table
 * tell the same story, and publish can say why it refuses.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE retrofill_shadows DROP CONSTRAINT retrofill_shadows_state_check');
  await knex.raw(
    `ALTER TABLE retrofill_shadows ADD CONSTRAINT retrofill_shadows_state_check
     CHECK (state IN ('building', 'checks_failed', 'published', 'rolled_back', 'expired', 'discarded'))`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex('retrofill_shadows').where({ state: 'checks_failed' }).update({ state: 'building' });
  await knex.raw('ALTER TABLE retrofill_shadows DROP CONSTRAINT retrofill_shadows_state_check');
  await knex.raw(
    `ALTER TABLE retrofill_shadows ADD CONSTRAINT retrofill_shadows_state_check
     CHECK (state IN ('building', 'published', 'rolled_back', 'expired', 'discarded'))`,
  );
}
