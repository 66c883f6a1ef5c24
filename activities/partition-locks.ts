/**
 * Per-partition locks in PostgreSQL. Workflow ids keep one partition (or one
 * range) from running twice at once, but two backfills may cover the same
 * partition with different ranges (`singleRun` assets: a range from each, or
 * a range and a lone partition). Every materialization therefore takes a
 * transaction-scoped advisory lock per partition it writes, before deleting
 * anything: the second writer waits until the first commits or rolls back.
 */
import type { Knex } from 'knex';
import type { TransactionBackend } from './transaction-guard';

/**
 * Locks the partitions `keys` of `asset` until `trx` ends, in sorted key
 * order, so two transactions over overlapping sets never wait on each other
 * in a cycle. Uses the two-key advisory lock space, apart from Retrofill's
 * one-key migration and setup locks.
 * @param firstHeld the first of them in that order is held already (openPartitionTransaction)
 */
export async function lockPartitions(trx: Knex.Transaction, asset: string, keys: readonly string[], { firstHeld = false } = {}): Promise<void> {
  for (const key of lockOrder(keys).slice(firstHeld ? 1 : 0)) {
    await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?), hashtext(?))', [asset, key]);
  }
}

/**
 * The first statement of a partition's transaction: which backend runs it
 * (so a stop can cancel it), and the first partition lock if it is free,
 * one round trip where a lock and a look would take two. A lock held by
 * another writer is then waited for by lockPartitions, cancellable.
 */
export async function openPartitionTransaction(
  trx: Knex.Transaction,
  asset: string,
  keys: readonly string[],
): Promise<{ backend: TransactionBackend; firstHeld: boolean }> {
  const { rows } = await trx.raw('SELECT pg_backend_pid() AS pid, now()::text AS xact_start, pg_try_advisory_xact_lock(hashtext(?), hashtext(?)) AS held', [
    asset,
    lockOrder(keys)[0]!,
  ]);
  return { backend: { pid: rows[0].pid, xactStart: rows[0].xact_start }, firstHeld: rows[0].held === true };
}

/** Sorted and unique, so two transactions over overlapping sets never wait on each other in a cycle. */
function lockOrder(keys: readonly string[]): string[] {
  return [...new Set(keys)].sort();
}
