/** Builds a Temporal worker that runs Retrofill's workflows and the user's assets' activities. */
import { extname, join } from 'node:path';
import { NativeConnection, Worker, type BundleOptions, type WorkflowBundle } from '@temporalio/worker';
import type { Knex } from 'knex';
import { createActivities } from '../activities';
import type { AssetCatalog } from '../assets/asset-catalog';
import { DEFAULT_TASK_QUEUE } from '../contract';
import type { PlanLimits } from '../core/plan/backfill-plan';
import type { DurationSpec } from '../core/duration';
import type { CheckSandboxOptions } from '../db/checks/sandbox/check-sandbox-options';
import { checkNamespace } from './check-namespace';
import { checkSearchAttributeTypes } from './check-search-attribute-types';
import { checkSandboxOptionsFromEnv } from './check-sandbox-env';
import { databaseWaitMs } from './database-wait';
import { prepareDatabase } from './prepare-database';
import { bundleWorkflowsInThread } from './workflow-bundle';
import { makeWorkflowExporter } from '@temporalio/interceptors-opentelemetry';
import { openTelemetryActivityInterceptors, retrofillActivityInterceptors } from '../observability/activity-interceptors';
import type { RetrofillMetrics } from '../observability/retrofill-metrics';
import type { Tracing } from '../observability/tracing';

export interface RetrofillWorkerOptions {
  connection: NativeConnection;
  /** @default 'default' */
  namespace?: string;
  /** @default 'retrofill' */
  taskQueue?: string;
  catalog: AssetCatalog;
  /** Where the ledger and the assets' tables live. */
  db: Knex;
  /** What one backfill may target, and one run of it plan (larger ones run in time segments). @default DEFAULT_PLAN_LIMITS */
  limits?: PlanLimits;
  /** A prebuilt workflow bundle (saves the bundling time when many workers start in one process). */
  workflowBundle?: WorkflowBundle;
  /** Partitions materialized at once by this worker. @default 16 */
  maxConcurrentActivities?: number;
  /**
   * After `shutdown()` (the `retrofill worker` command calls it on SIGINT/SIGTERM), how long running
   * partitions may still finish. Then they are cancelled: rolled back at once, retried by another
   * worker. If the worker has still not stopped `SHUTDOWN_FORCE_AFTER_MS` later, `run()` rejects
   * with Temporal's `GracefulShutdownPeriodExpiredError`: exit the process.
   * @default 0 (cancelled at once)
   */
  shutdownGraceMs?: number;
  /**
   * How custom SQL checks run: the role they log in as and their timeout
   * (docs/security.md#custom-sql-checks).
   * @default from `RETROFILL_CHECKS_DATABASE_URL` and `RETROFILL_CHECK_TIMEOUT`
   */
  checks?: CheckSandboxOptions;
  /**
   * How long an activity that lost its database connection waits for the
   * database to answer again before its attempt fails: milliseconds or text
   * such as `'10 minutes'`. `retrofill worker` reads `RETROFILL_DATABASE_WAIT`.
   * @default '10 minutes'
   */
  databaseWait?: DurationSpec;
  /** Where the activities record Retrofill's metrics (observability/worker-runtime.ts). @default none */
  metrics?: RetrofillMetrics;
  /**
   * The process's tracer provider (observability/tracing.ts): workflows and
   * activities are traced, under the trace of whoever started the backfill.
   * A prebuilt `workflowBundle` must have been bundled with TRACING_WORKFLOW_MODULES.
   */
  tracing?: Tracing;
}

/** How long after the grace period cancelled partitions may take to stop before `run()` gives up on them. */
export const SHUTDOWN_FORCE_AFTER_MS = 10_000;

/** `.ts` in a clone (run through tsx), `.js` in the built package: the workflow sources sit beside this file's kind. */
const SOURCE_EXTENSION = extname(__filename);

