/**
 * Which upstream partitions a partition reads, and their current versions in
 * the ledger. A partition whose inputs were never materialized would compute
 * silently wrong results, so it is refused with the missing inputs named.
 */
import type { Knex } from 'knex';
import type { AssetCatalog } from '../assets/asset-catalog';
import type { Asset } from '../assets/define-asset';
import { inputPartitions } from '../core/mappings/asset-inputs';
import { previousPartitionKey } from '../core/partitions/partitions-def';
import { latestSuccesses, type PartitionSelection } from '../db/ledger/latest-successes';

/** Upstream versions read, and the required upstream partitions that have none. */
export interface UpstreamState {
  versions: Record<string, string>;
  missing: string[];
}

export async function readUpstreamState(
  knex: Knex,
  catalog: AssetCatalog,
  asset: Asset,
  key: string,
  nowMs: number,
): Promise<UpstreamState> {
  const selections: PartitionSelection[] = asset.deps.map((dep) => {
    const read = inputPartitions(asset, key, catalog.get(dep), nowMs);
    return { asset: dep, keys: read.all ? 'all' : read.keys };
  });
  const previous = asset.dependsOnPast ? previousPartitionKey(asset.partitions, key) : undefined;
  if (previous !== undefined) selections.push({ asset: asset.name, keys: [previous] });

  const found = await latestSuccesses({ knex }, selections);
  const missing: string[] = [];
  for (const { asset: upstream, keys } of selections) {
    if (keys === 'all') {
      if (![...found.keys()].some((k) => k.startsWith(`${upstream}/`))) missing.push(`${upstream}/*`);
      continue;
    }
    for (const k of keys) if (!found.has(`${upstream}/${k}`)) missing.push(`${upstream}/${k}`);
  }
  return { versions: Object.fromEntries(found), missing };
}
