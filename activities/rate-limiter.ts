/**
 * An asset's shared rate limit, as its `materialize` sees it: one slot is
 * taken when the attempt starts (so attempts of a key never start faster than
 * the limit) and each `ctx.rateLimit()` after the first takes another.
 */
import type { Knex } from 'knex';
import type { RateLimit } from '../assets/define-asset';
import { reserveSlot } from '../db/rate-limits/reserve-slot';

/**
 * Slots are spaced a little wider than 1/perSecond: a request sent late
 * next to one sent on time must still not make any one-second window exceed the limit.
 */
const SPACING_MARGIN = 1.1;

export interface AttemptRateLimiter {
  /** Takes the attempt's first slot; call before the work starts. */
  start(): Promise<void>;
  /** What `ctx.rateLimit()` does: waits for a slot (the first call uses the attempt's own). */
  next(): Promise<void>;
}

export function attemptRateLimiter(db: Knex, limit: RateLimit | undefined, sleep: (ms: number) => Promise<void>): AttemptRateLimiter {
  let unused = false;
  const take = async () => {
    if (!limit) return;
    const wait = await reserveSlot({ knex: db }, limit.key, (1000 / limit.perSecond) * SPACING_MARGIN);
    if (wait > 0) await sleep(wait);
  };
  return {
    async start() {
      await take();
      unused = true;
    },
    async next() {
      if (unused) unused = false;
      else await take();
    },
  };
}
