/**
 * `RetrofillClient`: starts, steers and lists backfills from other services,
 * over the same Temporal contract the `temporal` CLI uses.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { parseBackfillRequest, type BackfillRequestInput } from '../core/backfill-request';
import type { BackfillProgress } from '../core/plan/backfill-progress';
import type { BackfillSummary } from '../core/plan/backfill-summary';
import { ASSET } from '../workflows/search-attributes';
import { BackfillHandle } from './backfill-handle';
import { connectArgs, temporalOptionsFromEnv, type TemporalConnectionOptions } from './connection-options';
import { BackfillAlreadyExistsError } from './errors';

/** One backfill as `list` shows it. */
export interface BackfillListing {
  backfillId: string;
  /** Temporal's execution status: `RUNNING`, `COMPLETED`, `FAILED`, `CANCELLED`, `TERMINATED`, ... */
  status: string;
  assets: string[];
  startTime: Date;
  closeTime?: Date;
}

/** Options of {@link RetrofillClient.list}. */
export interface ListOptions {
  /** Only running backfills. @default false */
  runningOnly?: boolean;
  /** Newest first, at most this many. @default 20 */
  limit?: number;
}

export class RetrofillClient {
  private constructor(
    private readonly client: Client,
    private readonly connection: Connection,
    /** The options in force (after the environment defaults). */
    readonly options: TemporalConnectionOptions,
  ) {}

  /** Connects with the given options, falling back to the environment (`TEMPORAL_ADDRESS`, ...). */
  static async connect(options: Partial<TemporalConnectionOptions> = {}): Promise<RetrofillClient> {
    const resolved = { ...temporalOptionsFromEnv(), ...options };
    const connection = await Connection.connect(connectArgs(resolved));
    return new RetrofillClient(new Client({ connection, namespace: resolved.namespace }), connection, resolved);
  }

  /**
   * Starts a backfill.
   * @param backfillId defaults to `backfill-<uuid>`.
   * @throws InvalidBackfillRequestError when the request is malformed (checked before anything starts;
   *   unknown assets or partitions are reported by `result()`, as the workers know the assets).
   * @throws BackfillAlreadyExistsError when a running backfill has this id.
   */
  async start(request: BackfillRequestInput, backfillId = `backfill-${randomUUID()}`): Promise<BackfillHandle> {
    parseBackfillRequest(request);
    try {
      await this.client.workflow.start('backfill', { taskQueue: this.options.taskQueue, workflowId: backfillId, args: [request] });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) throw new BackfillAlreadyExistsError(backfillId);
      throw error;
    }
    return this.backfill(backfillId);
  }

  /** A handle on an existing backfill (no call is made until you use it). */
  backfill(backfillId: string): BackfillHandle {
    return new BackfillHandle(this.client, backfillId);
  }

  /** @see BackfillHandle.pause */
  pause(backfillId: string): Promise<void> {
    return this.backfill(backfillId).pause();
  }

  /** @see BackfillHandle.resume */
  resume(backfillId: string): Promise<void> {
    return this.backfill(backfillId).resume();
  }

  /** @see BackfillHandle.throttle */
  throttle(backfillId: string, maxConcurrency: number): Promise<number> {
    return this.backfill(backfillId).throttle(maxConcurrency);
  }

  /** @see BackfillHandle.cancel */
  cancel(backfillId: string): Promise<void> {
    return this.backfill(backfillId).cancel();
  }

  /** @see BackfillHandle.progress */
  progress(backfillId: string): Promise<BackfillProgress> {
    return this.backfill(backfillId).progress();
  }

  /** @see BackfillHandle.result */
  result(backfillId: string): Promise<BackfillSummary> {
    return this.backfill(backfillId).result();
  }

  /** Running and recent backfills of this task queue, newest first. */
  async list({ runningOnly = false, limit = 20 }: ListOptions = {}): Promise<BackfillListing[]> {
    const clauses = [`WorkflowType = 'backfill'`, `TaskQueue = '${this.options.taskQueue.replace(/'/g, "''")}'`];
    if (runningOnly) clauses.push(`ExecutionStatus = 'Running'`);
    const found: BackfillListing[] = [];
    for await (const w of this.client.workflow.list({ query: clauses.join(' AND '), pageSize: Math.min(limit, 1000) })) {
      found.push({
        backfillId: w.workflowId,
        status: w.status.name,
        assets: w.typedSearchAttributes.get(ASSET) ?? [],
        startTime: w.startTime,
        ...(w.closeTime && { closeTime: w.closeTime }),
      });
      if (found.length >= limit) break;
    }
    return found;
  }

  /** Closes the connection. */
  async close(): Promise<void> {
    await this.connection.close();
  }
}
