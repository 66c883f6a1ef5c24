/**
 * A backfill's pause, mirrored in the database while batches run: a batch is
 * one activity, which only the database can reach between its partitions
 * (db/pauses/backfill-pauses.ts), so a pause stops it at its next partition.
 */
import { condition, isCancellation, log, patched, proxyActivities, sleep } from '@temporalio/workflow';
import type { Activities } from '../activities';

/** Histories recorded before a pause reached into a running batch. */
export const PAUSE_IN_BATCHES_PATCH = 'retrofill-pause-in-batches';

const { recordBackfillPause } = proxyActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  // The database being away delays the mirror, never the backfill: batches then stop at their budget.
  scheduleToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '5 seconds' },
});

/** What the mirror watches. */
export interface PauseState {
  readonly paused: boolean;
  /** Whether a batch is running now. */
  batchRunning(): boolean;
}

/**
 * Records a pause while a batch runs, and lifts a recorded one on resume;
 * runs for the rest of the workflow run and never throws.
 * @param recorded whether the pause is recorded already (carried across continue-as-new)
 */
export async function mirrorPause(state: PauseState, pauseKey: string, recorded: boolean): Promise<void> {
  try {
    for (;;) {
      await condition(() => state.paused !== recorded && (recorded || state.batchRunning()));
      if (!patched(PAUSE_IN_BATCHES_PATCH)) return;
      const paused = state.paused;
      try {
        await recordBackfillPause({ pauseKey, paused });
        recorded = paused;
      } catch (error) {
        if (isCancellation(error)) return;
        log.warn(`could not record the pause for running batches (they stop at their time budget instead): ${(error as Error).message}`);
        await sleep('5 seconds');
      }
    }
  } catch (error) {
    // Only a cancellation (the backfill's) reaches here: the mirror ends with the run.
    if (!isCancellation(error)) log.warn(`the pause mirror stopped: ${(error as Error).message}`);
  }
}
