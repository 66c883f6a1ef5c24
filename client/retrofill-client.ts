/**
 * `RetrofillClient`: starts, steers and lists backfills from other services,
 * over the same Temporal contract the `temporal` CLI uses.
 */
import { randomUUID } from 'node:crypto';
import { ApplicationFailure, Client, Connection, isGrpcServiceError, ServiceError, TimeoutFailure, WorkflowExecutionAlreadyStartedError, WorkflowFailedError, type WorkflowExecutionInfo } from '@temporalio/client';
import { BackfillSchedules } from './backfill-schedules';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry/lib/client';
import { assertBackfillId } from '../core/backfill-id';
import { parseBackfillRequest, type BackfillRequestInput } from '../core/backfill-request';
import { taskPriority } from '../core/task-priority';
import type { BackfillProgress } from '../core/plan/backfill-progress';
import type { BackfillSummary } from '../core/plan/backfill-summary';
import type { BackfillPlanReport } from '../core/plan/plan-report';
import type { Rollback } from '../core/shadow/publication';
import type { ShadowDiff } from '../core/shadow/shadow-diff';
import type { AssetOverview } from '../core/status/asset-overview';
import { statusEntries, unpackedAssetStatus, type AssetStatusReport, type PackedAssetStatus, type PartitionStatusEntry } from '../core/status/asset-status';
import type { PartitionDetail } from '../core/status/partition-detail';
import { ASSET, BACKFILL_ID } from '../workflows/search-attributes';
import { BackfillHandle } from './backfill-handle';
import { collectListings, DRY_RUN_PREFIX, earliestStarts, workflowIdsFilter, type BackfillListing, type ListedRun } from './backfill-listings';
import { checkedAssetName, checkedConnectionOptions, checkedListOptions, checkedPartitionKey, checkedStartOptions } from './client-arguments';
import { connectArgs, temporalOptionsFromEnv, type TemporalConnectionOptions } from './connection-options';
import { BackfillAlreadyExistsError, BackfillFailedError, BackfillStillRunningError, TemporalConnectionError } from './errors';

/** One asset's partitions as the ledger tells them, from {@link RetrofillClient.assetStatus}. */
export interface AssetStatus extends AssetStatusReport {
  /** Every partition with its status and reason, oldest first. */
  entries: PartitionStatusEntry[];
}

/** Options of {@link RetrofillClient.list}. */
export interface ListOptions {
  /** Only running backfills. @default false */
  runningOnly?: boolean;
  /**
   * Every workflow of the task queue: dry runs (`plan`), status reads and the
   * partitions' workflows too, not only backfills. @default false
   */
  all?: boolean;
  /** Newest first, at most this many: a whole number from 1 to 10,000. @default 20 */
  limit?: number;
}

/** Options of {@link RetrofillClient.start}. */
export interface StartOptions {
  /**
   * Have the workers judge the request before starting. Without it, the backfill
   * starts even with no worker running, and a refusal is reported by `result()`.
   * @default true
   */
  check?: boolean;
}

/** Ids of the checks `start` and a schedule's creation run. */
const CHECK_PREFIX = 'check-';

/** gRPC's status code INVALID_ARGUMENT. */
const GRPC_INVALID_ARGUMENT = 3;

/** Ids per visibility query when `list` looks for the first runs of what it lists. */
const IDS_PER_QUERY = 100;

/** How long a check waits for the workers to answer. */
const CHECK_TIMEOUT = '30 seconds';

export class RetrofillClient {
  /** Backfills on a schedule: create, list, describe, pause, unpause, trigger, delete. */
  readonly schedules: BackfillSchedules;

  private constructor(
    private readonly client: Client,
    private readonly connection: Connection,
    /** The options in force (after the environment defaults). */
    readonly options: TemporalConnectionOptions,
  ) {
    this.schedules = new BackfillSchedules(client, options.taskQueue, (request) => this.checkWithWorkers(request, 'the check of the schedule'));
  }

