/**
 * Materializes a batch: partitions of one asset, one after the other, in one
 * activity, so cheap partitions do not each pay for a child workflow and an
 * activity. Each partition is still its own transaction and ledger row (a
 * partition run of its own: db/ledger/batch-members.ts) and its own retry
 * unit: the batch stops at a partition that fails and reports it, and the
 * backfill retries it alone. The batch also stops once it has run for its
 * time budget, so a throttle takes effect within about that long, and at the
 * next partition once its backfill is paused (a pause the backfill mirrors in
 * the database); the partitions it did not start go back to the backfill. A retried attempt
 * (its worker died) finds what earlier attempts committed in the ledger and
 * resumes after it: at most the partition in flight is repeated.
 */
import { ApplicationFailure, CancelledFailure, Context } from '@temporalio/activity';
import { discardStaging } from '../db/checkpoints/partition-staging';
import { batchMemberRun, readBatchLedger } from '../db/ledger/batch-members';
import { isPaused } from '../db/pauses/backfill-pauses';
import { isConnectionLost } from './connection-lost';
import { materializeUnit, type MaterializeDeps, type MaterializePartitionInput } from './materialize-partition';

/** Which partitions a batch materializes; never the rows themselves. */
export interface MaterializeBatchInput {
  asset: string;
  /** The partitions in the order they run: inputs before their readers (a dependsOnPast chain oldest first). */
  partitionKeys: string[];
  backfillId: string | null;
  /** `shadow`: write to the backfill's shadow tables, not production; omitted for production. */
  isolation?: 'shadow';
  /** Once the batch has run this long (ms), it starts no further partition. */
  budgetMs: number;
  /** Its backfill's pause key (db/pauses/backfill-pauses.ts): once that is paused, the batch starts no further partition. */
  pauseKey?: string;
}

/** A partition that stopped its batch by failing. */
export interface BatchMemberFailure {
  key: string;
  reason: string;
  /** The failure type (`NonRetryable`, `Transient`, `MissingUpstream`, `PartitionTimeout`, `PartitionTimedOut`, …). */
  type: string;
  /** Whether the partition may be tried again (alone). */
  retryable: boolean;
}

/**
 * What a batch did. Partitions run in order, so those that succeeded are the
 * first `rows.length` keys; then at most one failed, or a cancellation stopped
 * the rest. Keys in none of these were not run: they go back to the backfill.
 */
export interface MaterializeBatchResult {
  /** Rows written by each partition that succeeded, in order. */
  rows: number[];
  /** How long each of them took (ms): its transaction and ledger rows. */
  ms: number[];
  failed?: BatchMemberFailure;
  /** The partition in flight that a cancellation stopped (those not started go back to the backfill). */
  cancelled?: string[];
}

/** How often a batch looks whether its backfill was paused: well inside the second a pause may take. */
const PAUSE_CHECK_MS = 200;

/**
 * How often a batch reports its progress between partitions: Temporal sends at
 * most one heartbeat every few seconds anyway, and a retry resumes from the
 * ledger, not from these details.
 */
const PROGRESS_BEAT_MS = 1_000;

/** As the ledger keeps an error. */
const MAX_REASON_LENGTH = 2_000;

/** Whether a partition's error ends the batch's attempt (Temporal's business) rather than that partition. */
function endsTheAttempt(error: unknown): boolean {
  if (error instanceof CancelledFailure || isConnectionLost(error)) return true;
  return error instanceof ApplicationFailure && error.type === 'AttemptSuperseded';
}

/** How a partition's own failure is reported: an ApplicationFailure says whether it may be retried; any other error may. */
function memberFailure(key: string, error: unknown): BatchMemberFailure {
  if (error instanceof ApplicationFailure) return { key, reason: error.message.slice(0, MAX_REASON_LENGTH), type: error.type ?? 'Error', retryable: !error.nonRetryable };
  const reason = (error instanceof Error ? error.message : String(error)).slice(0, MAX_REASON_LENGTH);
  return { key, reason, type: error instanceof Error ? error.name : 'Error', retryable: true };
}

export function materializeBatchActivity(deps: MaterializeDeps) {
  const materialize = materializeUnit(deps);
  /** `redo`: the same Temporal attempt starts over (after a database outage): it resumes like a retry. */
  return async function materializeBatch(input: MaterializeBatchInput, { redo = false } = {}): Promise<MaterializeBatchResult> {
    const context = Context.current();
    const { workflowExecution, attempt } = context.info;
    if (!workflowExecution) throw ApplicationFailure.nonRetryable('materializeBatch must run inside a workflow');
    deps.catalog.get(input.asset);
    const batch = { workflowId: workflowExecution.workflowId, runId: workflowExecution.runId };
    const keys = input.partitionKeys;
    const runs = keys.map((key) => batchMemberRun(batch, key));
    const result: MaterializeBatchResult = { rows: [], ms: [] };

    // An earlier attempt's commits stand: report them, and resume after them.
    const retry = attempt > 1 || redo;
    if (retry) {
      const { succeeded } = await readBatchLedger({ knex: deps.db }, runs);
      for (const run of runs) {
        const done = succeeded.get(run.runId);
        if (!done) break;
        result.rows.push(done.rows);
        result.ms.push(done.ms);
      }
    }
    const resumeAt = result.rows.length;
    const started = Date.now();
    let pauseCheckedAt = started;
    let beatAt = 0;
    for (let i = resumeAt; i < keys.length; i++) {
      // At least one partition an attempt, so a batch always moves on.
      if (i > resumeAt && Date.now() - started >= input.budgetMs) break;
      // Paused: the rest go back to the backfill, which starts them on resume.
      if (i > resumeAt && input.pauseKey !== undefined && Date.now() - pauseCheckedAt >= PAUSE_CHECK_MS) {
        pauseCheckedAt = Date.now();
        if (await isPaused({ knex: deps.db }, input.pauseKey)) break;
      }
      // Cancelled, or given up on by Temporal: start nothing more (the settlement tells the backfill).
      if (context.cancellationSignal.aborted) throw context.cancellationSignal.reason ?? new CancelledFailure('cancelled');
      const key = keys[i]!;
      const member: MaterializePartitionInput = {
        asset: input.asset,
        partitionKey: key,
        backfillId: input.backfillId,
        ...(input.isolation && { isolation: input.isolation }),
      };
      const progress = { batch: { done: i, of: keys.length }, partition: key };
      const begun = Date.now();
      try {
        const { rows } = await materialize(member, {
          run: runs[i]!,
          attempt,
          // Only the partition in flight when an earlier attempt ended can have left rows.
          resume: retry && i === resumeAt,
          redo: redo && i === resumeAt,
          context,
          heartbeat: (details) => context.heartbeat(details === undefined ? progress : { ...progress, details }),
        });
        result.rows.push(rows);
        result.ms.push(Date.now() - begun);
        if (Date.now() - beatAt >= PROGRESS_BEAT_MS) {
          beatAt = Date.now();
          context.heartbeat({ batch: { done: i + 1, of: keys.length } });
        }
      } catch (error) {
        if (endsTheAttempt(error)) throw error;
        // Retried alone, as a partition run of its own: what this one staged is not resumed.
        await discardStaging({ knex: deps.db }, runs[i]!);
        result.failed = memberFailure(key, error);
        break;
      }
    }
    return result;
  };
}
