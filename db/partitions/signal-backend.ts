import type { Db } from '../db';
import type { TransactionBackend } from './open-partition-transaction';

/**
 * Cancels the running statement of `backend`'s transaction, or terminates its
 * backend (which rolls it back and closes the connection), only while that
 * backend is still in that very transaction (pid and start match), never on a
 * connection the pool has since handed to someone else. Run on `knex`, the
 * pool: the transaction's own connection is busy.
 */
export async function signalBackend({ knex }: { knex: Db }, backend: TransactionBackend, fn: 'pg_cancel_backend' | 'pg_terminate_backend'): Promise<void> {
  // `fn` is one of two constants; pid and start are bound.
  await knex.raw(`SELECT ${fn}(pid) FROM pg_stat_activity WHERE pid = ? AND xact_start = CAST(? AS timestamptz)`, [backend.pid, backend.xactStart]);
}