  /**
   * Asks the workers to judge `request` against their assets and limits (the
   * `checkBackfill` workflow, id `check-<uuid>`, reading no ledger), within `CHECK_TIMEOUT`.
   * @param operation what the check is for, as the error names it.
   * @throws BackfillFailedError when they refuse it, or with failureType `NoWorker` when none answers in time.
   */
  private async checkWithWorkers(request: BackfillRequestInput, operation: string, backfillId?: string): Promise<void> {
    try {
      await this.client.workflow.execute('checkBackfill', {
        taskQueue: this.options.taskQueue,
        workflowId: `${CHECK_PREFIX}${randomUUID()}`,
        args: [request],
        workflowExecutionTimeout: CHECK_TIMEOUT,
      });
    } catch (error) {
      if (!(error instanceof WorkflowFailedError)) throw error;
      const reason =
        error.cause instanceof TimeoutFailure
          ? `no worker answered on task queue "${this.options.taskQueue}" within ${CHECK_TIMEOUT}: start one (retrofill worker) and try again`
          : (error.cause?.message ?? error.message);
      const failureType = error.cause instanceof ApplicationFailure ? (error.cause.type ?? undefined) : error.cause instanceof TimeoutFailure ? 'NoWorker' : undefined;
      throw new BackfillFailedError(backfillId, reason, failureType, operation);
    }
  }

  /**
   * Connects with the given options, falling back to the environment (`TEMPORAL_ADDRESS`, ...).
   * @throws InvalidOptionsError when an option (or the environment's value) is malformed, e.g. an address that is not `host:port`.
   * @throws TemporalConnectionError when Temporal cannot be reached at the address.
   */
  static async connect(options: Partial<TemporalConnectionOptions> = {}): Promise<RetrofillClient> {
    const resolved = checkedConnectionOptions(options, temporalOptionsFromEnv());
    const connection = await Connection.connect(connectArgs(resolved)).catch((error: unknown) => {
      throw new TemporalConnectionError(resolved.address, error instanceof Error ? error.message : String(error));
    });
    // Without a registered tracer provider (observability/tracing.ts) its spans record nothing and add no headers.
    const interceptors = { workflow: [new OpenTelemetryWorkflowClientInterceptor()] };
    return new RetrofillClient(new Client({ connection, namespace: resolved.namespace, interceptors }), connection, resolved);
  }

