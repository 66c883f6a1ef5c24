import type { Knex } from 'knex';
import { partitionLockOrder } from './lock-order';

/**
 * Locks the partitions `keys` of `asset` until the transaction `knex` ends, in
 * the order of partitionLockOrder (see there why every writer locks them).
 * @param firstHeld the first of them in that order is held already (openPartitionTransaction)
 */
export async function lockPartitions({ knex }: { knex: Knex.Transaction }, asset: string, keys: readonly string[], { firstHeld = false } = {}): Promise<void> {
  for (const key of partitionLockOrder(keys).slice(firstHeld ? 1 : 0)) {
    await knex.raw('SELECT pg_advisory_xact_lock(hashtext(?), hashtext(?))', [asset, key]);
  }
}
