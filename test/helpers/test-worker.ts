/** An in-process Retrofill worker on its own task queue, against the shared dev server (or `address`). */
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import type { Knex } from 'knex';
import { inject } from 'vitest';
import type { AssetCatalog } from '../../assets/asset-catalog';
import type { PlanLimits } from '../../core/plan/backfill-plan';
import type { CheckSandboxOptions } from '../../db/checks/sandbox/check-sandbox-options';
import type { DurationSpec } from '../../core/duration';
import { createRetrofillWorker } from '../../worker/create-worker';

export interface TestWorker {
  client: Client;
  taskQueue: string;
  worker: Worker;
  stop(): Promise<void>;
}

let runtimeInstalled = false;

/** Keeps the SDK's info and warning lines (every retried activity logs one) out of test output. */
function quietRuntime(): void {
  if (runtimeInstalled) return;
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  runtimeInstalled = true;
}

export interface TestWorkerOptions {
  catalog: AssetCatalog;
  db: Knex;
  taskQueue?: string;
  address?: string;
  /** What one backfill may target on this worker (e.g. a small `maxPartitions`). */
  limits?: PlanLimits;
  /** Partitions this worker materializes at once. @default 16 */
  maxConcurrentActivities?: number;
  /** How custom SQL checks run (their role, their timeout). */
  checks?: CheckSandboxOptions;
  /** How long activities wait for a database that stopped answering. @default 10 minutes */
  databaseWait?: DurationSpec;
}

export async function startTestWorker(options: TestWorkerOptions): Promise<TestWorker> {
  quietRuntime();
  const address = options.address ?? inject('temporalAddress');
  const taskQueue = options.taskQueue ?? `test-${randomBytes(4).toString('hex')}`;
  const nativeConnection = await NativeConnection.connect({ address });
  const worker = await createRetrofillWorker({
    connection: nativeConnection,
    taskQueue,
    catalog: options.catalog,
    db: options.db,
    ...(options.limits && { limits: options.limits }),
    ...(options.maxConcurrentActivities && { maxConcurrentActivities: options.maxConcurrentActivities }),
    ...(options.checks && { checks: options.checks }),
    ...(options.databaseWait !== undefined && { databaseWait: options.databaseWait }),
  });
  const running = worker.run();
  const connection = await Connection.connect({ address });
  return {
    client: new Client({ connection }),
    taskQueue,
    worker,
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
      await nativeConnection.close();
    },
  };
}
