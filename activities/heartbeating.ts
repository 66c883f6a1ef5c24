/**
 * Liveness for activities that run one long statement or transaction (publish,
 * rollback, checks, diff): reported every second, so when their worker dies
 * Temporal retries them elsewhere within the heartbeat timeout rather than
 * after their start-to-close timeout of hours.
 */
import { Context } from '@temporalio/activity';

const EVERY_MS = 1_000;

/** The activity `fn`, heartbeating while it runs. */
export function heartbeating<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args) => {
    const context = Context.current();
    const beat = setInterval(() => context.heartbeat(), EVERY_MS);
    try {
      return await fn(...args);
    } finally {
      clearInterval(beat);
    }
  };
}
