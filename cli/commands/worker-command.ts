/** `retrofill worker`: runs a worker for the user's assets module until SIGINT/SIGTERM. */
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Command } from 'commander';
import { loadAssetsModule } from '../../assets/load-assets-module';
import { checkedConnectionOptions } from '../../client/client-arguments';
import { connectArgs, temporalOptionsFromEnv, type TemporalConnectionOptions } from '../../client/connection-options';
import { TemporalConnectionError } from '../../client/errors';
import { connectDatabase } from '../../db/connect';
import { checkNamespace } from '../../worker/check-namespace';
import { createRetrofillWorker } from '../../worker/create-worker';
import { ensureSearchAttributes } from '../../worker/ensure-search-attributes';
import { positiveInt, requireDatabaseUrl } from '../options';

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

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('run a worker that materializes the assets of a definitions module')
    .requiredOption('--assets <path>', 'TypeScript or JavaScript module exporting assets made with defineAsset')
    .option('--concurrency <n>', 'partitions materialized at once by this worker', positiveInt, 16)
    .action(async (opts: { assets: string; concurrency: number }) => {
      // Settings first: a malformed one is refused before anything is loaded or opened.
      const temporal = checkedConnectionOptions({}, temporalOptionsFromEnv());
      const url = requireDatabaseUrl();
      const catalog = await loadAssetsModule(opts.assets);
      // Closed in reverse order whatever happens: a worker that cannot start must exit, not hang.
      const closers: Array<() => Promise<void>> = [];
      try {
        const connection = await reach(temporal, (args) => NativeConnection.connect(args));
        closers.push(() => connection.close());
        await checkNamespace(connection, temporal.namespace, `Temporal at ${temporal.address}`);
        await registerSearchAttributes(temporal);
        const db = connectDatabase({ url, poolMax: opts.concurrency + 2 });
        closers.push(() => db.destroy());
        const worker = await createRetrofillWorker({
          connection,
          namespace: temporal.namespace,
          taskQueue: temporal.taskQueue,
          catalog,
          db,
          maxConcurrentActivities: opts.concurrency,
        });
        console.log(`Retrofill worker: ${catalog.assets.length} assets, task queue "${temporal.taskQueue}" on ${temporal.address}`);
        await worker.run();
      } catch (error) {
        // A library's handle left open by a failed start (the SDK's workflow threads) must not keep the process alive.
        setTimeout(() => process.exit(), EXIT_GRACE_MS).unref();
        throw error;
      } finally {
        for (const close of closers.reverse()) await close().catch((error: unknown) => console.warn(`While closing: ${String(error)}`));
      }
    });
}
