/**
 * Materializes partitions of an asset without Retrofill's orchestration: one
 * transaction that deletes their rows and calls `materialize` once with them
 * all (their union window), as a worker would, minus the ledger and retries.
 */
import type { Knex } from 'knex';
import type { Asset } from '../index';
import { deletePartitionRows } from '../db/partitions/delete-partition-rows';
import { partitionWindow } from '../core/partitions/partitions-def';

/** `keys`: consecutive partitions of `asset`, oldest first. */
export async function materializeDirectly(db: Knex, asset: Asset, keys: string[]): Promise<void> {
  const first = partitionWindow(asset.partitions, keys[0]!);
  const last = partitionWindow(asset.partitions, keys[keys.length - 1]!);
  await db.transaction(async (trx) => {
    await deletePartitionRows({ knex: trx }, asset, keys);
    await asset.materialize({
      asset: asset.name,
      partitionKey: keys[0]!,
      partitionKeys: keys,
      window: first && last && { start: new Date(first.start), end: new Date(last.end) },
      table: asset.table,
      db: trx,
      signal: new AbortController().signal,
      rateLimit: () => Promise.resolve(),
      heartbeat: () => undefined,
      checkpoint: undefined,
      stage: () => Promise.reject(new Error('materializing directly does not stage')),
    });
  });
}
