/**
 * Which upstream partitions a unit reads, and their current versions in the
 * ledger: the unit records the versions it read, and is refused when an input
 * was never materialized (core/run/partition-inputs.ts).
 */
import type { Knex } from 'knex';
import type { AssetCatalog } from '../assets/asset-catalog';
import type { Asset } from '../assets/define-asset';
import { inputSelections, partitionInputs, type PartitionInputs } from '../core/run/partition-inputs';
import { unitInputs, type UnitInputs } from '../core/run/unit-inputs';
import { latestSuccesses } from '../db/ledger/latest-successes';

/**
 * The inputs partition `key` of `asset` reads, with the newest success of each
 * in the ledger (production's, or with `shadowOf` also that shadow's), and
 * those never materialized.
 */
export async function findPartitionInputs(
  knex: Knex,
  catalog: AssetCatalog,
  asset: Asset,
  key: string,
  nowMs: number,
  shadowOf?: string,
): Promise<PartitionInputs> {
  const selections = inputSelections(asset, key, (name) => catalog.get(name), nowMs);
  return partitionInputs(selections, await latestSuccesses({ knex }, selections, shadowOf));
}

/** findPartitionInputs for a run writing consecutive partitions `keys`: one look-up a partition, in order, combined by unitInputs. */
export async function findUnitInputs(
  knex: Knex,
  catalog: AssetCatalog,
  asset: Asset,
  keys: readonly string[],
  nowMs: number,
  shadowOf?: string,
): Promise<UnitInputs> {
  const byPartition: PartitionInputs[] = [];
  for (const key of keys) byPartition.push(await findPartitionInputs(knex, catalog, asset, key, nowMs, shadowOf));
  return unitInputs(asset.name, keys, byPartition);
}
