/** Knex connections to PostgreSQL. */
import knex, { type Knex } from 'knex';
import { assertDatabaseUrl } from './database-url';

/** Options for {@link connectDatabase}. */
export interface DatabaseOptions {
  /** A `postgres://` URL. */
  url: string;
  /** Largest number of pooled connections (at least 2: a migration holds one while knex uses another). @default 10 */
  poolMax?: number;
}

type RawConnection = { query(sql: string, done: (error: Error | null) => void): void };

/**
 * Opens a pooled knex instance on PostgreSQL; call `destroy()` when done.
 * Sessions run in UTC so that date columns compare with partition windows the
 * same way on every server, whatever its configured time zone.
 * @throws InvalidDatabaseUrlError when `url` is not a PostgreSQL URL with a host (pg would fall back to localhost:5432).
 */
export function connectDatabase({ url, poolMax = 10 }: DatabaseOptions): Knex {
  assertDatabaseUrl(url, 'database URL');
  return knex({
    client: 'pg',
    connection: url,
    pool: {
      min: 0,
      max: Math.max(2, poolMax),
      afterCreate: (conn: RawConnection, done: (error: Error | null, conn: RawConnection) => void) =>
        conn.query("SET TIME ZONE 'UTC'", (error) => done(error, conn)),
    },
  });
}
