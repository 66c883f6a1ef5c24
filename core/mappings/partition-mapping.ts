/**
 * Which upstream partitions a downstream partition reads, in both directions.
 * A dependency's mapping is declared (see `PartitionMappingSpec`) or implied
 * from the two partitionings: identity between static lists, time window
 * between time partitionings of any granularity (a monthly partition reads
 * every daily partition of its month), all otherwise (an unpartitioned asset
 * reads every upstream partition).
 */
import { UNPARTITIONED_KEY, type PartitionsDef } from '../partitions/partitions-def';
import type { PartitionMappingSpec } from './mapping-spec';
import { timeWindowInputs, timeWindowReaders } from './time-window-mapping';

/** A set of partition keys of one asset, or all of its partitions. */
export type PartitionSet = { all: true } | { all: false; keys: string[] };

export const PartitionMappingKind = { IDENTITY: 'identity', TIME_WINDOW: 'timeWindow', ALL: 'all' } as const;
export type PartitionMappingKind = (typeof PartitionMappingKind)[keyof typeof PartitionMappingKind];

/** The kind of mapping implied between an upstream and a downstream partitioning. */
export function mappingKind(upstream: PartitionsDef, downstream: PartitionsDef): PartitionMappingKind {
  if (upstream.kind === 'time' && downstream.kind === 'time') return 'timeWindow';
  if (upstream.kind === 'static' && downstream.kind === 'static') return 'identity';
  return 'all';
}

/** The mapping used when a dependency declares none. */
export function impliedMapping(upstream: PartitionsDef, downstream: PartitionsDef): PartitionMappingSpec {
  return { kind: mappingKind(upstream, downstream) };
}

type Direction = 'inputs' | 'readers';

function mapKey(
  from: PartitionsDef,
  key: string,
  to: PartitionsDef,
  nowMs: number,
  mapping: PartitionMappingSpec,
  direction: Direction,
): PartitionSet {
  if (to.kind === 'unpartitioned') return { all: false, keys: [UNPARTITIONED_KEY] };
  switch (mapping.kind) {
    case 'timeWindow': {
      if (from.kind !== 'time' || to.kind !== 'time') throw new Error('a timeWindow mapping needs time partitions on both sides');
      const offset = mapping.offset ?? 0;
      const keys = direction === 'inputs' ? timeWindowInputs(from, key, to, nowMs, offset) : timeWindowReaders(from, key, to, nowMs, offset);
      return { all: false, keys };
    }
    case 'identity':
      // Kept even where `to` lacks the key: a missing partition is reported, not dropped.
      return { all: false, keys: [key] };
    default:
      return { all: true };
  }
}

/**
 * The partitions of `upstream` that partition `key` of `downstream` reads.
 * @param mapping the dependency's declared mapping. @default impliedMapping(upstream, downstream)
 */
export function upstreamPartitions(
  downstream: PartitionsDef,
  key: string,
  upstream: PartitionsDef,
  nowMs: number,
  mapping: PartitionMappingSpec = impliedMapping(upstream, downstream),
): PartitionSet {
  return mapKey(downstream, key, upstream, nowMs, mapping, 'inputs');
}

/**
 * The partitions of `downstream` that read partition `key` of `upstream`: the
 * exact inverse of `upstreamPartitions` over partitions that exist at `nowMs`.
 * @param mapping the dependency's declared mapping. @default impliedMapping(upstream, downstream)
 */
export function downstreamPartitions(
  upstream: PartitionsDef,
  key: string,
  downstream: PartitionsDef,
  nowMs: number,
  mapping: PartitionMappingSpec = impliedMapping(upstream, downstream),
): PartitionSet {
  return mapKey(upstream, key, downstream, nowMs, mapping, 'readers');
}
