/**
 * Decides whether a failed materialization is worth retrying: bad data and
 * bugs fail the partition at once; passing faults are retried with backoff,
 * after the delay a server asked for when there is one.
 */
import { NonRetryableError, TransientError } from './materialize-errors';

/** PostgreSQL SQLSTATE classes and codes of passing faults. */
const TRANSIENT_SQLSTATE = [/^08/, /^40001$/, /^40P01$/, /^53/, /^57P0[123]$/, /^55P03$/];
/** Classes that mean the data or the SQL is wrong: 22 data exception, 23 constraint, 42 syntax/undefined object, 0A unsupported. */
const PERMANENT_SQLSTATE = [/^22/, /^23/, /^42/, /^0A/];
/** Node network error codes of passing faults. */
const TRANSIENT_NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

export type ErrorClass = { kind: 'permanent' } | { kind: 'transient'; retryAfterMs?: number } | { kind: 'unknown' };

/** What kind of fault `error` (or the first classifiable error of its causes) is. */
export function classifyError(error: unknown): ErrorClass {
  if (error instanceof NonRetryableError) return { kind: 'permanent' };
  if (error instanceof TransientError) return { kind: 'transient', retryAfterMs: error.retryAfterMs };
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (TRANSIENT_SQLSTATE.some((p) => p.test(code)) || TRANSIENT_NETWORK.has(code)) return { kind: 'transient' };
    if (PERMANENT_SQLSTATE.some((p) => p.test(code))) return { kind: 'permanent' };
  }
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause && cause !== error ? classifyError(cause) : { kind: 'unknown' };
}

/**
 * The failure an attempt's error becomes: `NonRetryable` (not retried) for a
 * permanent fault, `Transient` for a passing one, retried after the delay the
 * server asked for (at least 1 ms); undefined for an unknown error, which is
 * retried under the asset's policy as it is.
 */
export type FailureType = { type: 'NonRetryable'; nonRetryable: true } | { type: 'Transient'; retryAfterMs?: number } | undefined;

/** The failure `error` becomes (see FailureType). */
export function failureType(error: unknown): FailureType {
  const kind = classifyError(error);
  if (kind.kind === 'permanent') return { type: 'NonRetryable', nonRetryable: true };
  if (kind.kind === 'transient') return { type: 'Transient', ...(kind.retryAfterMs !== undefined && { retryAfterMs: Math.max(1, kind.retryAfterMs) }) };
  return undefined;
}
