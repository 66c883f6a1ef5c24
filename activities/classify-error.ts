/**
 * Decides whether a failed materialization is worth retrying: bad data and
 * bugs fail the partition at once; passing faults are retried with backoff,
 * after the delay a server asked for when there is one.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { NonRetryableError, TransientError } from '../assets/materialize-errors';

/** PostgreSQL SQLSTATE classes and codes of passing faults. */
const TRANSIENT_SQLSTATE = [/^08/, /^40001$/, /^40P01$/, /^53/, /^57P0[123]$/, /^55P03$/];
/** Classes that mean the data or the SQL is wrong: 22 data exception, 23 constraint, 42 syntax/undefined object, 0A unsupported. */
const PERMANENT_SQLSTATE = [/^22/, /^23/, /^42/, /^0A/];
/** Node network error codes of passing faults. */
const TRANSIENT_NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

export type ErrorClass = { kind: 'permanent' } | { kind: 'transient'; retryAfterMs?: number } | { kind: 'unknown' };

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
 * The failure to throw from the activity: non-retryable for permanent errors,
 * with the server's requested delay for transient ones; unknown errors are
 * retried under the asset's policy.
 */
export function toActivityFailure(error: unknown, message: string): unknown {
  const kind = classifyError(error);
  if (kind.kind === 'permanent') {
    return ApplicationFailure.create({ message, type: 'NonRetryable', nonRetryable: true, cause: error instanceof Error ? error : undefined });
  }
  if (kind.kind === 'transient') {
    return ApplicationFailure.create({
      message,
      type: 'Transient',
      ...(kind.retryAfterMs !== undefined && { nextRetryDelay: Math.max(1, kind.retryAfterMs) }),
    });
  }
  return error;
}
