/**
 * Waits for Retrofill's database to answer again after a connection was lost:
 * probes it with capped exponential backoff (0.5 s doubling to 5 s),
 * heartbeating every second with what it waits for, stopping at once on
 * cancellation, and giving up after a limit with a retryable failure that
 * names the database (never its password) and the limit.
 */
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';

/** How long an activity waits for the database by default: `RETROFILL_DATABASE_WAIT` changes it. */
export const DEFAULT_DATABASE_WAIT_MS = 10 * 60_000;
const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 5_000;
const HEARTBEAT_EVERY_MS = 1_000;

/** Heartbeat details of an activity waiting for its database: shown in Temporal's UI, read by the next attempt. */
export interface WaitingDetails {
  waitingForDatabase: { address: string; since: string; error: string };
}

export interface DatabaseWait {
  /** Resolves when the database answers; rejects with why not. */
  probe: () => Promise<void>;
  /** The database, as messages name it: `host:port/database`. */
  address: string;
  /** Longest wait before giving up. */
  limitMs: number;
  heartbeat: (details: WaitingDetails) => void;
  /** Aborted when the activity is cancelled. */
  signal: AbortSignal;
}

/** The failure of an activity whose database did not come back within the limit: retryable. */
export const DATABASE_UNAVAILABLE = 'DatabaseUnavailable';

/** Whether `details` (an attempt's last heartbeat) say that attempt was waiting for the database. */
export function wasWaitingForDatabase(details: unknown): details is WaitingDetails {
  return typeof (details as Partial<WaitingDetails> | null)?.waitingForDatabase === 'object';
}

/**
 * After `lost` (an error that looks like a lost connection): resolves false if
 * the database answers at once (the error said nothing about it, or the outage
 * is already over), true once it answers after not answering.
 * @throws ApplicationFailure `DatabaseUnavailable` when it still does not answer after `limitMs`
 * @throws CancelledFailure when `signal` is aborted meanwhile
 */
export async function waitForDatabase(wait: DatabaseWait, lost: unknown): Promise<boolean> {
  const started = Date.now();
  const details: WaitingDetails = { waitingForDatabase: { address: wait.address, since: new Date(started).toISOString(), error: messageOf(lost) } };
  const beat = setInterval(() => wait.heartbeat(details), HEARTBEAT_EVERY_MS);
  try {
    let delay = FIRST_DELAY_MS;
    for (let probes = 0; ; probes++) {
      throwIfCancelled(wait.signal);
      const failure = await wait.probe().then(() => undefined, (error: unknown) => error ?? new Error('probe failed'));
      throwIfCancelled(wait.signal);
      if (failure === undefined) return probes > 0;
      if (probes === 0) wait.heartbeat(details);
      const left = wait.limitMs - (Date.now() - started);
      if (left <= 0) {
        throw ApplicationFailure.create({
          type: DATABASE_UNAVAILABLE,
          message: `PostgreSQL at ${wait.address} did not answer for ${shownDuration(wait.limitMs)} (the limit, RETROFILL_DATABASE_WAIT): ${messageOf(failure)}`,
        });
      }
      await abortableSleep(Math.min(delay, left), wait.signal);
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    }
  } finally {
    clearInterval(beat);
  }
}

function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new CancelledFailure('cancelled while waiting for the database');
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CancelledFailure('cancelled while waiting for the database'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * What the database or the network said: the error's message without the SQL
 * knex puts before it (`<sql> - <message>`), with its code when the message
 * leaves it out; for an AggregateError without a message (a connection
 * refused on every address of a host), that of its first error.
 */
export function messageOf(error: unknown): string {
  const { message, code, errors } = (error ?? {}) as { message?: unknown; code?: unknown; errors?: unknown };
  if ((typeof message !== 'string' || message === '') && Array.isArray(errors) && errors.length > 0) return messageOf(errors[0]);
  const text = typeof message === 'string' && message !== '' ? message.split(' - ').at(-1)! : String(error);
  return typeof code === 'string' && !text.includes(code) ? `${code}: ${text}` : text;
}

function shownDuration(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return ms % 1_000 === 0 ? `${ms / 1_000} s` : `${ms} ms`;
}
