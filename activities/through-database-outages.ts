/**
 * Activities that ride out an outage of Retrofill's database. A lost
 * connection is not the work's fault: instead of failing the attempt (and
 * spending a partition's retries, which a restart of PostgreSQL outlasts),
 * the activity waits for the database, heartbeating and cancellable, then
 * does its work again from the start within the same Temporal attempt.
 * Only beyond the wait limit does the attempt fail, retryably.
 */
import { CancelledFailure, Context } from '@temporalio/activity';
import type { Knex } from 'knex';
import { isConnectionLost } from './connection-lost';
import { databaseAddress, databaseProbe } from './database-probe';
import { waitForDatabase, wasWaitingForDatabase, type DatabaseWait } from './wait-for-database';

export interface OutageOptions {
  /** Retrofill's database: the one waited for. */
  db: Knex;
  /** Longest wait for it, per outage. */
  limitMs: number;
}

/**
 * The activity `run`, waiting out database outages. An error that looks like
 * a lost connection makes it probe the database: if the database answers at
 * once, the error is thrown as it was (it came from elsewhere, or the outage
 * is over: Temporal's retry policy handles it); otherwise it waits until the
 * database answers and calls `redo` (by default `run` again) with the error
 * that cut the work short. An attempt that follows one which gave up waiting
 * (its last heartbeat says so) starts with `redo` too.
 */
export function throughDatabaseOutages<A extends unknown[], R>(
  { db, limitMs }: OutageOptions,
  run: (...args: A) => Promise<R>,
  redo: (lost: unknown, ...args: A) => Promise<R> = (_lost, ...args) => run(...args),
): (...args: A) => Promise<R> {
  const probe = databaseProbe(db);
  const address = databaseAddress(db);
  return async (...args: A): Promise<R> => {
    const context = Context.current();
    const { cancellationSignal: signal } = context;
    const wait: DatabaseWait = { probe, address, limitMs, heartbeat: (details) => context.heartbeat(details), signal };
    const previous: unknown = context.info.heartbeatDetails;
    let work = wasWaitingForDatabase(previous)
      ? () => redo(new Error(previous.waitingForDatabase.error), ...args)
      : () => run(...args);
    for (;;) {
      try {
        return await work();
      } catch (error) {
        if (!isConnectionLost(error)) throw error;
        // Cancelled meanwhile (recording the cancellation may have been what failed): cancelled it is.
        if (signal.aborted) throw new CancelledFailure('cancelled while the database was unavailable');
        if (!(await waitForDatabase(wait, error))) throw error;
        work = () => redo(error, ...args);
      }
    }
  };
}
