/**
 * Where custom SQL checks run: as a least-privilege role that may read only
 * the tables each check is given, one session per check, read-only and
 * rolled back, under a statement timeout, ended from outside on timeout or
 * cancellation. See docs/security.md#custom-sql-checks.
 */
import type { Knex } from 'knex';
import type { RawResult } from '../../raw-rows';
import { CheckLogin } from './check-login';
import { DEFAULT_CHECK_TIMEOUT_MS, type CheckSandboxOptions } from './check-sandbox-options';
import { CheckSession } from './check-session';
import { grantCheckReads } from './grant-check-reads';
import { CheckSessionLostError } from './sandbox-errors';

/** SQLSTATE classes of a session the server ended: connection exceptions, operator intervention. */
const SESSION_ENDED = /^(08|57P0)/;

export class CheckSandbox {
  readonly timeoutMs: number;
  private readonly login: CheckLogin;
  private workerRole: Promise<string> | undefined;

  constructor(
    private readonly db: Knex,
    options: CheckSandboxOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
    this.login = new CheckLogin(db, options);
  }

  /**
   * The rows of `query` (text and values), run as the checks role with SELECT on `tables` only.
   * @throws ChecksRoleUnavailableError (no least-privilege role), CheckTimeoutError,
   *   CheckSessionLostError (the SQL ended its own session), the database's error for the SQL,
   *   `signal`'s reason when aborted; a connection error when the database is unreachable.
   */
  async rows(query: { sql: string; bindings: readonly unknown[] }, tables: readonly string[], signal?: AbortSignal): Promise<Array<Record<string, unknown>>> {
    signal?.throwIfAborted();
    const session = await CheckSession.open(this.login, this.db, await this.ownRole());
    try {
      await grantCheckReads(this.db, session.role, tables);
      signal?.throwIfAborted();
      return await session.rows(query, this.timeoutMs, signal);
    } catch (error) {
      throw await this.attributed(error);
    } finally {
      await session.close();
    }
  }

  /** The worker's own role: checks must not run as it. */
  private ownRole(): Promise<string> {
    if (this.workerRole) return this.workerRole;
    const role = this.db.raw<RawResult<{ role: string }>>('SELECT current_user AS role').then(({ rows }) => rows[0]!.role);
    this.workerRole = role;
    role.catch(() => (this.workerRole = undefined));
    return role;
  }

  /** A lost session is the check's doing when the database still answers, and the database's otherwise (to be retried). */
  private async attributed(error: unknown): Promise<unknown> {
    const code = (error as { code?: unknown } | null)?.code;
    const ended = typeof code === 'string' ? SESSION_ENDED.test(code) : error instanceof Error && /Connection terminated/i.test(error.message);
    if (!ended) return error;
    try {
      await this.db.raw('SELECT 1');
    } catch {
      return error;
    }
    return new CheckSessionLostError(error);
  }
}
