/** One backfill's shadow row, if it was started with `isolation: 'shadow'`. */
import type { Knex } from 'knex';
import { SHADOWS_TABLE, type DbShadowRow } from '../rows';

export async function readShadow({ knex }: { knex: Knex | Knex.Transaction }, backfillId: string): Promise<DbShadowRow | undefined> {
  return knex<DbShadowRow>(SHADOWS_TABLE).where({ backfill_id: backfillId }).first();
}
