/**
 * Errors a `materialize` function throws to say how its failure should be
 * treated (exported to users from assets/materialize-errors.ts). Anything
 * else is classified by `classifyError`.
 */

/** Bad data or a bug: retrying cannot help, the partition fails at once with this message. */
export class NonRetryableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NonRetryableError';
  }
}

/** A passing fault (rate limit, overload, timeout): retried with backoff, or after `retryAfterMs` when given. */
export class TransientError extends Error {
  constructor(
    message: string,
    /** The delay a server asked for (e.g. from a Retry-After header). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'TransientError';
  }
}
