/** `retrofill diff`: how a shadow backfill's partitions differ from production, before it is published. */
import { ApplicationFailure } from '@temporalio/activity';
import type { Knex } from 'knex';
import type { AssetCatalog } from '../assets/asset-catalog';
import { summariseAssetDiff, type AssetDiff, type ShadowDiff } from '../core/shadow/shadow-diff';
import { partitionDiffs } from '../db/shadow/partition-diffs';
import { readShadow } from '../db/shadow/read-shadow';
import { shadowAssets } from '../db/shadow/shadow-assets';
import { shadowTables } from '../db/shadow/shadow-names';
import { partitionedTable, primaryKeyColumns, qualifiedTable } from '../db/shadow/table-catalog';
import { ShadowState } from '../db/rows';

/** What became of a shadow that is no longer building, in the error's words. */
const PAST: Record<ShadowState, string> = {
  building: 'building',
  published: 'published',
  rolled_back: 'published and rolled back',
  expired: 'published',
};

export interface DiffShadowInput {
  backfillId: string;
}

/**
 * Compares every asset the shadow holds partitions of with production, in
 * the catalog's order, all in one read-only snapshot so partitions written
 * meanwhile do not make assets disagree.
 * @throws non-retryable `ShadowNotFound` when the backfill has no shadow,
 * `ShadowNotDiffable` when it is no longer building (after publish there is
 * nothing left to compare against), `ShadowAssetUnknown` when the shadow holds
 * an asset the catalog no longer defines.
 */
export function diffShadowActivity(deps: { db: Knex; catalog: AssetCatalog }) {
  return async function diffShadow({ backfillId }: DiffShadowInput): Promise<ShadowDiff> {
    const { db, catalog } = deps;
    return db.transaction(
      async (trx) => {
        const shadow = await readShadow({ knex: trx }, backfillId);
        if (!shadow) {
          throw ApplicationFailure.nonRetryable(
            `backfill ${backfillId} has no shadow: only backfills started with isolation: 'shadow' can be diffed`,
            'ShadowNotFound',
          );
        }
        if (shadow.state !== ShadowState.BUILDING) {
          throw ApplicationFailure.nonRetryable(
            `backfill ${backfillId} was already ${PAST[shadow.state]}: diff compares a shadow with production before it is published`,
            'ShadowNotDiffable',
          );
        }
        const held = new Set(await shadowAssets({ knex: trx }, backfillId));
        const unknown = [...held].filter((name) => !catalog.assets.some((a) => a.name === name)).sort();
        if (unknown.length > 0) {
          throw ApplicationFailure.nonRetryable(
            `the shadow of backfill ${backfillId} holds ${unknown.join(', ')}, which the assets module no longer defines`,
            'ShadowAssetUnknown',
          );
        }
        const assets: AssetDiff[] = [];
        for (const asset of catalog.assets.filter((a) => held.has(a.name))) {
          const production = await qualifiedTable(trx, asset.table);
          const primaryKey = await primaryKeyColumns(trx, production);
          const table = await partitionedTable(trx, asset);
          const partitions = await partitionDiffs({ knex: trx }, { backfillId, table, production, shadow: shadowTables(backfillId, asset).data, primaryKey });
          assets.push(summariseAssetDiff(asset.name, partitions, primaryKey));
        }
        return { backfillId, assets };
      },
      { isolationLevel: 'repeatable read', readOnly: true },
    );
  };
}
