/** Which rows of an asset's table belong to some of its partitions: what is replaced and counted. */
import type { Knex } from 'knex';
import type { Asset } from '../../assets/define-asset';
import { partitionWindow } from '../../core/partitions/partitions-def';

/** Restricts `query` to the partition's rows (all rows for an unpartitioned asset). */
export function wherePartition<Q extends Knex.QueryBuilder>(query: Q, asset: Asset, key: string): Q {
  return wherePartitions(query, asset, [key]);
}

/**
 * Restricts `query` to the rows of consecutive partitions `keys` (oldest
 * first): for time partitions the window from the first start to the last end.
 */
export function wherePartitions<Q extends Knex.QueryBuilder>(query: Q, asset: Asset, keys: readonly string[]): Q {
  const column = asset.partitionColumn!;
  if (asset.partitions.kind === 'static') return (keys.length === 1 ? query.where(column, keys[0]!) : query.whereIn(column, [...keys])) as Q;
  const first = partitionWindow(asset.partitions, keys[0]!);
  if (!first) return query;
  const last = partitionWindow(asset.partitions, keys[keys.length - 1]!)!;
  return query.where(column, '>=', new Date(first.start)).andWhere(column, '<', new Date(last.end)) as Q;
}
