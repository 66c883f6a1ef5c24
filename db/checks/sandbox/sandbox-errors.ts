/** Why a custom check could not run in its sandbox: each becomes the check's failure, with this message. */

const FIX = `run the worker as a role with CREATEROLE (it then creates the role <its role>_checks), or set RETROFILL_CHECKS_DATABASE_URL to a login role that may only read the assets' tables (docs/security.md#custom-sql-checks)`;

/** Thrown when no least-privilege role is available to run custom checks as: they fail closed, never running with the worker's privileges. */
export class ChecksRoleUnavailableError extends Error {
  override readonly name = 'ChecksRoleUnavailableError';
  constructor(problem: string) {
    super(`custom SQL checks run only as a least-privilege role, and none is available: ${problem}; ${FIX}`);
  }
}

/** Thrown when a custom check ran longer than the checks' timeout: its query was cancelled and its session ended. */
export class CheckTimeoutError extends Error {
  override readonly name = 'CheckTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`timed out after ${+(timeoutMs / 1000).toFixed(3)} s (the custom checks' timeout, RETROFILL_CHECK_TIMEOUT): its query was cancelled`);
  }
}

/** Thrown when a custom check's session ended while it ran, the database still answering: the check ended it (or had it ended). */
export class CheckSessionLostError extends Error {
  override readonly name = 'CheckSessionLostError';
  constructor(cause: unknown) {
    super(`its session ended while it ran (${cause instanceof Error ? cause.message : String(cause)})`);
  }
}
