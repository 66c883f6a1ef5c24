/**
 * A partition mapping as the user declares it per dependency: plain JSON, so
 * it travels inside asset specs to workflows unchanged.
 */
import type { AssetSpec } from '../asset-spec';
import type { PartitionsDef } from '../partitions/partitions-def';
import { cadenceName } from '../partitions/time-granularity';

/** Each partition reads the upstream partition with the same key. */
export interface IdentityMappingSpec {
  kind: 'identity';
}

/**
 * Each partition reads the upstream partitions overlapping its time window,
 * across granularities (a monthly partition reads the days of its month).
 */
export interface TimeWindowMappingSpec {
  kind: 'timeWindow';
  /**
   * Whole partitions of the DOWNSTREAM asset to shift the window by: `-1` on a
   * daily asset reads the previous day, on a monthly asset the previous month.
   * Shifted windows outside the upstream's partitions read nothing.
   * @default 0
   */
  offset?: number;
}

/** Each partition reads every upstream partition. */
export interface AllMappingSpec {
  kind: 'all';
}

/** Which upstream partitions each partition of an asset reads. */
export type PartitionMappingSpec = IdentityMappingSpec | TimeWindowMappingSpec | AllMappingSpec;

/** Largest `|offset|` of a time window mapping: beyond it an offset is surely a mistake. */
export const MAX_MAPPING_OFFSET = 10_000;

const KINDS = ['identity', 'timeWindow', 'all'];

type Side = Pick<AssetSpec, 'name' | 'partitions'>;

function samePartitioning(a: PartitionsDef, b: PartitionsDef): boolean {
  if (a.kind === 'time' && b.kind === 'time') {
    return a.granularity === b.granularity && (a.every ?? 1) === (b.every ?? 1) && a.start === b.start && a.end === b.end;
  }
  return a.kind === b.kind;
}

const described = (def: PartitionsDef): string =>
  def.kind === 'time' ? `${cadenceName(def)} from ${def.start}${def.end ? ` to ${def.end}` : ''}` : def.kind;

/**
 * Why `mapping` cannot map `upstream` into `reader`, naming both, or undefined
 * when it can. Takes `unknown` because specs may come from untyped modules.
 */
export function mappingProblem(mapping: unknown, reader: Side, upstream: Side): string | undefined {
  const of = `asset "${reader.name}": mapping for dependency "${upstream.name}"`;
  const kind = typeof mapping === 'object' && mapping !== null ? (mapping as { kind?: unknown }).kind : undefined;
  if (typeof kind !== 'string' || !KINDS.includes(kind)) {
    return `${of} has unknown kind ${JSON.stringify(kind) ?? 'undefined'} (expected ${KINDS.join(', ')})`;
  }
  const offset = (mapping as { offset?: unknown }).offset;
  if (kind !== 'timeWindow') {
    if (offset !== undefined) return `${of}: only a timeWindow mapping takes an offset, not ${kind}`;
    if (kind === 'identity' && !samePartitioning(reader.partitions, upstream.partitions)) {
      return `${of}: identity needs both assets static or with the same partitioning (they are ${described(reader.partitions)} and ${described(upstream.partitions)})`;
    }
    return undefined;
  }
  const untimed = [reader, upstream].filter((s) => s.partitions.kind !== 'time').map((s) => `"${s.name}" is ${s.partitions.kind}`);
  if (untimed.length > 0) return `${of}: timeWindow needs both assets time-partitioned, but ${untimed.join(' and ')}`;
  if (offset !== undefined && !(Number.isInteger(offset) && Math.abs(offset as number) <= MAX_MAPPING_OFFSET)) {
    return `${of}: offset must be a whole number from -${MAX_MAPPING_OFFSET} to ${MAX_MAPPING_OFFSET}, got ${typeof offset === 'number' ? offset : JSON.stringify(offset)}`;
  }
  return undefined;
}