  /**
   * Starts a backfill, once the workers have judged the request against their
   * assets and limits (a short `checkBackfill` workflow that reads no ledger):
   * an unknown asset or partition starts nothing.
   * @param backfillId defaults to `backfill-<uuid>`.
   * @throws InvalidBackfillRequestError when the request or the id is malformed (checked before anything starts).
   * @throws BackfillFailedError when the workers refuse the request (failureType `InvalidBackfillRequest`, ...),
   *   or with failureType `NoWorker` when no worker answers within 30 seconds; nothing is started.
   * @throws BackfillAlreadyExistsError when a running backfill has this id.
   */
  async start(request: BackfillRequestInput, backfillId = `backfill-${randomUUID()}`, options: StartOptions = {}): Promise<BackfillHandle> {
    assertBackfillId(backfillId);
    const { priority } = parseBackfillRequest(request);
    if (checkedStartOptions(options).check) await this.checkWithWorkers(request, 'the check of the backfill', backfillId);
    try {
      // The backfill's own tasks yield like its partitions' (which the workflow starts at the request's priority).
      await this.client.workflow.start('backfill', { taskQueue: this.options.taskQueue, workflowId: backfillId, args: [request], priority: taskPriority(priority, backfillId) });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) throw new BackfillAlreadyExistsError(backfillId);
      throw error;
    }
    return this.backfill(backfillId);
  }

  /**
   * What a backfill would do, without doing it: per asset, the partitions that
   * would run and why, the order, parallelism and an estimated duration. Runs
   * the `backfill` workflow with `dryRun: true` (id `plan-<uuid>`), which
   * reads the ledger and writes nothing.
   * @throws InvalidBackfillRequestError when the request is malformed.
   * @throws BackfillFailedError when the workers reject it (e.g. an unknown asset).
   */
  async plan(request: BackfillRequestInput): Promise<BackfillPlanReport> {
    parseBackfillRequest(request);
    return (await this.execute('backfill', `${DRY_RUN_PREFIX}${randomUUID()}`, { ...request, dryRun: true }, 'plan')) as BackfillPlanReport;
  }

  /**
   * The status of every partition of one asset (missing, materialized, stale,
   * failed, with reasons), as the ledger tells it. Runs the read-only
   * `assetStatus` workflow (id `status-<asset>-<uuid>`).
   * @throws InvalidStatusRequestError when `asset` cannot be an asset name (checked before anything starts).
   * @throws BackfillFailedError with failureType `InvalidStatusRequest` for an unknown asset.
   */
  async assetStatus(asset: string): Promise<AssetStatus> {
    const report = unpackedAssetStatus(await this.packedAssetStatus(asset));
    return { ...report, entries: statusEntries(report) };
  }

  /**
   * The same as {@link assetStatus}, as the workflow returns it: no entries, and
   * for time partitions no keys but the first (`unpackedAssetStatus` gives them
   * back). For a caller that sends it on: 148,000 hourly partitions are 0.2 MB
   * instead of 2.5.
   * @throws the same as {@link assetStatus}
   */
  async packedAssetStatus(asset: string): Promise<PackedAssetStatus> {
    checkedAssetName(asset);
    const statusId = `status-${asset}-${randomUUID()}`;
    return (await this.execute('assetStatus', statusId, { asset }, `status of asset ${asset}`)) as PackedAssetStatus;
  }

  /**
   * Every asset the workers know, with its upstream assets, partitioning, code
   * version and how many of its partitions are missing, materialized, stale,
   * failed and running. Runs the read-only `assetOverview` workflow (id `overview-<uuid>`).
   */
  async assets(): Promise<AssetOverview> {
    return (await this.execute('assetOverview', `overview-${randomUUID()}`, {}, 'asset overview')) as AssetOverview;
  }

  /**
   * One partition: its status and reason now, and its newest attempts (code
   * version, rows, timings, backfill and workflow). Runs the read-only
   * `partitionDetail` workflow (id `partition-<asset>-<uuid>`).
   * @throws InvalidStatusRequestError when `asset` cannot be an asset name or `key` a partition key.
   * @throws BackfillFailedError with failureType `InvalidStatusRequest` for an unknown asset or partition.
   */
  async partition(asset: string, key: string): Promise<PartitionDetail> {
    checkedAssetName(asset);
    checkedPartitionKey(key);
    return (await this.execute('partitionDetail', `partition-${asset}-${randomUUID()}`, { asset, key }, `partition ${asset}/${key}`)) as PartitionDetail;
  }

  /**
   * Rows added, removed and changed, per asset and partition, between
   * production and the shadow of a backfill started with `isolation: 'shadow'`,
   * before it is published. Runs the read-only `diffBackfill` workflow.
   * @throws InvalidBackfillRequestError when `backfillId` cannot be a backfill id.
   * @throws BackfillFailedError with failureType `ShadowNotFound` (no shadow)
   *   or `ShadowState` (already published or rolled back).
   */
  async diff(backfillId: string): Promise<ShadowDiff> {
    assertBackfillId(backfillId);
    return (await this.execute('diffBackfill', `diff-${randomUUID()}`, { backfillId }, `diff of backfill ${backfillId}`, backfillId)) as ShadowDiff;
  }

  /**
   * Restores, in one transaction, the production partitions that a published
   * shadow backfill replaced, while they are kept (`keepReplacedDays`). Runs
   * the `rollbackBackfill` workflow; repeating it returns the first rollback.
   * @throws InvalidBackfillRequestError when `backfillId` cannot be a backfill id.
   * @throws BackfillFailedError with failureType `ShadowNotFound`, `ShadowState`
   *   (not published, or the replaced rows expired) or `RollbackConflict`
   *   (a partition was written again since the publish).
   */
  async rollback(backfillId: string): Promise<Rollback> {
    assertBackfillId(backfillId);
    return (await this.execute('rollbackBackfill', `rollback-${randomUUID()}`, { backfillId }, `rollback of backfill ${backfillId}`, backfillId)) as Rollback;
  }

  /**
   * Drops the shadow tables of a backfill that ended without publishing (its
   * checks failed, a partition failed, or it was cancelled). Production is not
   * touched. Runs the `discardBackfill` workflow; repeating it changes nothing.
   * @throws InvalidBackfillRequestError when `backfillId` cannot be a backfill id.
   * @throws BackfillStillRunningError while the backfill runs.
   * @throws BackfillFailedError with failureType `ShadowNotFound` or `ShadowState` (it was published).
   */
  async discard(backfillId: string): Promise<void> {
    assertBackfillId(backfillId);
    const status = await this.client.workflow
      .getHandle(backfillId)
      .describe()
      .then(
        (d) => d.status.name,
        () => undefined,
      );
    if (status === 'RUNNING') throw new BackfillStillRunningError(backfillId, 'discard its shadow');
    await this.execute('discardBackfill', `discard-${randomUUID()}`, { backfillId }, `discard of backfill ${backfillId}`, backfillId);
  }

  /**
   * Runs a workflow on a caller's behalf; its failure is reported as `operation`
   * failing: its id is ours, internal, and means nothing to the caller.
   */
  private async execute(workflowType: string, workflowId: string, arg: unknown, operation: string, backfillId?: string): Promise<unknown> {
    try {
      return await this.client.workflow.execute(workflowType, { taskQueue: this.options.taskQueue, workflowId, args: [arg] });
    } catch (error) {
      if (!(error instanceof WorkflowFailedError)) throw error;
      const failureType = error.cause instanceof ApplicationFailure ? (error.cause.type ?? undefined) : undefined;
      throw new BackfillFailedError(backfillId, error.cause?.message ?? error.message, failureType, operation);
    }
  }

  /**
   * A handle on an existing backfill (no call is made until you use it).
   * @throws InvalidBackfillRequestError when `backfillId` cannot be a backfill id (e.g. it holds control characters).
   */
  backfill(backfillId: string): BackfillHandle {
    assertBackfillId(backfillId);
    return new BackfillHandle(this.client, backfillId);
  }

  /** @see BackfillHandle.pause */
  async pause(backfillId: string): Promise<void> {
    return this.backfill(backfillId).pause();
  }

  /** @see BackfillHandle.resume */
  async resume(backfillId: string): Promise<void> {
    return this.backfill(backfillId).resume();
  }

  /** @see BackfillHandle.throttle */
  async throttle(backfillId: string, maxConcurrency: number): Promise<number> {
    return this.backfill(backfillId).throttle(maxConcurrency);
  }

  /** @see BackfillHandle.publish */
  async publish(backfillId: string): Promise<void> {
    return this.backfill(backfillId).publish();
  }

  /** @see BackfillHandle.cancel */
  async cancel(backfillId: string): Promise<void> {
    return this.backfill(backfillId).cancel();
  }

  /** @see BackfillHandle.progress */
  async progress(backfillId: string): Promise<BackfillProgress> {
    return this.backfill(backfillId).progress();
  }

  /** @see BackfillHandle.result */
  async result(backfillId: string): Promise<BackfillSummary> {
    return this.backfill(backfillId).result();
  }

  /**
   * Running and recent backfills of this task queue, newest first.
   * @throws InvalidOptionsError when an option is malformed (e.g. a `limit` that is not a whole number from 1 to 10,000).
   */
  async list(options: ListOptions = {}): Promise<BackfillListing[]> {
    const { runningOnly, all, limit } = checkedListOptions(options);
    const onQueue = `TaskQueue = '${this.options.taskQueue.replace(/'/g, "''")}'`;
    const clauses = [onQueue];
    if (!all) clauses.push(`WorkflowType = 'backfill'`);
    if (runningOnly) clauses.push(`ExecutionStatus = 'Running'`);
    const runs = this.client.workflow.list({ query: clauses.join(' AND '), pageSize: Math.min(limit, 1000) });
    const listings = await collectListings(visibleRuns(runs), { all, limit });
    // Reading stopped at the limit: the first runs of backfills that continued as new may lie beyond it.
    for (let i = 0; i < listings.length; i += IDS_PER_QUERY) {
      const chunk = listings.slice(i, i + IDS_PER_QUERY);
      const ids = workflowIdsFilter(chunk.map((l) => l.backfillId));
      if (ids === undefined) continue;
      const query = `${onQueue} AND ExecutionStatus = 'ContinuedAsNew' AND ${ids}`;
      await earliestStarts(chunk, visibleRuns(this.client.workflow.list({ query, pageSize: 1000 }))).catch((error: unknown) => {
        // An id the query language cannot hold keeps the start of its latest run: not worth failing the list.
        if (!isInvalidArgument(error)) throw error;
      });
    }
    return listings;
  }

  /** Closes the connection. */
  async close(): Promise<void> {
    await this.connection.close();
  }
}

/** Whether Temporal refused a request as malformed (gRPC INVALID_ARGUMENT), e.g. a visibility query. */
function isInvalidArgument(error: unknown): boolean {
  const cause = error instanceof ServiceError ? error.cause : error;
  return isGrpcServiceError(cause) && cause.code === GRPC_INVALID_ARGUMENT;
}

/** The fields of each listed workflow run that `list` reads. */
async function* visibleRuns(runs: AsyncIterable<WorkflowExecutionInfo>): AsyncIterable<ListedRun> {
  for await (const w of runs) {
    const assets = w.typedSearchAttributes.get(ASSET);
    const backfillId = w.typedSearchAttributes.get(BACKFILL_ID);
    yield { workflowId: w.workflowId, type: w.type, status: w.status.name, startTime: w.startTime, ...(w.closeTime && { closeTime: w.closeTime }), ...(assets && { assets }), ...(backfillId !== undefined && { backfillId }) };
  }
}
