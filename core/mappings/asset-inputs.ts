/**
 * Partition mappings between two assets, with the dependency's declared
 * mapping looked up once here rather than by every caller.
 */
import type { AssetSpec } from '../asset-spec';
import type { PartitionMappingSpec } from './mapping-spec';
import { downstreamPartitions, impliedMapping, upstreamPartitions, type PartitionSet } from './partition-mapping';

/** What the helpers need of an asset: an `AssetSpec` or a declared `Asset`. */
export type MappedAsset = Pick<AssetSpec, 'name' | 'partitions' | 'mappings'>;

/** The mapping `reader` uses for its dependency `upstream`: declared, else implied. */
export function mappingBetween(reader: MappedAsset, upstream: MappedAsset): PartitionMappingSpec {
  // Own properties only: an asset named like an Object.prototype member is no mapping.
  const declared = reader.mappings && Object.hasOwn(reader.mappings, upstream.name) ? reader.mappings[upstream.name] : undefined;
  return declared ?? impliedMapping(upstream.partitions, reader.partitions);
}

/** The partitions of `upstream` that partition `key` of `reader` reads. */
export function inputPartitions(reader: MappedAsset, key: string, upstream: MappedAsset, nowMs: number): PartitionSet {
  return upstreamPartitions(reader.partitions, key, upstream.partitions, nowMs, mappingBetween(reader, upstream));
}

/** The partitions of `reader` that read partition `key` of `upstream`. */
export function readersOf(upstream: MappedAsset, key: string, reader: MappedAsset, nowMs: number): PartitionSet {
  return downstreamPartitions(upstream.partitions, key, reader.partitions, nowMs, mappingBetween(reader, upstream));
}
