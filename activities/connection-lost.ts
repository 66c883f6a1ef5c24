/**
 * Recognises an error that says the connection to PostgreSQL was lost or
 * could not be made, rather than anything about the work itself. Such an error
 * may also come from another server a `materialize` talks to: callers confirm
 * an outage by probing Retrofill's own database before waiting for it.
 */

/** Node network error codes of a connection refused, cut or unreachable. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'EAI_AGAIN', 'ENOTFOUND']);
/**
 * SQLSTATEs of a lost server: class 08 (connection exception), 57P01 admin
 * shutdown, 57P02 crash shutdown, 57P03 cannot connect now (starting or shutting down).
 */
const SQLSTATE = /^(08...|57P0[123])$/;
/** Messages of node-postgres and knex for a connection that ended or could not be had. */
const MESSAGES = [
  /Connection terminated/i,
  /Connection ended unexpectedly/i,
  /not queryable/i,
  /Timeout acquiring a connection/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

/** Whether `error`, or an error it wraps (`cause`, `errors` of an AggregateError), is a lost database connection. */
export function isConnectionLost(error: unknown, depth = 0): boolean {
  if (error === null || typeof error !== 'object' || depth > 8) return false;
  const { code, message, cause, errors } = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SQLSTATE.test(code))) return true;
  if (typeof message === 'string' && MESSAGES.some((m) => m.test(message))) return true;
  if (Array.isArray(errors) && errors.some((e) => isConnectionLost(e, depth + 1))) return true;
  return cause !== error && isConnectionLost(cause, depth + 1);
}
