/** The partitions of an upstream asset that one partition of its reader reads. */
import type { AssetSpec } from '../asset-spec';
import { upstreamPartitions, type PartitionSet } from './partition-mapping';

export function inputPartitions(
  specs: ReadonlyMap<string, AssetSpec>,
  reader: AssetSpec,
  upstream: string,
  key: string,
  nowMs: number,
): PartitionSet {
  return upstreamPartitions(reader.partitions, key, specs.get(upstream)!.partitions, nowMs);
}
