/**
 * Errors a `materialize` function throws to say how its failure should be
 * treated. Anything else is classified by `classifyError`.
 */
import { NonRetryableError, TransientError } from '../core/run/materialize-errors';

// Defined in the pure core, which classifies them; users import them from here.
export { NonRetryableError, TransientError };

/** The delay in a Retry-After header value (seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | null | undefined, nowMs = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

const TRANSIENT_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

/**
 * The error for a failed HTTP response: 408/425/429/5xx are transient (honouring
 * Retry-After), other statuses are not worth retrying.
 */
export function httpError(response: { status: number; statusText?: string; headers: { get(name: string): string | null } }, what = 'request'): Error {
  const message = `${what} failed: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  return TRANSIENT_STATUS.has(response.status)
    ? new TransientError(message, parseRetryAfter(response.headers.get('retry-after')))
    : new NonRetryableError(message);
}
