/** `retrofill worker`: runs a worker for the user's assets module until SIGINT/SIGTERM. */
import { Connection } from '@temporalio/client';
import { GracefulShutdownPeriodExpiredError, NativeConnection } from '@temporalio/worker';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { loadAssetsModule } from '../../assets/load-assets-module';
import { connectArgs, temporalOptionsFromEnv } from '../../client/connection-options';
import { connectDatabase } from '../../db/connect';
import { SHUTDOWN_FORCE_AFTER_MS, createRetrofillWorker } from '../../worker/create-worker';
import { databaseWaitFromEnv } from '../../worker/database-wait';
import { ensureSearchAttributes } from '../../worker/ensure-search-attributes';
import { CLOSE_WITHIN_MS, closeWithin, exitIfStillRunningAfterSignal } from '../../worker/shutdown-deadline';
import { ExitCode } from '../exit-codes';
import { gracePeriodMs, positiveInt, requireDatabaseUrl } from '../options';

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
    .action(async (opts: { assets: string; concurrency: number; shutdownGrace?: string }) => {
      const graceMs = shutdownGraceMs(opts.shutdownGrace);
      const temporal = temporalOptionsFromEnv();
      const databaseWait = databaseWaitFromEnv();
      const catalog = await loadAssetsModule(opts.assets);
      const db = connectDatabase({ url: requireDatabaseUrl(), poolMax: opts.concurrency + 2 });
      const client = await Connection.connect(connectArgs(temporal));
      try {
        await ensureSearchAttributes(client, temporal.namespace);
      } catch (error) {
        console.warn(`Could not register search attributes (register them yourself): ${String(error)}`);
      } finally {
        await client.close();
      }
      const connection = await NativeConnection.connect(connectArgs(temporal));
      const worker = await createRetrofillWorker({
        connection,
        namespace: temporal.namespace,
        taskQueue: temporal.taskQueue,
        catalog,
        db,
        maxConcurrentActivities: opts.concurrency,
        shutdownGraceMs: graceMs,
        ...(databaseWait !== undefined && { databaseWait }),
      });
      console.log(`Retrofill worker: ${catalog.assets.length} assets, task queue "${temporal.taskQueue}" on ${temporal.address}`);
      // Backstop: whatever holds the process after the worker's own shutdown has had its time.
      const boundMs = graceMs + SHUTDOWN_FORCE_AFTER_MS + 2 * CLOSE_WITHIN_MS;
      exitIfStillRunningAfterSignal(boundMs, (signal) => {
        console.error(`retrofill worker: still running ${boundMs / 1000} s after ${signal}: exiting`);
        process.exit(ExitCode.ERROR);
      });
      const report = (message: string) => console.error(`retrofill worker: ${message}`);
      let stuck = false;
      try {
        await worker.run();
      } catch (error) {
        if (!(error instanceof GracefulShutdownPeriodExpiredError)) throw error;
        // Their transactions end with this process's connections; Temporal retries them on another worker.
        report(`partitions did not stop within ${(graceMs + SHUTDOWN_FORCE_AFTER_MS) / 1000} s of the shutdown request: exiting without them`);
        stuck = true;
      } finally {
        if (!(await closeWithin(CLOSE_WITHIN_MS, 'the Temporal connection', () => connection.close(), report))) stuck = true;
        if (!(await closeWithin(CLOSE_WITHIN_MS, 'the database pool', () => db.destroy(), report))) stuck = true;
      }
      // Whatever a stuck partition left pending must not keep a stopped worker alive.
      if (stuck) process.exit(ExitCode.ERROR);
    });
}
