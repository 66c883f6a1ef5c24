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
  shadowOf?: string,
): Promise<UpstreamState> {
  const selections: PartitionSelection[] = asset.deps.map((dep) => {
    const read = inputPartitions(asset, key, catalog.get(dep), nowMs);
    return { asset: dep, keys: read.all ? 'all' : read.keys };
  });
  const previous = asset.dependsOnPast ? previousPartitionKey(asset.partitions, key) : undefined;
  if (previous !== undefined) selections.push({ asset: asset.name, keys: [previous] });

  const found = await latestSuccesses({ knex }, selections, shadowOf);
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

/** Upstream versions read by each partition of a run (in the order of its keys), and the missing inputs of all. */
export interface RunUpstreamState {
  versions: Array<Record<string, string>>;
  missing: string[];
}

/**
 * `readUpstreamState` for a run writing several consecutive partitions: an
 * input written by the run itself (the previous day of a `dependsOnPast`
 * asset, inside the range) is neither required nor recorded as read.
 */
export async function readRunUpstreamState(
  knex: Knex,
  catalog: AssetCatalog,
  asset: Asset,
  keys: readonly string[],
  nowMs: number,
  shadowOf?: string,
): Promise<RunUpstreamState> {
  const own = new Set(keys.map((k) => `${asset.name}/${k}`));
  const versions: Array<Record<string, string>> = [];
  const missing = new Set<string>();
  for (const key of keys) {
    const state = await readUpstreamState(knex, catalog, asset, key, nowMs, shadowOf);
    versions.push(Object.fromEntries(Object.entries(state.versions).filter(([input]) => !own.has(input))));
    for (const input of state.missing) if (!own.has(input)) missing.add(input);
  }
  return { versions, missing: [...missing] };
}
