/** The assets a shadow holds partitions of, with what publish, rollback and diff need to know of each. */
import type { Knex } from 'knex';
import type { Db } from '../db';
import type { AssetCatalog } from '../../assets/asset-catalog';
import type { Asset } from '../../assets/define-asset';
import { topologicalOrder } from '../../core/asset-graph';
import { SHADOW_PARTITIONS_TABLE, SHADOWS_TABLE, type DbShadowRow } from '../rows';
import { ShadowNotFoundError, ShadowStateError } from './shadow-errors';
import { shadowPartitionRows, type PartitionedTable, type RowsInShadow } from './partition-match';
import { shadowTables, type ShadowTables } from './shadow-names';
import { partitionedTable, qualifiedTable } from './table-catalog';

export interface ShadowAsset {
  asset: Asset;
  /** Partitions the shadow holds. */
  partitions: number;
  /** The production table, schema-qualified. */
  production: string;
  tables: ShadowTables;
  /** How its rows map to partitions. */
  table: PartitionedTable;
  /** SQL selecting the rows of alias `p` in a partition the shadow holds: a `FROM` item and a condition, with its bindings. */
  inShadow: RowsInShadow;
}

/** The shadow's row, locked until `trx` ends. @throws ShadowNotFoundError */
export async function lockShadow(trx: Knex.Transaction, backfillId: string): Promise<DbShadowRow> {
  const row = (await trx(SHADOWS_TABLE).where({ backfill_id: backfillId }).forUpdate().first()) as DbShadowRow | undefined;
  if (!row) throw new ShadowNotFoundError(backfillId);
  return row;
}

/** The shadow's row, if the backfill has one (unlocked: for reading). */
export async function readShadow(knex: Db, backfillId: string): Promise<DbShadowRow | undefined> {
  return knex<DbShadowRow>(SHADOWS_TABLE).where({ backfill_id: backfillId }).first();
}

/**
 * Every asset with partitions in the shadow, upstream first (the order of the plan and of reports).
 * @throws ShadowStateError when the shadow holds an asset the catalog no
 * longer defines (its table is unknown: publishing the rest would be partial).
 */
export async function shadowAssets(trx: Knex.Transaction, catalog: AssetCatalog, backfillId: string): Promise<ShadowAsset[]> {
  const counts = await trx(SHADOW_PARTITIONS_TABLE)
    .where({ backfill_id: backfillId })
    .select('asset')
    .count({ n: '*' })
    .groupBy<Array<{ asset: string; n: string }>>('asset');
  const held = new Map(counts.map((c) => [c.asset, Number(c.n)]));
  const unknown = [...held.keys()].filter((name) => !catalog.assets.some((a) => a.name === name)).sort();
  if (unknown.length > 0) {
    throw new ShadowStateError(`the shadow of backfill ${backfillId} holds ${unknown.join(', ')}, which the assets module no longer defines`);
  }
  const found: ShadowAsset[] = [];
  for (const asset of topologicalOrder(catalog.specs()).map((name) => catalog.get(name))) {
    const partitions = held.get(asset.name);
    if (partitions === undefined) continue;
    const table = await partitionedTable(trx, asset);
    found.push({
      asset,
      partitions,
      production: await qualifiedTable(trx, asset.table),
      tables: shadowTables(backfillId, asset),
      table,
      inShadow: shadowPartitionRows(backfillId, table, 'p'),
    });
  }
  return found;
}

/**
 * Keeps every other writer off the production tables until `trx` ends;
 * readers go on, seeing the tables as they were until it commits. Tables are
 * locked in name order, so two publishes never wait on each other in a cycle.
 */
export async function lockProductionTables(trx: Knex.Transaction, assets: readonly ShadowAsset[]): Promise<void> {
  for (const table of [...new Set(assets.map((a) => a.production))].sort()) {
    await trx.raw('LOCK TABLE ?? IN SHARE ROW EXCLUSIVE MODE', [table]);
  }
}
