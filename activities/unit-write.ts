/**
 * What writing a unit hands writePartition: the partitions, their ledger rows,
 * where the rows go, and the context `materialize` sees. Built once here, for
 * materializing and for tests that write partitions through the real path.
 */
import type { Knex } from 'knex';
import type { Asset, MaterializeContext } from '../assets/define-asset';
import type { PartitionRun } from '../db/checkpoints/partition-staging';
import type { UnitTarget } from './unit-target';
import type { PartitionWrite } from './write-partition';

export interface UnitWriteParts extends Pick<MaterializeContext, 'window' | 'checkpoint' | 'stage' | 'rateLimit' | 'heartbeat'> {
  db: Knex;
  asset: Asset;
  /** The partitions written, oldest first (consecutive). */
  keys: string[];
  /** The running ledger row of each key, in the same order. */
  ledgerIds: string[];
  run: PartitionRun;
  /** Names the partitions in errors. */
  label: string;
  target: UnitTarget;
  /** The attempt's stop: `ctx.signal`, and what ends the write. */
  signal: AbortSignal;
  /** @default always */
  mayHaveStaged?: () => boolean;
}

/** The write of a unit, with the context its `materialize` gets (but the transaction). */
export function unitWrite(p: UnitWriteParts): PartitionWrite {
  const { asset, keys, target, signal } = p;
  return {
    db: p.db,
    asset,
    keys,
    ledgerIds: p.ledgerIds,
    run: p.run,
    label: p.label,
    ...(p.mayHaveStaged && { mayHaveStaged: p.mayHaveStaged }),
    signal,
    ...(target.shadow && { shadow: target.shadow }),
    context: {
      asset: asset.name,
      partitionKey: keys[0]!,
      partitionKeys: [...keys],
      window: p.window,
      table: target.table,
      signal,
      checkpoint: p.checkpoint,
      stage: p.stage,
      rateLimit: p.rateLimit,
      heartbeat: p.heartbeat,
    },
  };
}
