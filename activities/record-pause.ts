/**
 * Mirrors a backfill's pause in the database while batches run, where each
 * running batch reads it between partitions (activities/materialize-batch.ts):
 * a pause then stops a batch at its next partition.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { Knex } from 'knex';
import { recordPause } from '../db/pauses/backfill-pauses';

export interface RecordPauseInput {
  /** The backfill's first run id (db/pauses/backfill-pauses.ts). */
  pauseKey: string;
  paused: boolean;
}

/** Longer than any run id Temporal gives. */
const MAX_KEY_LENGTH = 200;

export function recordPauseActivity(deps: { db: Knex }) {
  return async function recordBackfillPause(input: RecordPauseInput): Promise<void> {
    const { pauseKey, paused } = input ?? {};
    if (typeof pauseKey !== 'string' || pauseKey.length === 0 || pauseKey.length > MAX_KEY_LENGTH || typeof paused !== 'boolean') {
      throw ApplicationFailure.nonRetryable('recordBackfillPause takes { pauseKey: a run id, paused: boolean }', 'InvalidArgument');
    }
    await recordPause({ knex: deps.db }, pauseKey, paused);
  };
}
