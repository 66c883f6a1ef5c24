import type { Knex } from 'knex';
import { LEDGER_TABLE, type DbLedgerRow } from '../rows';
import type { PartitionRun } from '../checkpoints/partition-staging';
import { closeOpenAttempts, lockRun } from './close-open-attempts';
import { findRunSuccess, type RunSuccess } from './find-run-success';

/** How Temporal ended a partition run without a success: cancelled, or failed after its last attempt timed out. */
export interface RunEnding {
  status: 'cancelled' | 'failed';
  /** The reason, as the backfill reports it. */
  error: string;
}

/** What a row written by the settlement records of the run. */
export interface SettledRun {
  asset: string;
  codeVersion: string;
  backfillId: string | null;
  shadowOf?: string;
  /** The partitions of the run. */
  keys: readonly string[];
}

/**
 * Makes the ledger tell how a partition run ended once Temporal has ended it
 * without a result: attempts still running are closed (which fences a late
 * commit), and if one committed after all its success is returned: the run
 * succeeded. Otherwise each partition's newest row of the run says `ending`:
 * an attempt that stepped aside on its timeout (abandoned) is turned failed,
 * and a partition stopped before any attempt wrote a row (cancelled while
 * waiting for a worker or between retries) gets a row. Repeatable.
 * `onEnded` is told, once the transaction commits, how many rows it ended as `ending.status`.
 */
export async function settleRun(
  { knex }: { knex: Knex },
  run: PartitionRun,
  ending: RunEnding,
  settled: SettledRun,
  onEnded?: (rows: number) => void,
): Promise<RunSuccess | undefined> {
  let ended = 0;
  const done = await knex.transaction(async (trx) => {
    await lockRun(trx, run);
    ended += await closeOpenAttempts({ knex: trx }, run, ending);
    const committed = await findRunSuccess({ knex: trx }, run);
    if (committed) return committed;
    const newest = (await trx(LEDGER_TABLE)
      .distinctOn('partition_key')
      .select('id', 'partition_key', 'status', 'attempt')
      .where({ workflow_id: run.workflowId, run_id: run.runId })
      .orderBy([{ column: 'partition_key' }, { column: 'id', order: 'desc' }])) as Array<Pick<DbLedgerRow, 'id' | 'partition_key' | 'status' | 'attempt'>>;
    const byKey = new Map(newest.map((r) => [r.partition_key, r]));
    const stepsAside = newest.filter((r) => ending.status === 'failed' && r.status === 'abandoned').map((r) => r.id);
    if (stepsAside.length > 0) {
      ended += await trx(LEDGER_TABLE).whereIn('id', stepsAside).update({ status: 'failed', error: ending.error });
    }
    const attempt = Math.max(0, ...newest.map((r) => r.attempt)) + 1;
    const missing = settled.keys.filter((k) => {
      const status = byKey.get(k)?.status;
      return status !== ending.status && !(status === 'abandoned' && ending.status === 'failed');
    });
    if (missing.length > 0) {
      await trx(LEDGER_TABLE).insert(
        missing.map((partitionKey) => ({
          asset: settled.asset,
          partition_key: partitionKey,
          code_version: settled.codeVersion,
          upstream_versions: {},
          status: ending.status,
          error: ending.error,
          started_at: trx.raw('clock_timestamp()'),
          finished_at: trx.raw('clock_timestamp()'),
          workflow_id: run.workflowId,
          run_id: run.runId,
          backfill_id: settled.backfillId,
          attempt,
          shadow_of: settled.shadowOf ?? null,
        })),
      );
      ended += missing.length;
    }
    return undefined;
  });
  // A run that turned out to have committed ended nothing: its success was counted by its attempt.
  if (!done) onEnded?.(ended);
  return done;
}
