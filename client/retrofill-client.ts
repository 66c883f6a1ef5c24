/**
 * `RetrofillClient`: starts backfills and reads their results from other
 * services, over the same Temporal contract the `temporal` CLI uses.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import type { BackfillRequestInput } from '../core/backfill-request';
import type { BackfillSummary } from '../core/plan/backfill-summary';
import { connectArgs, temporalOptionsFromEnv, type TemporalConnectionOptions } from './connection-options';
import { BackfillFailedError } from './errors';

/** A started backfill. */
export interface BackfillHandle {
  /** The backfill's id: its parent workflow id. */
  backfillId: string;
  /**
   * Waits for the backfill to end.
   * @throws BackfillFailedError when it failed (e.g. an invalid request), with Temporal's message.
   */
  result(): Promise<BackfillSummary>;
}

export class RetrofillClient {
  private constructor(
    private readonly client: Client,
    private readonly connection: Connection,
    readonly options: TemporalConnectionOptions,
  ) {}

  /** Connects with the given options, falling back to the environment (`TEMPORAL_ADDRESS`, ...). */
  static async connect(options: Partial<TemporalConnectionOptions> = {}): Promise<RetrofillClient> {
    const resolved = { ...temporalOptionsFromEnv(), ...options };
    const connection = await Connection.connect(connectArgs(resolved));
    return new RetrofillClient(new Client({ connection, namespace: resolved.namespace }), connection, resolved);
  }

  /**
   * Starts a backfill. The request is validated by the workflow: an invalid
   * one fails at once, reported by `result()`.
   * @param backfillId defaults to `backfill-<uuid>`.
   */
  async start(request: BackfillRequestInput, backfillId = `backfill-${randomUUID()}`): Promise<BackfillHandle> {
    const handle = await this.client.workflow.start('backfill', {
      taskQueue: this.options.taskQueue,
      workflowId: backfillId,
      args: [request],
    });
    return {
      backfillId,
      result: async () => {
        try {
          return (await handle.result()) as BackfillSummary;
        } catch (error) {
          if (error instanceof WorkflowFailedError) throw new BackfillFailedError(backfillId, error.cause?.message ?? error.message);
          throw error;
        }
      },
    };
  }

  /** Closes the connection. */
  async close(): Promise<void> {
    await this.connection.close();
  }
}
