/** `retrofill worker`: runs a worker for the user's assets module until SIGINT/SIGTERM. */
import { Connection } from '@temporalio/client';
import { GracefulShutdownPeriodExpiredError, NativeConnection } from '@temporalio/worker';
import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import type { LogLevel } from '@temporalio/common';
import { loadAssetsModule } from '../../assets/load-assets-module';
import { checkedConnectionOptions } from '../../client/client-arguments';
import { connectArgs, temporalOptionsFromEnv, type TemporalConnectionOptions } from '../../client/connection-options';
import { TemporalConnectionError } from '../../client/errors';
import { connectDatabase } from '../../db/connect';
import { checkNamespace } from '../../worker/check-namespace';
import { SHUTDOWN_FORCE_AFTER_MS, createRetrofillWorker } from '../../worker/create-worker';
import { databaseWaitFromEnv } from '../../worker/database-wait';
import { ensureSearchAttributes } from '../../worker/ensure-search-attributes';
import { CLOSE_WITHIN_MS, closeWithin, exitIfStillRunningAfterSignal } from '../../worker/shutdown-deadline';
import { ExitCode } from '../exit-codes';
import { bindHost, gracePeriodMs, portNumber, positiveInt, requireDatabaseUrl } from '../options';
import { startFreshnessReports } from '../../observability/freshness';
import { startTracing, stopTracing } from '../../observability/tracing';
import { installWorkerRuntime, type LogFormat } from '../../observability/worker-runtime';

/** `--shutdown-grace` when neither the flag nor RETROFILL_SHUTDOWN_GRACE is given. */
const DEFAULT_GRACE = '10 seconds';

/** The grace period from the flag, else from RETROFILL_SHUTDOWN_GRACE, else the default. */
function shutdownGraceMs(flag: string | undefined): number {
  if (flag !== undefined) return gracePeriodMs(flag);
  const env = process.env.RETROFILL_SHUTDOWN_GRACE;
  try {
    return gracePeriodMs(env || DEFAULT_GRACE);
  } catch (error) {
    throw new InvalidArgumentError(`RETROFILL_SHUTDOWN_GRACE: ${(error as Error).message}`);
  }
}

/** Time left to the process to exit on its own after a failed start, once what it opened is closed. */
const EXIT_GRACE_MS = 3_000;

/** Connects like `connect`, naming the address when it cannot. */
async function reach<T>(temporal: TemporalConnectionOptions, connect: (args: ReturnType<typeof connectArgs>) => Promise<T>): Promise<T> {
  return connect(connectArgs(temporal)).catch((error: unknown) => {
    throw new TemporalConnectionError(temporal.address, error instanceof Error ? error.message : String(error));
  });
}

async function registerSearchAttributes(temporal: TemporalConnectionOptions): Promise<void> {
  const client = await reach(temporal, (args) => Connection.connect(args));
  try {
    await ensureSearchAttributes(client, temporal.namespace);
  } catch (error) {
    console.warn(`Could not register search attributes (register them yourself): ${String(error)}`);
  } finally {
    await client.close();
  }
}

interface WorkerCommandOptions {
  assets: string;
  concurrency: number;
  shutdownGrace?: string;
  metricsPort?: number;
  metricsHost: string;
  logFormat: LogFormat;
  logLevel: string;
}

