/**
 * `RetrofillClient`: starts, steers and lists backfills from other services,
 * over the same Temporal contract the `temporal` CLI uses.
 *
 * Over 200 lines by its documentation, not its logic: the facade of every
 * operation, each a line or two (the work is in worker-reads.ts,
 * shadow-operations.ts, list-backfills.ts, backfill-handle.ts) under the TSDoc
 * its callers read.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry/lib/client';
import { WorkflowType, type BackfillWorkflow } from '../contract';
import { assertBackfillId } from '../core/backfill-id';
import type { BackfillRequestInput } from '../core/backfill-request';
import { CheckedRequest } from '../core/checked-request';
import type { BackfillProgress } from '../core/run/backfill-progress';
import type { BackfillSummary } from '../core/run/backfill-summary';
import type { BackfillPlanReport } from '../core/plan/plan-report';
import type { Rollback } from '../core/shadow/publication';
import type { ShadowDiff } from '../core/shadow/shadow-diff';
import type { AssetOverview } from '../core/status/asset-overview';
import { statusEntries, unpackedAssetStatus, type PackedAssetStatus } from '../core/status/asset-status';
import type { PartitionDetail } from '../core/status/partition-detail';
import { taskPriority } from '../core/task-priority';
import { BackfillHandle } from './backfill-handle';
import type { BackfillListing } from './backfill-listings';
import { BackfillSchedules } from './backfill-schedules';
import type { WorkflowContext } from './caller-workflow';
import type { AssetStatus, ListOptions, StartOptions } from './client-options';
import { checkedAssetName, checkedConnectionOptions, checkedListOptions, checkedPartitionKey, checkedStartOptions } from './client-arguments';
import { connectArgs, temporalOptionsFromEnv, type TemporalConnectionOptions } from './connection-options';
import { BackfillAlreadyExistsError, TemporalConnectionError } from './errors';
import { listBackfills } from './list-backfills';
import { diffOf, discardOf, rollbackOf } from './shadow-operations';
import { assetOverviewOf, checkWithWorkers, packedAssetStatusOf, partitionDetailOf, planOf } from './worker-reads';

export class RetrofillClient {
  /** Backfills on a schedule: create, list, describe, pause, unpause, trigger, delete. */
  readonly schedules: BackfillSchedules;
  private readonly context: WorkflowContext;

  private constructor(
    private readonly client: Client,
    private readonly connection: Connection,
    /** The options in force (after the environment defaults). */
    readonly options: TemporalConnectionOptions,
  ) {
    this.context = { client, taskQueue: options.taskQueue };
    this.schedules = new BackfillSchedules(client, options.taskQueue, (request) => checkWithWorkers(this.context, request, 'the check of the schedule'));
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
   * @param request as sent, or a `CheckedRequest` the caller parsed already (it is not parsed again).
   * @param backfillId defaults to `backfill-<uuid>`.
   * @throws InvalidBackfillRequestError when the request or the id is malformed (checked before anything starts).
   * @throws BackfillFailedError when the workers refuse the request (failureType `InvalidBackfillRequest`, ...),
   *   or with failureType `NoWorker` when no worker answers within 30 seconds; nothing is started.
   * @throws BackfillAlreadyExistsError when a running backfill has this id.
   */
  async start(request: BackfillRequestInput | CheckedRequest, backfillId = `backfill-${randomUUID()}`, options: StartOptions = {}): Promise<BackfillHandle> {
    assertBackfillId(backfillId);
    const { input, request: { priority } } = CheckedRequest.of(request);
    if (checkedStartOptions(options).check) await checkWithWorkers(this.context, input, 'the check of the backfill', backfillId);
    try {
      // The backfill's own tasks yield like its partitions' (which the workflow starts at the request's priority).
      await this.client.workflow.start<BackfillWorkflow>(WorkflowType.backfill, { taskQueue: this.options.taskQueue, workflowId: backfillId, args: [input], priority: taskPriority(priority, backfillId) });
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
  async plan(request: BackfillRequestInput | CheckedRequest): Promise<BackfillPlanReport> {
    return planOf(this.context, CheckedRequest.of(request).input);
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
    return packedAssetStatusOf(this.context, asset);
  }

  /**
   * Every asset the workers know, with its upstream assets, partitioning, code
   * version and how many of its partitions are missing, materialized, stale,
   * failed and running. Runs the read-only `assetOverview` workflow (id `overview-<uuid>`).
   */
  async assets(): Promise<AssetOverview> {
    return assetOverviewOf(this.context);
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
    return partitionDetailOf(this.context, asset, key);
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
    return diffOf(this.context, backfillId);
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
    return rollbackOf(this.context, backfillId);
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
    await discardOf(this.context, backfillId);
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
    return listBackfills(this.context, checkedListOptions(options));
  }

  /** Closes the connection. */
  async close(): Promise<void> {
    await this.connection.close();
  }
}

