/**
 * One measured deployment: a fresh database on the bench's PostgreSQL, a
 * worker for an assets module on its own task queue, and a client; it plans
 * and times a backfill and reads back how long its workflow histories were.
 */
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type WorkflowBundle } from '@temporalio/worker';
import type { Knex } from 'knex';
import type { AssetCatalog } from '../assets/asset-catalog';
import { loadAssetsModule } from '../assets/load-assets-module';
import { RetrofillClient } from '../client/retrofill-client';
import type { BackfillRequestInput } from '../core/backfill-request';
import type { BackfillSummary } from '../core/run/backfill-summary';
import type { BackfillPlanReport } from '../core/plan/plan-report';
import { createScratchDatabase } from '../local/scratch-database';
import { ASSET, WorkflowType } from '../contract';
import type { RetrofillMetrics } from '../observability/retrofill-metrics';
import type { Tracing } from '../observability/tracing';
import { DEFAULT_PLAN_LIMITS } from '../core/plan/backfill-plan';
import { createRetrofillWorker } from '../worker/create-worker';
import { startCpuCount, type CpuSpent } from './cpu-time';
import { startWorkerProcess } from './worker-process';

/** The workflow types that materialize partitions: one each, or a batch. */
const CHILD_TYPES = new Set<string>([WorkflowType.materializePartition, WorkflowType.materializeBatch]);

export interface BenchServers {
  temporalAddress: string;
  /** The dev server's process, for its CPU time and memory. */
  temporalPid?: number;
  adminDatabaseUrl: string;
  /** PostgreSQL's postmaster, for the CPU of the server and its backends. */
  postgresPid?: number;
  bundle: WorkflowBundle;
  /** With `--telemetry`: the workers record metrics and trace (the bundle holds the tracing interceptors). */
  telemetry?: { metrics: RetrofillMetrics; tracing?: Tracing };
}

/** A backfill as measured. */
export interface TimedBackfill {
  ms: number;
  summary: BackfillSummary;
  /** Events in every workflow history of the backfill (parent runs and partition children). */
  historyEvents: number;
  /** The longest single history among the backfill's own runs. */
  largestHistory: number;
  continuedAsNew: number;
  /** CPU spent during the backfill, by process. */
  cpu: CpuSpent;
  /** Per asset: its partitions' workflows, from the first start to the last close. */
  /** Per asset: its partitions, the children that ran them (fewer in batches) and first start to last close. */
  assetSpans: Record<string, { partitions: number; children: number; ms: number }>;
}

export interface BenchDeployment {
  db: Knex;
  catalog: AssetCatalog;
  /** What `RetrofillClient.plan` answers for the request: the plan and its estimated duration. */
  plan(request: BackfillRequestInput): Promise<BackfillPlanReport>;
  backfill(request: BackfillRequestInput): Promise<TimedBackfill>;
  /** The deployment's client, on its task queue. */
  client: RetrofillClient;
  /** The worker's process, when it runs in one of its own. */
  workerPid?: number;
  stop(): Promise<void>;
}

/**
 * @param limits the worker's plan limits (not with `workerProcess`, which runs with the defaults).
 * @param workerProcess run the worker as `retrofill worker` in a process of its own (its memory and CPU measured alone).
 */
export async function startBenchDeployment(
  servers: BenchServers,
  assetsModule: string,
  limits?: { continueAsNewAfterEvents?: number },
  workerProcess = false,
): Promise<BenchDeployment> {
  const { db, drop, url } = await createScratchDatabase(servers.adminDatabaseUrl, 'retrofill_bench');
  const catalog = await loadAssetsModule(assetsModule);
  const taskQueue = `bench-${randomBytes(4).toString('hex')}`;
  if (workerProcess) {
    if (limits) throw new Error('a worker process runs with the default limits');
    const child = await startWorkerProcess({ assetsModule, temporalAddress: servers.temporalAddress, taskQueue, databaseUrl: url });
    return deployment(servers, { db, catalog, taskQueue, workerPid: child.pid }, async () => {
      await child.stop();
      await drop();
    });
  }
  const native = await NativeConnection.connect({ address: servers.temporalAddress });
  const worker = await createRetrofillWorker({
    connection: native,
    taskQueue,
    catalog,
    db,
    workflowBundle: servers.bundle,
    ...(limits && { limits: { ...DEFAULT_PLAN_LIMITS, ...limits } }),
    ...(servers.telemetry && { metrics: servers.telemetry.metrics }),
    ...(servers.telemetry?.tracing && { tracing: servers.telemetry.tracing }),
  });
  const running = worker.run();
  return deployment(servers, { db, catalog, taskQueue }, async () => {
    worker.shutdown();
    await running;
    await native.close();
    await drop();
  });
}

/** The client side of a deployment whose worker runs (in this process or another) on `taskQueue`. */
async function deployment(
  servers: BenchServers,
  { db, catalog, taskQueue, workerPid }: { db: Knex; catalog: AssetCatalog; taskQueue: string; workerPid?: number },
  stopWorker: () => Promise<void>,
): Promise<BenchDeployment> {
  const client = await RetrofillClient.connect({ address: servers.temporalAddress, taskQueue });
  const connection = await Connection.connect({ address: servers.temporalAddress });
  const raw = new Client({ connection });
  return {
    db,
    catalog,
    client,
    ...(workerPid !== undefined && { workerPid }),
    plan: (request) => client.plan({ mode: 'all', ...request }),
    async backfill(request) {
      const cpuSpent = startCpuCount({ temporalServerPid: servers.temporalPid, postgresPid: servers.postgresPid, ...(workerPid !== undefined && { workerPid }) });
      // Workflows started before (a warm-up, a plan) share the task queue: they are left out.
      const startedAt = Date.now();
      const started = performance.now();
      const handle = await client.start({ mode: 'all', ...request });
      const summary = await handle.result();
      const ms = performance.now() - started;
      const cpu = cpuSpent();
      const progress = await handle.progress();
      let historyEvents = 0;
      let largestHistory = 0;
      const spans = new Map<string, { children: number; first: number; last: number }>();
      for await (const w of raw.workflow.list({ query: `TaskQueue = '${taskQueue}'` })) {
        if (w.startTime.getTime() < startedAt) continue;
        historyEvents += w.historyLength;
        if (w.workflowId === handle.backfillId) largestHistory = Math.max(largestHistory, w.historyLength);
        const asset = CHILD_TYPES.has(w.type) ? w.typedSearchAttributes.get(ASSET)?.[0] : undefined;
        if (asset === undefined || !w.closeTime) continue;
        const span = spans.get(asset) ?? { children: 0, first: Infinity, last: -Infinity };
        spans.set(asset, {
          children: span.children + 1,
          first: Math.min(span.first, w.startTime.getTime()),
          last: Math.max(span.last, w.closeTime.getTime()),
        });
      }
      const partitionsOf = (asset: string) => summary.assets.find((a) => a.asset === asset)?.total ?? 0;
      const assetSpans = Object.fromEntries([...spans].map(([asset, s]) => [asset, { partitions: partitionsOf(asset), children: s.children, ms: s.last - s.first }]));
      return { ms, summary, historyEvents, largestHistory, continuedAsNew: progress.continuedAsNew ?? 0, cpu, assetSpans };
    },
    async stop() {
      await client.close();
      await connection.close();
      await stopWorker();
    },
  };
}
