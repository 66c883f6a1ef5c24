/** Steering one backfill: the operations of `RetrofillClient` bound to its id. */
import {
  ApplicationFailure,
  WorkflowFailedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import { blockingFailures } from '../core/checks/check-outcome';
import { InvalidConcurrencyError } from '../core/errors';
import { ENDED_STATES, type BackfillProgress } from '../core/run/backfill-progress';
import type { BackfillSummary } from '../core/run/backfill-summary';
import { pauseSignal, progressQuery, publishSignal, resumeSignal, setConcurrencyUpdate, type BackfillWorkflow } from '../contract';
import { checkedConcurrency } from './client-arguments';
import { BackfillFailedError, BackfillNotFoundError, BackfillNotRunningError, ChecksFailedError } from './errors';

/** A backfill, by id. Every method throws `BackfillNotFoundError` for an unknown id. */
export class BackfillHandle {
  private readonly workflow: WorkflowHandle<BackfillWorkflow>;

  constructor(
    client: Client,
    /** The backfill's id: its parent workflow id. */
    readonly backfillId: string,
  ) {
    this.workflow = client.workflow.getHandle<BackfillWorkflow>(backfillId);
  }

  /**
   * Running partitions finish; no new partition starts until `resume`.
   * @throws BackfillNotRunningError when it already ended.
   */
  pause(): Promise<void> {
    return this.steer(() => this.workflow.signal(pauseSignal));
  }

  /** @throws BackfillNotRunningError when it already ended. */
  resume(): Promise<void> {
    return this.steer(() => this.workflow.signal(resumeSignal));
  }

  /**
   * Shadow isolation: publishes the backfill once its checks pass. A backfill
   * started with `publishApproval` waits for this; sent before the checks
   * end, it publishes as soon as they pass. Failed blocking checks still stop it.
   * @throws ChecksFailedError when it ended because its blocking checks failed (naming them).
   * @throws BackfillNotRunningError when it already ended otherwise.
   */
  async publish(): Promise<void> {
    try {
      await this.steer(() => this.workflow.signal(publishSignal));
    } catch (error) {
      if (!(error instanceof BackfillNotRunningError) || error.status !== 'COMPLETED') throw error;
      // Why it ended says why it cannot be published: its summary holds the checks.
      const summary = await this.workflow.result().catch(() => undefined);
      if (summary?.outcome !== 'checksFailed') throw error;
      throw new ChecksFailedError(this.backfillId, blockingFailures(summary.shadow?.checks ?? []).map((c) => `${c.asset} ${c.check}`));
    }
  }

  /**
   * Sets how many partitions may run at once, from the next partition started.
   * @returns the value now in force.
   * @throws InvalidConcurrencyError when `maxConcurrency` is not a whole number within the worker's ceiling
   *   (from 1 to 500 is checked before anything is sent; a worker may allow less).
   */
  async throttle(maxConcurrency: number): Promise<number> {
    checkedConcurrency(maxConcurrency);
    return this.steer(async () => {
      try {
        return await this.workflow.executeUpdate(setConcurrencyUpdate, { args: [{ maxConcurrency }] });
      } catch (error) {
        if (error instanceof WorkflowUpdateFailedError) throw new InvalidConcurrencyError(error.cause?.message ?? error.message);
        throw error;
      }
    });
  }

  /**
   * Requests cancellation: running partitions stop and keep their old content,
   * pending ones never start; `result()` then reports outcome `cancelled`.
   */
  cancel(): Promise<void> {
    return this.steer(async () => void (await this.workflow.cancel()));
  }

  /**
   * Where the backfill is: state, counts per asset, running partitions, recent failures.
   * Once it ended, `elapsedMs` is its whole run: from its start to its workflow's close.
   */
  async progress(): Promise<BackfillProgress> {
    const progress = await this.steer(() => this.workflow.query(progressQuery));
    if (!ENDED_STATES.has(progress.state)) return progress;
    const closed = await this.workflow.describe().then((d) => d.closeTime, () => undefined);
    return closed ? { ...progress, elapsedMs: closed.getTime() - Date.parse(progress.startedAt) } : progress;
  }

  /**
   * Waits for the end.
   * @throws BackfillFailedError when the workflow failed (e.g. an invalid request), with its message.
   */
  async result(): Promise<BackfillSummary> {
    try {
      return await this.workflow.result();
    } catch (error) {
      if (error instanceof WorkflowFailedError) {
        const failureType = error.cause instanceof ApplicationFailure ? (error.cause.type ?? undefined) : undefined;
        throw new BackfillFailedError(this.backfillId, error.cause?.message ?? error.message, failureType);
      }
      throw this.translate(error, undefined);
    }
  }

  private async steer<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      // Temporal says "not found" both for unknown ids and for closed workflows: tell them apart.
      const status = await this.workflow.describe().then(
        (d) => d.status.name,
        () => undefined,
      );
      throw this.translate(error, status);
    }
  }

  private translate(error: unknown, status: string | undefined): unknown {
    if (!(error instanceof WorkflowNotFoundError)) return error;
    return status && status !== 'RUNNING' ? new BackfillNotRunningError(this.backfillId, status) : new BackfillNotFoundError(this.backfillId);
  }
}
