/**
 * One deployment of demo-shaped assets for a test: its own database, a worker
 * on its own task queue loading an assets module, and a client. Several can
 * run side by side on the shared servers, so a test compares their tables.
 */
import { inject } from 'vitest';
import type { AssetCatalog } from '../../assets/asset-catalog';
import { loadAssetsModule } from '../../assets/load-assets-module';
import { RetrofillClient } from '../../client';
import type { BackfillRequestInput } from '../../core/backfill-request';
import type { BackfillSummary } from '../../core/run/backfill-summary';
import { demoChecksums, type Checksums } from './demo-state';
import { createTestDatabase, type TestDatabase } from './test-database';
import { startTestWorker, type TestWorker } from './test-worker';

export type TableChecksums = Checksums;

export interface DemoDeployment {
  catalog: AssetCatalog;
  database: TestDatabase;
  worker: TestWorker;
  client: RetrofillClient;
  /** Starts a backfill and waits for its summary. */
  backfill(request: BackfillRequestInput): Promise<BackfillSummary>;
  /** Row count and md5 of every demo table (`prefix` + name), in a stable row order. */
  checksums(prefix?: string): Promise<TableChecksums>;
  /** Stops the worker and starts one for `assetsModule` on the same task queue and database (a redeploy). */
  restartWorker(assetsModule: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startDemoDeployment(assetsModule: string): Promise<DemoDeployment> {
  const catalog = await loadAssetsModule(assetsModule);
  const database = await createTestDatabase();
  const worker = await startTestWorker({ catalog, db: database.db });
  const client = await RetrofillClient.connect({ address: inject('temporalAddress'), taskQueue: worker.taskQueue });
  const deployment: DemoDeployment = {
    catalog,
    database,
    worker,
    client,
    backfill: async (request) => (await client.start(request)).result(),
    checksums: (prefix = '') => demoChecksums(database.db, prefix),
    async restartWorker(module) {
      const next = await loadAssetsModule(module);
      await deployment.worker.stop();
      deployment.catalog = next;
      deployment.worker = await startTestWorker({ catalog: next, db: database.db, taskQueue: worker.taskQueue });
    },
    async stop() {
      await client.close();
      await deployment.worker.stop();
      await database.drop();
    },
  };
  return deployment;
}
