import type { Knex } from 'knex';
import type { Asset } from '../../assets/define-asset';
import { wherePartitions } from './where-partitions';

/**
 * Deletes the rows of consecutive partitions `keys` (oldest first) of `asset`'s
 * table inside `knex`, the partition's transaction: the insert that follows in
 * the same transaction replaces them.
 */
export async function deletePartitionRows({ knex }: { knex: Knex.Transaction }, asset: Asset, keys: readonly string[]): Promise<void> {
  await wherePartitions(knex(asset.table).delete() as unknown as Knex.QueryBuilder, asset, keys);
}
