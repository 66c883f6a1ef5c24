/** `retrofill worker`: runs a worker for the user's assets module until SIGINT/SIGTERM. */
import { extname } from 'node:path';
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Command } from 'commander';
import { loadAssetsModule } from '../../assets/load-assets-module';
import { connectArgs, temporalOptionsFromEnv } from '../../client/connection-options';
import { AssetDefinitionError } from '../../core/errors';
import { shownValue } from '../../core/shown-value';
import { connectDatabase } from '../../db/connect';
import { createRetrofillWorker } from '../../worker/create-worker';
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
      const catalog = await loadCatalog(opts.assets);
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

const MODULE_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];

/** The definitions module's catalog; a path that is no module, or fails to load, is named in the error. */
async function loadCatalog(path: string) {
  if (!MODULE_EXTENSIONS.includes(extname(path))) {
    throw new Error(`--assets ${shownValue(path, 300)} is not a TypeScript or JavaScript module (${MODULE_EXTENSIONS.join(', ')})`);
  }
  try {
    return await loadAssetsModule(path);
  } catch (error) {
    if (error instanceof AssetDefinitionError) throw error;
    throw new Error(`cannot load the assets module ${shownValue(path, 300)}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