/** `host:port`, with an IPv6 host in brackets. */
function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('run a worker that materializes the assets of a definitions module')
    .requiredOption('--assets <path>', 'TypeScript or JavaScript module exporting assets made with defineAsset')
    .option('--concurrency <n>', 'partitions materialized at once by this worker', positiveInt, 16)
    .option(
      '--shutdown-grace <duration>',
      `after SIGINT/SIGTERM, how long running partitions may finish before they are cancelled (env RETROFILL_SHUTDOWN_GRACE, default ${DEFAULT_GRACE})`,
    )
    .addOption(new Option('--metrics-port <port>', 'serve Prometheus metrics on this port at /metrics (docs/observability.md)').env('RETROFILL_METRICS_PORT').argParser(portNumber))
    .addOption(new Option('--metrics-host <host>', 'address the metrics endpoint binds to').env('RETROFILL_METRICS_HOST').default('127.0.0.1').argParser(bindHost))
    .addOption(new Option('--log-format <format>', 'text (human-readable) or json (one object a line)').env('RETROFILL_LOG_FORMAT').choices(['text', 'json']).default('text'))
    .addOption(new Option('--log-level <level>', 'least severe level logged').env('RETROFILL_LOG_LEVEL').choices(['trace', 'debug', 'info', 'warn', 'error']).default('info'))
    .action(async (opts: WorkerCommandOptions) => {
      // Settings first: a malformed one is refused before anything is loaded or opened.
      const graceMs = shutdownGraceMs(opts.shutdownGrace);
      const temporal = checkedConnectionOptions({}, temporalOptionsFromEnv());
      const databaseWait = databaseWaitFromEnv();
      const url = requireDatabaseUrl();
      const catalog = await loadAssetsModule(opts.assets);
      const metricsAddress = opts.metricsPort === undefined ? undefined : hostPort(opts.metricsHost, opts.metricsPort);
      const { logger, metrics } = installWorkerRuntime({
        logFormat: opts.logFormat,
        logLevel: opts.logLevel.toUpperCase() as LogLevel,
        ...(metricsAddress !== undefined && { metricsAddress }),
      });
      const tracing = startTracing('retrofill-worker');
      const json = opts.logFormat === 'json';
      const report = (message: string): void => {
        if (json) logger.error(message);
        else console.error(`retrofill worker: ${message}`);
      };
      // Closed in reverse order whatever happens: a worker that cannot start must exit, not hang.
      const closers: Array<{ what: string; close: () => Promise<void> }> = [];
      let stuck = false;
      try {
        if (tracing) closers.push({ what: 'the trace exporter', close: () => stopTracing() });
        const connection = await reach(temporal, (args) => NativeConnection.connect(args));
        closers.push({ what: 'the Temporal connection', close: () => connection.close() });
        await checkNamespace(connection, temporal.namespace, `Temporal at ${temporal.address}`);
        await registerSearchAttributes(temporal);
        const db = connectDatabase({ url, poolMax: opts.concurrency + 2 });
        closers.push({ what: 'the database pool', close: () => db.destroy() });
        const worker = await createRetrofillWorker({
          connection,
          namespace: temporal.namespace,
          taskQueue: temporal.taskQueue,
          catalog,
          db,
          maxConcurrentActivities: opts.concurrency,
          shutdownGraceMs: graceMs,
          ...(databaseWait !== undefined && { databaseWait }),
          metrics,
          ...(tracing && { tracing }),
        });
        if (metricsAddress !== undefined) {
          const stop = startFreshnessReports(db, catalog, metrics, (error) => {
            logger.warn(`could not read freshness from the ledger: ${String(error)}`);
          });
          closers.push({
            what: 'the freshness reports',
            close: () => {
              stop();
              return Promise.resolve();
            },
          });
        }
        const started = `${catalog.assets.length} assets, task queue "${temporal.taskQueue}" on ${temporal.address}`;
        const serving = metricsAddress === undefined ? '' : `, metrics on http://${metricsAddress}/metrics`;
        const line = `Retrofill worker: ${started}${serving}`;
        if (json) logger.info(line, { assets: catalog.assets.length, taskQueue: temporal.taskQueue, address: temporal.address, ...(metricsAddress && { metrics: metricsAddress }) });
        else console.log(line);
        // Backstop: whatever holds the process after the worker's own shutdown has had its time.
        const boundMs = graceMs + SHUTDOWN_FORCE_AFTER_MS + 2 * CLOSE_WITHIN_MS;
        exitIfStillRunningAfterSignal(boundMs, (signal) => {
          console.error(`retrofill worker: still running ${boundMs / 1000} s after ${signal}: exiting`);
          process.exit(ExitCode.ERROR);
        });
        await worker.run();
      } catch (error) {
        if (error instanceof GracefulShutdownPeriodExpiredError) {
          // Their transactions end with this process's connections; Temporal retries them on another worker.
          report(`partitions did not stop within ${(graceMs + SHUTDOWN_FORCE_AFTER_MS) / 1000} s of the shutdown request: exiting without them`);
          stuck = true;
        } else {
          // A library's handle left open by a failed start (the SDK's workflow threads) must not keep the process alive.
          setTimeout(() => process.exit(), EXIT_GRACE_MS).unref();
          throw error;
        }
      } finally {
        for (const { what, close } of closers.reverse()) {
          if (!(await closeWithin(CLOSE_WITHIN_MS, what, close, report))) stuck = true;
        }
      }
      // Whatever a stuck partition left pending must not keep a stopped worker alive.
      if (stuck) process.exit(ExitCode.ERROR);
    });
}
