import type { PartitionInputs } from './partition-inputs';

/** Upstream versions read by each partition of a unit (in the order of its keys), and the missing inputs of all. */
export interface UnitInputs {
  versions: Array<Record<string, string>>;
  missing: string[];
}

/**
 * The inputs of a unit writing consecutive partitions `keys` of `asset`, from
 * those of each partition (in the same order): an input written by the unit
 * itself (the previous day of a `dependsOnPast` asset, inside the range) is
 * neither required nor recorded as read.
 */
export function unitInputs(asset: string, keys: readonly string[], byPartition: readonly PartitionInputs[]): UnitInputs {
  const own = new Set(keys.map((k) => `${asset}/${k}`));
  const versions: Array<Record<string, string>> = [];
  const missing = new Set<string>();
  for (const inputs of byPartition) {
    versions.push(Object.fromEntries(Object.entries(inputs.versions).filter(([input]) => !own.has(input))));
    for (const input of inputs.missing) if (!own.has(input)) missing.add(input);
  }
  return { versions, missing: [...missing] };
}
