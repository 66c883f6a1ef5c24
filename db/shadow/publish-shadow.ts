/**
 * Publishes a shadow backfill: in one transaction, every partition the
 * shadow holds, of every asset, is replaced in production by the shadow's
 * rows; the replaced rows are kept for rollback, the ledger's shadow rows
 * become production's, and the shadow's tables are dropped. Readers see the
 * old state of every table until the commit and the new one after, never a
 * mix. Refused when production got a newer write of one of the partitions
 * since the shadow computed it (publishing would undo it). Repeating it (an activity retry after the commit) returns the first
 * publication.
 */
import type { Knex } from 'knex';
import type { AssetCatalog } from '../../assets/asset-catalog';
import type { AssetPublication, Publication } from '../../core/shadow/publication';
import { rawRows, type RawResult } from '../raw-rows';
import { LEDGER_TABLE, SHADOW_PARTITIONS_TABLE, SHADOWS_TABLE, ShadowState, type DbShadowRow } from '../rows';
import { PublishConflictError, ShadowStateError } from './shadow-errors';
import { lockProductionTables, lockShadow, shadowAssets } from './shadow-assets';
import { shadowSchemas } from './shadow-names';

export async function publishShadow({ knex }: { knex: Knex }, catalog: AssetCatalog, backfillId: string): Promise<Publication> {
  const started = Date.now();
  return knex.transaction(async (trx) => {
    const shadow = await lockShadow(trx, backfillId);
    if (shadow.state === ShadowState.PUBLISHED) return shadow.publication as Publication;
    if (shadow.state === ShadowState.CHECKS_FAILED) {
      throw new ShadowStateError(
        `backfill ${backfillId} cannot be published: its blocking checks failed (retrofill discard ${backfillId} drops its shadow; fix and run it again)`,
      );
    }
    if (shadow.state !== ShadowState.BUILDING) {
      throw new ShadowStateError(`backfill ${backfillId} cannot be published: its shadow was ${shadow.state.replace('_', ' ')}`);
    }
    const assets = await shadowAssets(trx, catalog, backfillId);
    const schemas = shadowSchemas(backfillId);
    await lockProductionTables(trx, assets);
    const newer = await newerProductionWrites(trx, backfillId);
    if (newer.length > 0) {
      throw new PublishConflictError(
        `backfill ${backfillId} cannot be published: production partitions were written again after the shadow computed them, ` +
          `and publishing would undo that: ${newer.join(', ')}${newer.length === NAMED_CONFLICTS ? ', ...' : ''}`,
      );
    }
    await trx.raw('CREATE SCHEMA IF NOT EXISTS ??', [schemas.replaced]);
    const published: AssetPublication[] = [];
    for (const a of assets) {
      await trx.raw('CREATE TABLE ?? (LIKE ?? INCLUDING DEFAULTS)', [a.tables.replaced, a.production]);
      const kept = await trx.raw<RawResult<unknown>>(`INSERT INTO ?? SELECT p.* FROM ?? AS p, ${a.inShadow.from} WHERE ${a.inShadow.where}`, [
        a.tables.replaced,
        a.production,
        ...a.inShadow.bindings,
      ]);
      await trx.raw(`DELETE FROM ?? AS p USING ${a.inShadow.from} WHERE ${a.inShadow.where}`, [a.production, ...a.inShadow.bindings]);
      const put = await trx.raw<RawResult<unknown>>('INSERT INTO ?? OVERRIDING SYSTEM VALUE SELECT * FROM ??', [a.production, a.tables.data]);
      published.push({ asset: a.asset.name, partitions: a.partitions, rowsReplaced: kept.rowCount, rowsPublished: put.rowCount });
    }
    await trx(LEDGER_TABLE).where({ shadow_of: backfillId }).update({ shadow_of: null });
    const [times] = await trx<DbShadowRow>(SHADOWS_TABLE)
      .where({ backfill_id: backfillId })
      .update({
        state: ShadowState.PUBLISHED,
        // The moment it happens, after waiting for the locks: rollback compares later writes with it.
        published_at: trx.raw('clock_timestamp()'),
        keep_replaced_until: trx.raw(`clock_timestamp() + make_interval(days => keep_replaced_days)`),
      })
      .returning(['published_at', 'keep_replaced_until']);
    const publication: Publication = {
      backfillId,
      publishedAt: new Date(times!.published_at!).toISOString(),
      keepReplacedUntil: new Date(times!.keep_replaced_until!).toISOString(),
      // Up to here: dropping the shadow's schemas below is quick, and the commit cannot be measured inside it.
      ms: Date.now() - started,
      assets: published,
    };
    await trx(SHADOWS_TABLE).where({ backfill_id: backfillId }).update({ publication: JSON.stringify(publication) });
    await trx.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [schemas.read]);
    await trx.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [schemas.data]);
    return publication;
  });
}

/** Newer writes named in a refusal. */
const NAMED_CONFLICTS = 10;

/** `asset/key` of the shadow's partitions that a production materialization finished after the shadow's own did. */
async function newerProductionWrites(trx: Knex.Transaction, backfillId: string): Promise<string[]> {
  const rows = await rawRows<{ partition: string }>(
    trx,
    `SELECT DISTINCT l.asset || '/' || l.partition_key AS partition
       FROM ${SHADOW_PARTITIONS_TABLE} s
       JOIN ${LEDGER_TABLE} l ON l.asset = s.asset AND l.partition_key = s.partition_key
       LEFT JOIN ${SHADOWS_TABLE} other ON other.backfill_id = l.backfill_id
      WHERE s.backfill_id = ? AND l.status = 'succeeded' AND l.shadow_of IS NULL
        -- A write reached production when it committed, or, from another shadow, when that one was published.
        AND coalesce(other.published_at, l.finished_at) > (SELECT max(o.finished_at) FROM ${LEDGER_TABLE} o
                              WHERE o.shadow_of = ? AND o.asset = s.asset AND o.partition_key = s.partition_key AND o.status = 'succeeded')
      ORDER BY 1 LIMIT ${NAMED_CONFLICTS}`,
    [backfillId, backfillId],
  );
  return rows.map((r) => r.partition);
}

/** Drops the replaced rows of publications whose keeping time is over; they can no longer be rolled back. */
export async function expireReplacedRows({ knex }: { knex: Knex }): Promise<string[]> {
  const due = (await knex(SHADOWS_TABLE)
    .where({ state: ShadowState.PUBLISHED })
    .andWhere('keep_replaced_until', '<', knex.fn.now())
    .pluck('backfill_id')) as string[];
  for (const backfillId of due) {
    await knex.transaction(async (trx) => {
      const shadow = await lockShadow(trx, backfillId);
      if (shadow.state !== ShadowState.PUBLISHED) return;
      await trx.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [shadowSchemas(backfillId).replaced]);
      await trx(SHADOWS_TABLE).where({ backfill_id: backfillId }).update({ state: ShadowState.EXPIRED });
    });
  }
  return due;
}
