/** `retrofill diff`: how a shadow backfill's partitions differ from production, before it is published. */
import type { Knex } from 'knex';
import type { AssetCatalog } from '../assets/asset-catalog';
import { summariseAssetDiff, type AssetDiff, type ShadowDiff } from '../core/shadow/shadow-diff';
import { ShadowState } from '../db/rows';
import { partitionDiffs } from '../db/shadow/partition-diffs';
import { readShadow, shadowAssets } from '../db/shadow/shadow-assets';
import { ShadowNotFoundError, ShadowStateError } from '../db/shadow/shadow-errors';
import { primaryKeyColumns } from '../db/shadow/table-catalog';
import { refusalsFail } from './shadow-activities';

/** What became of a shadow that is no longer building, in the error's words. */
const PAST: Record<ShadowState, string> = {
  building: 'building',
  checks_failed: 'checked',
  published: 'published',
  rolled_back: 'published and rolled back',
  expired: 'published',
  discarded: 'discarded',
};

export interface DiffShadowInput {
  backfillId: string;
}

/**
 * Compares every asset the shadow holds partitions of with production, in
 * the catalog's order, all in one read-only snapshot so partitions written
 * meanwhile do not make assets disagree.
 * @throws non-retryable `ShadowNotFound` when the backfill has no shadow,
 * `ShadowState` when it is no longer building (after publish there is
 * nothing left to compare against) or holds an asset the catalog no longer defines.
 */
export function diffShadowActivity(deps: { db: Knex; catalog: AssetCatalog }) {
  return async function diffShadow({ backfillId }: DiffShadowInput): Promise<ShadowDiff> {
    const { db, catalog } = deps;
    return refusalsFail(() =>
      db.transaction(
        async (trx) => {
          const shadow = await readShadow(trx, backfillId);
          if (!shadow) throw new ShadowNotFoundError(backfillId);
          // A shadow whose checks failed is kept for inspection: diff shows what it would have changed.
          if (shadow.state !== ShadowState.BUILDING && shadow.state !== ShadowState.CHECKS_FAILED) {
            throw new ShadowStateError(`backfill ${backfillId} was already ${PAST[shadow.state]}: diff compares a shadow with production before it is published`);
          }
          const assets: AssetDiff[] = [];
          for (const a of await shadowAssets(trx, catalog, backfillId)) {
            const primaryKey = await primaryKeyColumns(trx, a.production);
            const partitions = await partitionDiffs({ knex: trx }, { backfillId, table: a.table, production: a.production, shadow: a.tables.data, primaryKey });
            assets.push(summariseAssetDiff(a.asset.name, partitions, primaryKey));
          }
          return { backfillId, assets };
        },
        { isolationLevel: 'repeatable read', readOnly: true },
      ),
    );
  };
}