/** Path of the workflows entry point, for bundling. */
export const WORKFLOWS_PATH = join(__dirname, '..', 'workflows', `index${SOURCE_EXTENSION}`);

/**
 * Workflow interceptor modules: start arguments that cannot be decoded become
 * input the workflows refuse at once (workflows/undecodable-arguments.ts).
 * `bundleWorkflowCode` takes them in WORKFLOW_BUNDLER_OPTIONS.
 */
export const WORKFLOW_INTERCEPTOR_MODULES = [join(__dirname, '..', 'workflows', `undecodable-arguments${SOURCE_EXTENSION}`)];

/**
 * Workflow interceptor modules of a worker that traces: OpenTelemetry's (a
 * span per workflow, child workflow, activity start and signal), then
 * Retrofill's, which names the backfill, asset and partitions on the span.
 */
export const TRACING_WORKFLOW_MODULES = [
  require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors'),
  join(__dirname, '..', 'workflows', `trace-attributes-interceptor${SOURCE_EXTENSION}`),
];

/**
 * Bundler options for Retrofill's workflows. A reused V8 context evaluates the
 * bundle's modules again for every workflow; zod (request validation) was most
 * of that CPU, and it keeps no per-workflow state, so it is loaded once per
 * workflow thread instead (docs/performance.md).
 */
export const WORKFLOW_BUNDLER_OPTIONS: Pick<BundleOptions, 'preloadModules' | 'workflowInterceptorModules'> = {
  preloadModules: [join(__dirname, '..', 'workflows', 'preload', `shared-zod${SOURCE_EXTENSION}`)],
  workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
};

/**
 * Migrates the database, creates the assets' tables, and returns a worker ready to `run()`.
 * @throws NamespaceNotFoundError before touching the database when the namespace does not exist.
 * @throws SearchAttributeTypeError, as early, when a Retrofill search attribute has another type there.
 */
export async function createRetrofillWorker(options: RetrofillWorkerOptions): Promise<Worker> {
  const checks = options.checks ?? checkSandboxOptionsFromEnv();
  const databaseWait = options.databaseWait === undefined ? undefined : databaseWaitMs(options.databaseWait);
  const namespace = options.namespace ?? 'default';
  await checkNamespace(options.connection, namespace);
  await checkSearchAttributeTypes(options.connection, namespace);
  await prepareDatabase(options.db, options.catalog);
  const { tracing } = options;
  const workflowModules = tracing ? [...WORKFLOW_INTERCEPTOR_MODULES, ...TRACING_WORKFLOW_MODULES] : WORKFLOW_INTERCEPTOR_MODULES;
  const workflowBundle =
    options.workflowBundle ??
    (await bundleWorkflowsInThread({ workflowsPath: WORKFLOWS_PATH, preloadModules: WORKFLOW_BUNDLER_OPTIONS.preloadModules ?? [], workflowInterceptorModules: workflowModules }));
  return Worker.create({
    connection: options.connection,
    namespace,
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    workflowBundle,
    interceptors: {
      activity: tracing ? [openTelemetryActivityInterceptors, retrofillActivityInterceptors] : [retrofillActivityInterceptors],
    },
    // Workflow spans leave the sandbox through this sink.
    ...(tracing && { sinks: { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) } }),
    activities: createActivities({
      db: options.db,
      catalog: options.catalog,
      limits: options.limits,
      checks,
      databaseWaitMs: databaseWait,
      ...(options.metrics && { metrics: options.metrics }),
    }),
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivities ?? 16,
    shutdownGraceTime: options.shutdownGraceMs ?? 0,
    shutdownForceTime: (options.shutdownGraceMs ?? 0) + SHUTDOWN_FORCE_AFTER_MS,
    // Heartbeats carry cancellations back: send them often so a cancel stops work within seconds.
    maxHeartbeatThrottleInterval: '1 second',
    defaultHeartbeatThrottleInterval: '1 second',
  });
}
