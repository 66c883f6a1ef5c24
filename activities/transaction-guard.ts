/**
 * Ends a partition's transaction on the server when its attempt stops, so
 * nothing is left `idle in transaction` holding locks: the running statement
 * is cancelled at once (the client then rolls back), and if the transaction
 * is still open a few seconds later (a statement that ignores the cancel, a
 * connection stuck), its backend is terminated, which rolls it back and
 * closes the connection (the pool discards it). Both act only while the
 * backend is still in this very transaction (pid and transaction start
 * match), never on a connection the pool has since handed to someone else.
 */
import type { Knex } from 'knex';
import type { TransactionBackend } from '../db/partitions/open-partition-transaction';
import { signalBackend } from '../db/partitions/signal-backend';

/** How long a stopped transaction may take to roll back before its backend is terminated. */
export const TERMINATE_AFTER_MS = 3_000;

export class TransactionGuard {
  private backend: TransactionBackend | undefined;
  private terminateTimer: NodeJS.Timeout | undefined;
  private released = false;
  private readonly onAbort = () => this.stop();

  constructor(
    private readonly db: Knex,
    private readonly signal: AbortSignal,
  ) {}

  /**
   * Watches the transaction of `backend` (read by its first statement:
   * openPartitionTransaction) until `release`; a stop already signalled acts at once.
   */
  watch(backend: TransactionBackend): void {
    this.backend = backend;
    this.signal.addEventListener('abort', this.onAbort, { once: true });
    if (this.signal.aborted) this.stop();
  }

  /** The transaction is over (committed or rolled back): stand down. */
  release(): void {
    this.released = true;
    clearTimeout(this.terminateTimer);
    this.signal.removeEventListener('abort', this.onAbort);
  }

  private stop(): void {
    if (this.released || !this.backend) return;
    void this.signalBackend('pg_cancel_backend');
    this.terminateTimer = setTimeout(() => void this.signalBackend('pg_terminate_backend'), TERMINATE_AFTER_MS);
  }

  private async signalBackend(fn: 'pg_cancel_backend' | 'pg_terminate_backend'): Promise<void> {
    if (this.released) return;
    // Best effort, called without waiting: a failed signal must not surface as an unhandled rejection.
    await signalBackend({ knex: this.db }, this.backend!, fn).catch(() => undefined);
  }
}
