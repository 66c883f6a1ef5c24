/** `retrofill worker`: runs a worker for the user's assets module until SIGINT/SIGTERM. */
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Command } from 'commander';
import { loadAssetsModule } from '../../assets/load-assets-module';
import { connectArgs, temporalOptionsFromEnv } from '../../client/connection-options';
import { connectDatabase } from '../../db/connect';
import { createRetrofillWorker } from '../../worker/create-worker';
import { databaseWaitFromEnv } from '../../worker/database-wait';
import { ensureSearchAttributes } from '../../worker/ensure-search-attributes';
import { positiveInt, requireDatabaseUrl } from '../options';

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('run a worker that materializes the assets of a definitions module')
    .requiredOption('--assets <path>', 'TypeScript or JavaScript module exporting assets made with defineAsset')
    .option('--concurrency <n>', 'partitions materialized at once by this worker', positiveInt, 16)
    .action(async (opts: { assets: string; concurrency: number }) => {
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
        ...(databaseWait !== undefined && { databaseWait }),
      });
      console.log(`Retrofill worker: ${catalog.assets.length} assets, task queue "${temporal.taskQueue}" on ${temporal.address}`);
      try {
        await worker.run();
      } finally {
        await connection.close();
        await db.destroy();
      }
    });
}
