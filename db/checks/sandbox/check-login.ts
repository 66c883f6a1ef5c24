/**
 * Opens connections as the role custom checks run as: the role of
 * `RETROFILL_CHECKS_DATABASE_URL` when given, otherwise `<worker's role>_checks`,
 * which the worker creates (or re-keys) the first time it cannot log in as it.
 * Never the worker's own role: without a checks role, checks fail closed.
 */
import type { Knex } from 'knex';
import { checksRoleName, type CheckSandboxOptions } from './check-sandbox-options';
import { checksRolePassword, scramVerifier } from './checks-role-password';
import { pgDriver, workerLogin, type PgClient, type PgConfig } from './pg-driver';
import { provisionChecksRole } from './provision-checks-role';
import { ChecksRoleUnavailableError } from './sandbox-errors';

/** Shown in pg_stat_activity. */
const APPLICATION_NAME = 'retrofill check';
const CONNECT_TIMEOUT_MS = 30_000;
/** SQLSTATEs of a refused login: wrong password, unknown role, no CONNECT privilege. */
const LOGIN_REFUSED = new Set(['28P01', '28000', '42501']);

const sqlState = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};

export class CheckLogin {
  private provisioned: Promise<PgConfig> | undefined;

  constructor(
    private readonly db: Knex,
    private readonly options: CheckSandboxOptions,
  ) {}

  /**
   * A new session as the checks role.
   * @throws ChecksRoleUnavailableError when there is no such role and the worker cannot make one.
   * @throws the driver's error when the server cannot be reached (a passing fault).
   */
  async connect(): Promise<PgClient> {
    if (this.options.databaseUrl !== undefined) {
      try {
        return await this.open({ connectionString: this.options.databaseUrl });
      } catch (error) {
        if (!LOGIN_REFUSED.has(sqlState(error) ?? '')) throw error;
        throw new ChecksRoleUnavailableError(`RETROFILL_CHECKS_DATABASE_URL could not log in (${(error as Error).message})`);
      }
    }
    const config = await this.provisionedConfig();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.open(config);
      } catch (error) {
        // The role is missing or has another password (another deployment keyed it): provision, then again.
        if (attempt > 2 || !LOGIN_REFUSED.has(sqlState(error) ?? '')) throw error;
        await this.provision(config);
      }
    }
  }

  /** The configuration of a session as the provisioned role, on the worker's server and database. */
  private provisionedConfig(): Promise<PgConfig> {
    if (this.provisioned) return this.provisioned;
    const config = workerLogin(this.db).then((worker) => {
      const user = checksRoleName(worker.user);
      if (worker.password === null) {
        throw new ChecksRoleUnavailableError(`the worker's database login (user "${worker.user}") has no password to derive the password of role ${user} from`);
      }
      const { host, port, database, ssl } = worker;
      return { host, port, database, ssl, user, password: checksRolePassword(worker.user, worker.password) };
    });
    this.provisioned = config;
    // A failure is not kept: the next check tries again.
    config.catch(() => (this.provisioned = undefined));
    return config;
  }

  private async provision(config: PgConfig): Promise<void> {
    try {
      await provisionChecksRole(this.db, config.user!, scramVerifier(config.password!));
    } catch (error) {
      if (sqlState(error) !== '42501') throw error;
      throw new ChecksRoleUnavailableError(`the worker's role may not create or alter role ${config.user} (${(error as Error).message})`);
    }
  }

  private async open(config: PgConfig): Promise<PgClient> {
    const client = new (pgDriver(this.db).Client)({ ...config, application_name: APPLICATION_NAME, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    // A session the server ends emits 'error'; unheard, it would end the worker process.
    client.on('error', () => undefined);
    await client.connect();
    return client;
  }
}
