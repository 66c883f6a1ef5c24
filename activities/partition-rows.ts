/** The rows of one partition of an asset's table: what is replaced and counted. */
import type { Knex } from 'knex';
import type { Asset } from '../assets/define-asset';
import { partitionWindow } from '../core/partitions/partitions-def';

/** Restricts `query` to the partition's rows (all rows for an unpartitioned asset). */
export function wherePartition<Q extends Knex.QueryBuilder>(query: Q, asset: Asset, key: string): Q {
  const column = asset.partitionColumn!;
  if (asset.partitions.kind === 'static') return query.where(column, key) as Q;
  const window = partitionWindow(asset.partitions, key);
  if (!window) return query;
  return query.where(column, '>=', new Date(window.start)).andWhere(column, '<', new Date(window.end)) as Q;
}

/** Deletes the partition's rows inside `trx`; the insert that follows in the same transaction replaces them. */
export async function deletePartitionRows(trx: Knex.Transaction, asset: Asset, key: string): Promise<void> {
  await wherePartition(trx(asset.table).delete() as unknown as Knex.QueryBuilder, asset, key);
}

/** Number of rows the partition holds, as seen by `trx`. */
export async function countPartitionRows(trx: Knex.Transaction, asset: Asset, key: string): Promise<number> {
  const [row] = await wherePartition(trx(asset.table).count({ n: '*' }) as unknown as Knex.QueryBuilder, asset, key);
  return Number((row as { n: string | number }).n);
}
