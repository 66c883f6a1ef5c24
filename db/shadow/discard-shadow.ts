/**
 * Drops the tables of a shadow that was never published (its checks failed,
 * a partition failed, or it was cancelled), once it has been inspected.
 * Production and the ledger's production rows are not touched; the shadow's
 * own ledger rows stay, invisible to planning. Repeating it changes nothing.
 */
import type { Knex } from 'knex';
import { SHADOW_PARTITIONS_TABLE, SHADOWS_TABLE, ShadowState } from '../rows';
import { ShadowStateError } from './shadow-errors';
import { lockShadow } from './shadow-assets';
import { shadowSchemas } from './shadow-names';

export async function discardShadow({ knex }: { knex: Knex }, backfillId: string): Promise<void> {
  await knex.transaction(async (trx) => {
    const shadow = await lockShadow(trx, backfillId);
    if (shadow.state === ShadowState.DISCARDED) return;
    if (shadow.state !== ShadowState.BUILDING && shadow.state !== ShadowState.CHECKS_FAILED) {
      throw new ShadowStateError(`backfill ${backfillId} was published: its shadow is production now (retrofill rollback restores what it replaced)`);
    }
    const schemas = shadowSchemas(backfillId);
    await trx.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [schemas.read]);
    await trx.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [schemas.data]);
    await trx(SHADOW_PARTITIONS_TABLE).where({ backfill_id: backfillId }).delete();
    await trx(SHADOWS_TABLE).where({ backfill_id: backfillId }).update({ state: ShadowState.DISCARDED });
  });
}
