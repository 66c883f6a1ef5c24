import type { Knex } from 'knex';
import type { Asset } from '../../assets/define-asset';
import { wherePartition } from './where-partitions';

/**
 * The query counting the partition's rows, as seen by `knex` (the partition's
 * transaction), not run: a subquery of the statement that records its success.
 */
export function partitionRowCount({ knex }: { knex: Knex.Transaction }, asset: Asset, key: string): Knex.QueryBuilder {
  return wherePartition(knex(asset.table).count('*') as unknown as Knex.QueryBuilder, asset, key);
}
