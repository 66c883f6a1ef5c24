/**
 * Which upstream partitions a partition reads, and which of them were never
 * materialized: a partition whose inputs were never materialized would
 * compute silently wrong results, so its run is refused with them named.
 */
import { inputPartitions, type MappedAsset } from '../mappings/asset-inputs';
import { previousPartitionKey } from '../partitions/partitions-def';

/** Partitions of one upstream asset: some keys, or all of them. */
export interface InputSelection {
  asset: string;
  keys: string[] | 'all';
}

/** What the look-up needs of the reading asset: a declared `Asset` fits. */
export interface ReadingAsset extends MappedAsset {
  deps: readonly string[];
  dependsOnPast: boolean;
}

/** Versions of the inputs a partition reads (the ledger's newest success, keyed `asset/key`), and the inputs that have none. */
export interface PartitionInputs {
  versions: Record<string, string>;
  missing: string[];
}

/**
 * The partitions that partition `key` of `asset` reads: of each upstream
 * asset (`assetNamed` finds it), and its own previous partition when it
 * depends on its past.
 */
export function inputSelections(asset: ReadingAsset, key: string, assetNamed: (name: string) => MappedAsset, nowMs: number): InputSelection[] {
  const selections: InputSelection[] = asset.deps.map((dep) => {
    const read = inputPartitions(asset, key, assetNamed(dep), nowMs);
    return { asset: dep, keys: read.all ? 'all' : read.keys };
  });
  const previous = asset.dependsOnPast ? previousPartitionKey(asset.partitions, key) : undefined;
  if (previous !== undefined) selections.push({ asset: asset.name, keys: [previous] });
  return selections;
}

/**
 * The inputs of `selections` as `found` (the newest success of each
 * materialized partition, keyed `asset/key`) has them: an `all` selection
 * needs at least one partition of its asset, named `asset/*` when it has none.
 */
export function partitionInputs(selections: readonly InputSelection[], found: ReadonlyMap<string, string>): PartitionInputs {
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
