/**
 * Which upstream partitions a downstream partition reads, in both directions.
 * Chosen from the two partitionings: identity between equal static lists,
 * time window between time partitionings of any granularity (a monthly
 * partition reads every daily partition of its month), all otherwise
 * (an unpartitioned asset reads every upstream partition).
 */
import {
  UNPARTITIONED_KEY,
  partitionKeys,
  partitionWindow,
  type PartitionsDef,
} from '../partitions/partitions-def';

/** A set of partition keys of one asset, or all of its partitions. */
export type PartitionSet = { all: true } | { all: false; keys: string[] };

export const PartitionMappingKind = { IDENTITY: 'identity', TIME_WINDOW: 'timeWindow', ALL: 'all' } as const;
export type PartitionMappingKind = (typeof PartitionMappingKind)[keyof typeof PartitionMappingKind];

/** The mapping used between an upstream and a downstream partitioning. */
export function mappingKind(upstream: PartitionsDef, downstream: PartitionsDef): PartitionMappingKind {
  if (upstream.kind === 'time' && downstream.kind === 'time') return 'timeWindow';
  if (upstream.kind === 'static' && downstream.kind === 'static') return 'identity';
  return 'all';
}

function mapKey(from: PartitionsDef, key: string, to: PartitionsDef, nowMs: number): PartitionSet {
  if (to.kind === 'unpartitioned') return { all: false, keys: [UNPARTITIONED_KEY] };
  switch (mappingKind(from, to)) {
    case 'timeWindow':
      return { all: false, keys: partitionKeys(to, nowMs, partitionWindow(from, key)!) };
    case 'identity':
      // Kept even where `to` lacks the key: a missing partition is reported, not dropped.
      return { all: false, keys: [key] };
    default:
      return { all: true };
  }
}

/** The partitions of `upstream` that partition `key` of `downstream` reads. */
export function upstreamPartitions(
  downstream: PartitionsDef,
  key: string,
  upstream: PartitionsDef,
  nowMs: number,
): PartitionSet {
  return mapKey(downstream, key, upstream, nowMs);
}

/** The partitions of `downstream` that read partition `key` of `upstream`. */
export function downstreamPartitions(
  upstream: PartitionsDef,
  key: string,
  downstream: PartitionsDef,
  nowMs: number,
): PartitionSet {
  return mapKey(upstream, key, downstream, nowMs);
}
