/**
 * The partition's one transaction: lock and delete its rows, run
 * `materialize`, move in any staged rows, count, and mark the ledger row
 * succeeded — all committed together, or none of it. A run over a range of
 * partitions (a `singleRun` asset) does the same for all of them at once, with
 * one ledger row per partition.
 */
import type { Knex } from 'knex';
import type { Asset, MaterializeContext } from '../assets/define-asset';
import { publishStaged, type PartitionRun } from '../db/checkpoints/partition-staging';
import { recordAttemptSuccess } from '../db/ledger/record-attempt-success';
import { addShadowPartitions, readThroughShadow } from '../db/shadow/shadow-partitions';
import { untilStopped } from './attempt-stop';
import { partitionRowCount } from '../db/partitions/count-partition-rows';
import { deletePartitionRows } from '../db/partitions/delete-partition-rows';
import { lockPartitions } from '../db/partitions/lock-partitions';
import { openPartitionTransaction } from '../db/partitions/open-partition-transaction';
import { TransactionGuard } from './transaction-guard';

/** Thrown when the commit is fenced: Temporal gave up on this attempt and a later one (or the run's settlement) took over. */
export class AttemptSupersededError extends Error {
  readonly type = 'AttemptSuperseded';
  constructor(label: string) {
    super(`${label}: this attempt was given up on (timed out) and superseded before it committed: rolled back`);
    this.name = 'AttemptSupersededError';
  }
}

export interface PartitionWrite {
  db: Knex;
  asset: Asset;
  /** The partitions written, oldest first (consecutive). */
  keys: string[];
  /** The running ledger row of each key, in the same order. */
  ledgerIds: string[];
  run: PartitionRun;
  /** Names the partitions in errors. */
  label: string;
  /** Whether rows may have been staged for this run (this attempt staged some, or an earlier one may have). @default always */
  mayHaveStaged?: () => boolean;
  /** The attempt's stop (cancellation or timeout): ends it at once, its transaction rolled back. */
  signal: AbortSignal;
  /** Everything of the context but the transaction. */
  context: Omit<MaterializeContext, 'db'>;
  /**
   * Shadow isolation: the partitions' rows live in `dataTable` (the shadow of
   * backfill `backfillId`) and `context.table` is the shadow's read view.
   */
  shadow?: { backfillId: string; dataTable: string };
}

/**
 * @returns the row count of all the partitions together once committed
 * @throws the stop's reason when stopped, AttemptSupersededError when fenced
 */
export async function writePartition(w: PartitionWrite): Promise<number> {
  const guard = new TransactionGuard(w.db, w.signal);
  try {
    return await w.db.transaction(async (trx) => {
      const opened = await openPartitionTransaction({ knex: trx }, w.asset.name, w.keys);
      guard.watch(opened.backend);
      await lockPartitions({ knex: trx }, w.asset.name, w.keys, { firstHeld: opened.firstHeld });
      // Where the partitions' rows are: production, or the shadow's data table.
      const stored = w.shadow ? { ...w.asset, table: w.shadow.dataTable } : w.asset;
      if (w.shadow) {
        await addShadowPartitions(trx, w.shadow.backfillId, w.asset, w.keys);
        await readThroughShadow(trx, w.shadow.backfillId);
      }
      await deletePartitionRows({ knex: trx }, stored, w.keys);
      await untilStopped(() => w.asset.materialize({ ...w.context, db: trx }), w.signal);
      // Stopped between statements: roll back rather than publish.
      if (w.signal.aborted) throw w.signal.reason;
      if (w.mayHaveStaged?.() ?? true) await publishStaged(trx, w.run, w.context.table);
      const counting = new Map(w.keys.map((key, i) => [w.ledgerIds[i]!, partitionRowCount({ knex: trx }, stored, key)]));
      const counts = await recordAttemptSuccess({ knex: trx }, w.run, counting);
      if (!counts) throw new AttemptSupersededError(w.label);
      // Committing now: a late stop must not cancel the COMMIT.
      guard.release();
      return [...counts.values()].reduce((a, b) => a + b, 0);
    });
  } finally {
    guard.release();
  }
}
