/**
 * Rolls a published shadow backfill back: in one transaction, the partitions
 * it replaced get their previous rows again, and its ledger rows are marked
 * rolled back, so planning sees the partitions as they were before. Refused
 * when a later write changed one of those partitions (restoring would lose
 * it) or once the replaced rows expired. Repeating it returns the first rollback.
 */
import type { Knex } from 'knex';
import type { AssetCatalog } from '../../assets/asset-catalog';
import type { Publication, Rollback } from '../../core/shadow/publication';
import { rawRows } from '../raw-rows';
import { LEDGER_TABLE, LedgerStatus, SHADOW_PARTITIONS_TABLE, SHADOWS_TABLE, ShadowState, type DbShadowRow } from '../rows';
import { RollbackConflictError, ShadowStateError } from './shadow-errors';
import { lockProductionTables, lockShadow, shadowAssets } from './shadow-assets';
import { shadowSchemas } from './shadow-names';

/** Later writes named in a refusal. */
const NAMED_CONFLICTS = 10;

export async function rollbackShadow({ knex }: { knex: Knex }, catalog: AssetCatalog, backfillId: string): Promise<Rollback> {
  return knex.transaction(async (trx) => {
    const shadow = await lockShadow(trx, backfillId);
    const publication = shadow.publication as Publication | null;
    if (shadow.state === ShadowState.ROLLED_BACK) {
      return { backfillId, rolledBackAt: new Date(shadow.rolled_back_at!).toISOString(), assets: publication!.assets };
    }
    if (shadow.state === ShadowState.BUILDING || shadow.state === ShadowState.CHECKS_FAILED || shadow.state === ShadowState.DISCARDED) {
      throw new ShadowStateError(`backfill ${backfillId} was not published: production holds none of its rows, there is nothing to roll back`);
    }
    if (shadow.state === ShadowState.EXPIRED) {
      throw new ShadowStateError(
        `backfill ${backfillId} can no longer be rolled back: the rows it replaced were kept until ${new Date(shadow.keep_replaced_until!).toISOString()}`,
      );
    }
    const assets = await shadowAssets(trx, catalog, backfillId);
    await lockProductionTables(trx, assets);
    const later = await laterWrites(trx, backfillId);
    if (later.length > 0) {
      throw new RollbackConflictError(
        `backfill ${backfillId} cannot be rolled back: partitions it published were written again since, and restoring would lose that: ` +
          later.join(', ') + (later.length === NAMED_CONFLICTS ? ', ...' : ''),
      );
    }
    for (const a of assets) {
      await trx.raw(`DELETE FROM ?? AS p USING ${a.inShadow.from} WHERE ${a.inShadow.where}`, [a.production, ...a.inShadow.bindings]);
      await trx.raw('INSERT INTO ?? OVERRIDING SYSTEM VALUE SELECT * FROM ??', [a.production, a.tables.replaced]);
    }
    await trx(LEDGER_TABLE).where({ backfill_id: backfillId, status: LedgerStatus.SUCCEEDED }).update({ status: LedgerStatus.ROLLED_BACK });
    const [row] = await trx<DbShadowRow>(SHADOWS_TABLE)
      .where({ backfill_id: backfillId })
      .update({ state: ShadowState.ROLLED_BACK, rolled_back_at: trx.fn.now() })
      .returning('rolled_back_at');
    await trx.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [shadowSchemas(backfillId).replaced]);
    return { backfillId, rolledBackAt: new Date(row!.rolled_back_at!).toISOString(), assets: publication!.assets };
  });
}

/** `asset/key` of partitions of the shadow that another materialization wrote after the publish. */
async function laterWrites(trx: Knex.Transaction, backfillId: string): Promise<string[]> {
  const rows = await rawRows<{ partition: string }>(
    trx,
    `SELECT DISTINCT l.asset || '/' || l.partition_key AS partition
       FROM ${LEDGER_TABLE} l
       JOIN ${SHADOW_PARTITIONS_TABLE} s ON s.backfill_id = ? AND s.asset = l.asset AND s.partition_key = l.partition_key
       LEFT JOIN ${SHADOWS_TABLE} other ON other.backfill_id = l.backfill_id
      WHERE l.status = 'succeeded' AND l.shadow_of IS NULL AND l.backfill_id IS DISTINCT FROM ?
        -- A write reached production when it committed, or, from another shadow, when that one was published.
        AND coalesce(other.published_at, l.finished_at) > (SELECT published_at FROM ${SHADOWS_TABLE} WHERE backfill_id = ?)
      ORDER BY 1 LIMIT ${NAMED_CONFLICTS}`,
    [backfillId, backfillId, backfillId],
  );
  return rows.map((r) => r.partition);
}
