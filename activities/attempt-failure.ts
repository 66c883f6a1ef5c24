/**
 * How an attempt that did not commit ends: what its ledger rows say, and
 * what the activity throws (which decides whether Temporal retries).
 */
import { ApplicationFailure, CancelledFailure, type Context } from '@temporalio/activity';
import type { Knex } from 'knex';
import { discardStaging, type PartitionRun } from '../db/checkpoints/partition-staging';
import { recordAttemptEnd } from '../db/ledger/record-attempt-end';
import { steppedAsideReason } from '../core/run/stepped-aside';
import { PartitionTimeoutError } from './attempt-stop';
import { toActivityFailure } from './to-activity-failure';
import { AttemptSupersededError } from './write-partition';
import type { AttemptMeter } from '../observability/retrofill-metrics';

const MAX_ERROR_LENGTH = 2_000;

export interface UncommittedAttempt {
  db: Knex;
  context: Context;
  run: PartitionRun;
  ledgerIds: string[];
  /** Told the status the attempt's rows got. */
  meter: AttemptMeter;
  /** Log fields naming the partition and attempt. */
  fields: Record<string, string | number | undefined>;
}

/** Records the attempt's end and throws what the activity fails with. */
export async function failAttempt(a: UncommittedAttempt, error: unknown): Promise<never> {
  const { db, context, run, ledgerIds, meter, fields } = a;
  if (context.cancellationSignal.aborted) {
    const reason: unknown = context.cancellationSignal.reason;
    const aside = steppedAsideReason(context.cancellationDetails);
    if (aside) {
      // Staged rows stay: the attempt that takes over resumes from them.
      await recordAttemptEnd({ knex: db }, ledgerIds, { status: 'abandoned', error: aside });
      meter.end('abandoned');
      context.log.warn('partition attempt abandoned', { ...fields, reason: aside });
      throw reason instanceof CancelledFailure ? reason : new CancelledFailure(aside);
    }
    await recordAttemptEnd({ knex: db }, ledgerIds, { status: 'cancelled', error: 'backfill cancelled' });
    meter.end('cancelled');
    context.log.info('partition attempt cancelled', { ...fields });
    await discardStaging({ knex: db }, run);
    throw new CancelledFailure('backfill cancelled');
  }
  // Fenced: its rows were closed by whoever took over; nothing to record. Temporal no longer waits for this attempt.
  if (error instanceof AttemptSupersededError) throw ApplicationFailure.create({ message: error.message, type: error.type });
  const message = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);
  await recordAttemptEnd({ knex: db }, ledgerIds, { status: 'failed', error: message });
  meter.end('failed');
  context.log.warn('partition attempt failed', { ...fields, reason: message });
  // A timed-out attempt failed like any other: retried under the asset's policy, resuming from its staged rows.
  if (error instanceof PartitionTimeoutError) throw ApplicationFailure.create({ message, type: error.type });
  const failure = toActivityFailure(error, message);
  // Only a retry resumes from staged rows: a partition that failed for good drops them.
  if (failure instanceof ApplicationFailure && failure.nonRetryable) await discardStaging({ knex: db }, run);
  throw failure;
}
