/** How custom SQL checks are contained: the role they run as and how long they may run. */

/** Options of the custom SQL checks' sandbox (`RETROFILL_CHECKS_DATABASE_URL`, `RETROFILL_CHECK_TIMEOUT`). */
export interface CheckSandboxOptions {
  /**
   * A `postgres://` URL of a login role that may only read what checks read,
   * for servers where the worker cannot create that role itself.
   * @default the role `<worker's role>_checks` (e.g. `retrofill_checks`), which the worker creates and keeps
   */
  databaseUrl?: string;
  /** How long one custom check may run, in milliseconds. @default 60_000 */
  timeoutMs?: number;
}

export const DEFAULT_CHECK_TIMEOUT_MS = 60_000;

/** PostgreSQL's longest identifier, in bytes. */
const MAX_NAME_BYTES = 63;
const SUFFIX = '_checks';

/**
 * The role a worker logging in as `workerRole` provisions when no
 * `databaseUrl` is given: one per worker role, so deployments with different
 * roles on one server (roles are server-wide) do not re-key each other's.
 */
export function checksRoleName(workerRole: string): string {
  let name = '';
  for (const c of workerRole) {
    if (Buffer.byteLength(name + c + SUFFIX) > MAX_NAME_BYTES) break;
    name += c;
  }
  return name + SUFFIX;
}
