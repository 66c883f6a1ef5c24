/**
 * The partition's one transaction: lock and delete its rows, run
 * `materialize`, move in any staged rows, count, and mark the ledger row
 * succeeded — all committed together, or none of it. A run over a range of
 * partitions (a `singleRun` asset) does the same for all of them at once, with
 * one ledger row per partition.
 */
import { CancelledFailure } from '@temporalio/activity';
import type { Knex } from 'knex';
import type { Asset, MaterializeContext } from '../assets/define-asset';
import { publishStaged, type PartitionRun } from '../db/checkpoints/partition-staging';
import { recordAttemptEnd } from '../db/ledger/record-attempt-end';
import { addShadowPartitions, readThroughShadow } from '../db/shadow/shadow-partitions';
import { lockPartitions } from './partition-locks';
import { countPartitionRows, deletePartitionRows } from './partition-rows';

export interface PartitionWrite {
  db: Knex;
  asset: Asset;
  /** The partitions written, oldest first (consecutive). */
  keys: string[];
  /** The running ledger row of each key, in the same order. */
  ledgerIds: string[];
  run: PartitionRun;
  signal: AbortSignal;
  /** Everything of the context but the transaction. */
  context: Omit<MaterializeContext, 'db'>;
  /**
   * Shadow isolation: the partitions' rows live in `dataTable` (the shadow of
   * backfill `backfillId`) and `context.table` is the shadow's read view.
   */
  shadow?: { backfillId: string; dataTable: string };
}

/** @returns the row count of all the partitions together once committed. */
export async function writePartition(w: PartitionWrite): Promise<number> {
  return w.db.transaction(async (trx) => {
    const stopOnCancel = await cancelStatementsOnAbort(w.db, trx, w.signal);
    try {
      await lockPartitions(trx, w.asset.name, w.keys);
      // Where the partitions' rows are: production, or the shadow's data table.
      const stored = w.shadow ? { ...w.asset, table: w.shadow.dataTable } : w.asset;
      if (w.shadow) {
        await addShadowPartitions(trx, w.shadow.backfillId, w.asset, w.keys);
        await readThroughShadow(trx, w.shadow.backfillId);
      }
      await deletePartitionRows(trx, stored, w.keys);
      await w.asset.materialize({ ...w.context, db: trx });
      // Cancelled between statements: roll back rather than publish.
      if (w.signal.aborted) throw new CancelledFailure('backfill cancelled');
      await publishStaged(trx, w.run, w.context.table);
      let total = 0;
      for (const [i, key] of w.keys.entries()) {
        const count = await countPartitionRows(trx, stored, key);
        await recordAttemptEnd({ knex: trx }, w.ledgerIds[i]!, { status: 'succeeded', rowCount: count });
        total += count;
      }
      return total;
    } finally {
      stopOnCancel();
    }
  });
}

/**
 * Until the returned function is called, a cancellation of the activity
 * cancels whatever statement the transaction is running, so a long
 * `materialize` stops at once and its transaction rolls back.
 */
async function cancelStatementsOnAbort(db: Knex, trx: Knex.Transaction, signal: AbortSignal): Promise<() => void> {
  const { rows } = await trx.raw('SELECT pg_backend_pid() AS pid');
  const onAbort = () => void db.raw('SELECT pg_cancel_backend(?)', [rows[0].pid]).catch(() => undefined);
  signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}
