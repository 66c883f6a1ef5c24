/**
 * What writing a unit hands writePartition: the partitions, their ledger rows,
 * where the rows go, and the context `materialize` sees. Built once here, for
 * materializing and for tests that write partitions through the real path.
 */
import type { MaterializeContext } from '../assets/define-asset';
import type { UnitTarget } from './unit-target';
import type { PartitionWrite } from './write-partition';

/** The write's own parts, the context's parts that vary by attempt, and where the rows go. */
export interface UnitWriteParts
  extends Pick<PartitionWrite, 'db' | 'asset' | 'keys' | 'ledgerIds' | 'run' | 'label' | 'signal' | 'mayHaveStaged'>,
    Pick<MaterializeContext, 'window' | 'checkpoint' | 'stage' | 'rateLimit' | 'heartbeat'> {
  target: UnitTarget;
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
