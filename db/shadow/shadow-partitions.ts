/**
 * Inside a shadow partition's transaction: the partitions it writes join the
 * shadow (so the read view shows the shadow's rows for them, not
 * production's), and unqualified table names resolve to the read views first.
 * Both end with the transaction: a rollback leaves the shadow as it was.
 */
import type { Knex } from 'knex';
import type { Asset } from '../../assets/define-asset';
import { partitionWindow } from '../../core/partitions/partitions-def';
import { SHADOW_PARTITIONS_TABLE, type DbShadowPartitionRow } from '../rows';
import { shadowSchemas } from './shadow-names';

/** Records that the shadow of `backfillId` holds the partitions `keys` of `asset`; repeating it changes nothing. */
export async function addShadowPartitions(trx: Knex.Transaction, backfillId: string, asset: Asset, keys: readonly string[]): Promise<void> {
  const rows: DbShadowPartitionRow[] = keys.map((key) => {
    const window = partitionWindow(asset.partitions, key);
    return {
      backfill_id: backfillId,
      asset: asset.name,
      partition_key: key,
      window_start: window && new Date(window.start),
      window_end: window && new Date(window.end),
    };
  });
  await trx(SHADOW_PARTITIONS_TABLE).insert(rows).onConflict(['backfill_id', 'asset', 'partition_key']).ignore();
}

/** Puts the shadow's read views first on the transaction's search_path, so `materialize` reads the shadow's upstreams. */
export async function readThroughShadow(trx: Knex.Transaction, backfillId: string): Promise<void> {
  // The schema name is lowercase letters, digits and _: no quoting needed.
  await trx.raw(`SELECT set_config('search_path', ? || ', ' || current_setting('search_path'), true)`, [shadowSchemas(backfillId).read]);
}
