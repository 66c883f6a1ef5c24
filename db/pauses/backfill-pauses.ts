/**
 * A backfill's pause as running batches see it. The backfill workflow holds
 * the pause; while batches run, it mirrors it here (an activity), keyed by its
 * first run's id, which no later backfill can share, so a row a backfill left
 * behind (cancelled while paused) never stops another.
 */
import type { Knex } from 'knex';

export const PAUSES_TABLE = 'retrofill_pauses';

/** Records (`paused`) or lifts a backfill's pause; either is idempotent. */
export async function recordPause({ knex }: { knex: Knex }, pauseKey: string, paused: boolean): Promise<void> {
  if (paused) await knex(PAUSES_TABLE).insert({ pause_key: pauseKey }).onConflict('pause_key').ignore();
  else await knex(PAUSES_TABLE).where({ pause_key: pauseKey }).delete();
}

/** Whether the backfill with this key is paused. */
export async function isPaused({ knex }: { knex: Knex }, pauseKey: string): Promise<boolean> {
  const row = await knex<{ pause_key: string }>(PAUSES_TABLE).where({ pause_key: pauseKey }).first('pause_key');
  return row !== undefined;
}
