/**
 * The few parts of the `pg` driver the checks' sandbox uses, typed here (the
 * project has no @types/pg): the driver knex already loaded, and the worker's
 * own connection parameters, resolved the way the driver resolves them (URL,
 * object, `PG*` environment variables).
 */
import type { Knex } from 'knex';

/** A pg connection: one session of the server. */
export interface PgClient {
  connect(): Promise<void>;
  query(text: string, values?: readonly unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
  end(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): unknown;
  /** The socket: destroyed to drop a session that does not end. */
  connection: { stream: { destroy(): void } };
}

/** What a pg connection is opened with. */
export interface PgConfig {
  host?: string;
  port?: number;
  database?: string;
  user?: string;
  password?: string;
  connectionString?: string;
  ssl?: unknown;
  application_name?: string;
  connectionTimeoutMillis?: number;
}

interface PgDriver {
  Client: new (config: PgConfig | string) => PgClient & {
    host: string;
    port: number;
    database: string;
    user: string;
    password: string | null | (() => string | Promise<string>);
    ssl: unknown;
  };
}

interface KnexPgClient {
  driver: PgDriver;
  connectionSettings?: PgConfig | string;
}

/** The pg driver of `db`'s knex instance. */
export function pgDriver(db: Knex): PgDriver {
  return (db.client as unknown as KnexPgClient).driver;
}

/** The worker's connection parameters, password included (null when it has none). */
export interface WorkerLogin {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string | null;
  ssl: unknown;
}

/** How `db` connects. */
export async function workerLogin(db: Knex): Promise<WorkerLogin> {
  const settings = (db.client as unknown as KnexPgClient).connectionSettings ?? {};
  // Constructing a client resolves the parameters without connecting.
  const probe = new (pgDriver(db).Client)(settings);
  const password = typeof probe.password === 'function' ? await probe.password() : probe.password;
  return { host: probe.host, port: probe.port, database: probe.database, user: probe.user, password: password || null, ssl: probe.ssl };
}
