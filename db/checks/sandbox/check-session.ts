/**
 * One session of the checks role, for one custom check: its SQL runs in a
 * READ ONLY transaction that is never committed, under a statement timeout,
 * and the session is then closed, never pooled. Whatever the SQL changed for
 * its session (settings, large objects, advisory locks) ends with it. A
 * timer and the caller's abort signal end the session from outside too,
 * should the SQL outlast its own timeout.
 */
import type { Knex } from 'knex';
import type { CheckLogin } from './check-login';
import type { PgClient } from './pg-driver';
import { ChecksRoleUnavailableError, CheckTimeoutError } from './sandbox-errors';

/** How long after the statement timeout the session is ended from outside. */
const OUTSIDE_GRACE_MS = 2_000;
/** Bound of each step of ending a session. */
const STEP_MS = 5_000;

/** Who the session is, and what the role may do beyond reading what it is granted. */
const WHO = `
  SELECT pg_backend_pid() AS pid, current_user AS role, session_user AS session_role,
         r.rolsuper OR r.rolcreaterole OR r.rolcreatedb OR r.rolreplication OR r.rolbypassrls AS privileged,
         (SELECT string_agg(o.rolname, ', ' ORDER BY o.rolname) FROM pg_roles o
           WHERE o.oid <> r.oid AND pg_has_role(r.oid, o.oid, 'MEMBER')
             AND (o.rolsuper OR o.rolcreaterole OR o.rolcreatedb OR o.rolreplication OR o.rolbypassrls
                  OR left(o.rolname, 3) = 'pg_' OR o.rolname = $1)) AS member_of
    FROM pg_roles r WHERE r.rolname = current_user`;

/** `promise`, or a rejection after `ms`. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

export class CheckSession {
  private ended = false;

  private constructor(
    private readonly client: PgClient,
    private readonly login: CheckLogin,
    private readonly db: Knex,
    /** The session's backend process. */
    readonly pid: number,
    /** The checks role. */
    readonly role: string,
  ) {}

  /**
   * A session as the checks role, checked to be least-privilege.
   * @param workerRole the worker's own role, which the checks role must not be nor belong to.
   * @throws ChecksRoleUnavailableError when the role may do more than read what it is granted.
   */
  static async open(login: CheckLogin, db: Knex, workerRole: string): Promise<CheckSession> {
    const client = await login.connect();
    try {
      const { rows } = await within(client.query(WHO, [workerRole]), STEP_MS);
      const who = rows[0] as { pid: number; role: string; session_role: string; privileged: boolean; member_of: string | null };
      const problems = [
        who.role === workerRole && `it is the worker's own role`,
        who.role !== who.session_role && `its session runs as another role`,
        who.privileged && 'it is a superuser or may create roles or databases, replicate or bypass row security',
        who.member_of && `it is a member of ${who.member_of}`,
      ].filter(Boolean);
      if (problems.length > 0) throw new ChecksRoleUnavailableError(`role "${who.role}" is not least-privilege: ${problems.join('; ')}`);
      return new CheckSession(client, login, db, who.pid, who.role);
    } catch (error) {
      client.connection.stream.destroy();
      throw error;
    }
  }

  /**
   * The rows of `query` (its text and values), in a READ ONLY transaction
   * under a statement timeout of `timeoutMs`.
   * @throws CheckTimeoutError when it runs longer (the session is ended).
   * @throws `signal`'s reason when it is aborted meanwhile (the session is ended).
   */
  async rows(query: { sql: string; bindings: readonly unknown[] }, timeoutMs: number, signal?: AbortSignal): Promise<Array<Record<string, unknown>>> {
    const run = async () => {
      await this.client.query('BEGIN READ ONLY');
      // Set before the statement starts: the statement's own SQL cannot lift a timeout already running.
      await this.client.query("SELECT set_config('statement_timeout', $1, true), set_config('TimeZone', 'UTC', true)", [String(timeoutMs)]);
      return (await this.client.query(query.sql, query.bindings)).rows;
    };
    try {
      return await this.bounded(run(), timeoutMs + OUTSIDE_GRACE_MS, signal, timeoutMs);
    } catch (error) {
      const { code, message } = error as { code?: unknown; message?: unknown };
      if (code === '57014' && typeof message === 'string' && message.includes('statement timeout')) throw new CheckTimeoutError(timeoutMs);
      throw error;
    }
  }

  /** Ends the session: its transaction is rolled back, and nothing of it is kept. */
  async close(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    try {
      await within(this.client.query('ROLLBACK'), STEP_MS);
      await within(this.client.end(), STEP_MS);
    } catch {
      await this.terminate();
    }
  }

  /** `work`, unless `ms` pass or `signal` aborts first: then the session is ended and that is thrown. */
  private async bounded<T>(work: Promise<T>, ms: number, signal: AbortSignal | undefined, timeoutMs: number): Promise<T> {
    // Its rejection, once the session is ended, is no longer anyone's concern.
    work.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const stopped = new Promise<'timeout' | 'cancel'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), ms);
      onAbort = () => resolve('cancel');
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      const first = await Promise.race([work.then((value) => ({ value })), stopped]);
      if (typeof first === 'object') return first.value;
      this.ended = true;
      await this.terminate();
      if (first === 'cancel') throw signal!.reason;
      throw new CheckTimeoutError(timeoutMs);
    } finally {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Ends the session's backend, whatever it is doing: from the worker's pool
   * when its role may signal the checks role, else from another session of
   * the checks role (a role may end its own sessions); then drops the socket.
   */
  private async terminate(): Promise<void> {
    const end = 'SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE pid = ? AND usename = ?';
    try {
      await within(this.db.raw(end, [this.pid, this.role]), STEP_MS);
    } catch {
      try {
        const other = await within(this.login.connect(), STEP_MS);
        try {
          await within(other.query(end.replace('?', '$1').replace('?', '$2'), [this.pid, this.role]), STEP_MS);
        } finally {
          other.connection.stream.destroy();
        }
      } catch {
        // The backend ends anyway: at its statement timeout, or when it next writes to the dropped socket.
      }
    }
    this.client.connection.stream.destroy();
  }
}
