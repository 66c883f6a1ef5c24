/**
 * Asks Retrofill's database whether it answers, on a connection of its own
 * (never one of the pool's, which may all be busy or broken), and names the
 * database in messages without its password.
 */
import type { Knex } from 'knex';

/** Longest a probe may take: connecting and `SELECT 1` together. */
const PROBE_TIMEOUT_MS = 5_000;

type RawConnection = { query(sql: string): Promise<unknown> };
/** The knex client methods the pool itself uses to open and close connections. */
type RawConnections = {
  acquireRawConnection(): Promise<RawConnection>;
  destroyRawConnection(connection: RawConnection): Promise<void>;
  connectionSettings?: unknown;
};

/** Resolves once the database answers `SELECT 1`; rejects with why it did not (within 5 seconds). */
export function databaseProbe(db: Knex): () => Promise<void> {
  const client = db.client as RawConnections;
  const close = (connection: RawConnection) => client.destroyRawConnection(connection).catch(() => undefined);
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    const connecting = client.acquireRawConnection();
    const probe = connecting.then(async (connection) => {
      try {
        await connection.query('SELECT 1');
      } finally {
        await close(connection);
      }
    });
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS / 1000} s`)), PROBE_TIMEOUT_MS);
    });
    // A probe outlived by its timeout still closes its connection when it ends.
    probe.catch(() => undefined);
    try {
      await Promise.race([probe, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
}

/** `host:port/database` of the knex instance's connection: no user, no password. */
export function databaseAddress(db: Knex): string {
  const settings = (db.client as RawConnections).connectionSettings;
  const fields = (typeof settings === 'string' ? { connectionString: settings } : (settings ?? {})) as {
    host?: string;
    port?: number | string;
    database?: string;
    connectionString?: string;
  };
  if (fields.connectionString) {
    try {
      const url = new URL(fields.connectionString);
      return `${url.hostname}:${url.port || 5432}${url.pathname}`;
    } catch {
      return 'PostgreSQL (unparsable connection string)';
    }
  }
  return `${fields.host ?? 'localhost'}:${fields.port ?? 5432}/${fields.database ?? ''}`;
}
