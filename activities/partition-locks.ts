/**
 * Per-partition locks in PostgreSQL. Workflow ids keep one partition (or one
 * range) from running twice at once, but two backfills may cover the same
 * partition with different ranges (`singleRun` assets: a range from each, or
 * a range and a lone partition). Every materialization therefore takes a
 * transaction-scoped advisory lock per partition it writes, before deleting
 * anything: the second writer waits until the first commits or rolls back.
 */
import type { Knex } from 'knex';

/**
 * Locks the partitions `keys` of `asset` until `trx` ends, in sorted key
 * order, so two transactions over overlapping sets never wait on each other
 * in a cycle. Uses the two-key advisory lock space, apart from Retrofill's
 * one-key migration and setup locks.
 */
export async function lockPartitions(trx: Knex.Transaction, asset: string, keys: readonly string[]): Promise<void> {
  for (const key of [...new Set(keys)].sort()) {
    await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?), hashtext(?))', [asset, key]);
  }
}
