import type { Knex } from 'knex';
import { rawRows } from '../raw-rows';
import { partitionLockOrder } from './lock-order';

/** The server process running a transaction, and when the transaction started: together they name that one transaction. */
export interface TransactionBackend {
  pid: number;
  xactStart: string;
}

/**
 * The first statement of a partition's transaction `knex`: which backend runs
 * it (so a stop can cancel it), and the first partition lock if it is free,
 * one round trip where a lock and a look would take two. A lock held by
 * another writer is then waited for by lockPartitions, cancellable.
 */
export async function openPartitionTransaction(
  { knex }: { knex: Knex.Transaction },
  asset: string,
  keys: readonly string[],
): Promise<{ backend: TransactionBackend; firstHeld: boolean }> {
  const [row] = await rawRows<{ pid: number; xact_start: string; held: boolean }>(
    knex,
    'SELECT pg_backend_pid() AS pid, now()::text AS xact_start, pg_try_advisory_xact_lock(hashtext(?), hashtext(?)) AS held',
    [asset, partitionLockOrder(keys)[0]!],
  );
  return { backend: { pid: row!.pid, xactStart: row!.xact_start }, firstHeld: row!.held === true };
}
