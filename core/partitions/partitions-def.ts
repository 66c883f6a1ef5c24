/**
 * How an asset is split into partitions: a tagged union that is plain JSON, so
 * it crosses activity and workflow boundaries unchanged.
 */
import { shownValue } from '../shown-value';
import {
  MINUTE_STEPS,
  TimeGranularity,
  cadenceName,
  floorToPartition,
  formatKey,
  nextPartitionStart,
  parseKey,
  partitionsBetween,
  previousPartitionStart,
  shiftPartitionStart,
} from './time-granularity';
import { parseTimeSpec, TIME_SPEC_FORMS, type TimeWindow } from './time-spec';

/** Time partitions: one per `every` minutes, hour, day or month (UTC) from `start`, up to `end` (exclusive) or now. */
export interface TimePartitionsDef {
  kind: 'time';
  granularity: TimeGranularity;
  /** Minutes a minute partition covers (a divisor of 60); only with `minutely`. @default 1 */
  every?: number;
  /** First partition, as a time spec aligned to the granularity, e.g. `2024-01-01`. */
  start: string;
  /** End of the last partition (exclusive); without it, partitions run up to the last complete one. */
  end?: string;
}

/** A fixed list of named partitions, e.g. regions. Order matters for `dependsOnPast`. */
export interface StaticPartitionsDef {
  kind: 'static';
  keys: string[];
}

/** One partition holding the whole asset. */
export interface UnpartitionedDef {
  kind: 'unpartitioned';
}

export type PartitionsDef = TimePartitionsDef | StaticPartitionsDef | UnpartitionedDef;

/** An instant whose key, in any cadence, makes an example: 2024-03-01T05:05 (floored to the step). */
const EXAMPLE_INSTANT = Date.UTC(2024, 2, 1, 5, 5);

/** The key of an unpartitioned asset's single partition. */
export const UNPARTITIONED_KEY = 'all';

const STATIC_KEY = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** Thrown by key enumeration when a range holds more partitions than allowed. */
export class TooManyPartitionsError extends Error {
  constructor(readonly limit: number) {
    super(`more than ${limit} partitions`);
  }
}

/** A problem with the definition, or undefined when it is valid. */
export function partitionsDefProblem(def: PartitionsDef): string | undefined {
  if (def.kind === 'unpartitioned') return undefined;
  if (def.kind === 'static') {
    if (def.keys.length === 0) return 'static partitions need at least one key';
    const bad = def.keys.find((k) => !STATIC_KEY.test(k));
    if (bad !== undefined) return `static partition key ${JSON.stringify(bad)} must match ${STATIC_KEY}`;
    const seen = new Set<string>();
    const dup = def.keys.find((k) => (seen.has(k) ? true : (seen.add(k), false)));
    return dup === undefined ? undefined : `static partition key "${dup}" is listed twice`;
  }
  if (def.every !== undefined) {
    if (def.granularity !== 'minutely') return `"every" is for minute partitions only, not ${def.granularity} ones`;
    if (!(MINUTE_STEPS as readonly number[]).includes(def.every)) return `minute partitions come every ${MINUTE_STEPS.join(', ')} minutes (a divisor of 60), not ${shownValue(def.every)}`;
  }
  const bounds = timeBounds(def);
  if (typeof bounds === 'string') return bounds;
  return bounds.end !== undefined && bounds.end <= bounds.start
    ? `partition end ${def.end} is not after start ${def.start}`
    : undefined;
}

function alignedInstant(def: TimePartitionsDef, field: 'start' | 'end'): number | string | undefined {
  const spec = def[field];
  if (spec === undefined) return undefined;
  const window = parseTimeSpec(spec);
  if (!window) return `invalid partition ${field} ${JSON.stringify(spec)}: expected ${TIME_SPEC_FORMS}`;
  if (floorToPartition(def, window.start) !== window.start) {
    return `invalid partition ${field} ${JSON.stringify(spec)}: ${cadenceName(def)} partitions must ${field} on a partition boundary`;
  }
  return window.start;
}

function timeBounds(def: TimePartitionsDef): { start: number; end?: number } | string {
  const start = alignedInstant(def, 'start');
  if (typeof start === 'string') return start;
  if (start === undefined) return 'time partitions need a start';
  const end = alignedInstant(def, 'end');
  if (typeof end === 'string') return end;
  return { start, end };
}

function validBounds(def: TimePartitionsDef, nowMs: number): TimeWindow {
  const bounds = timeBounds(def);
  if (typeof bounds === 'string') throw new Error(bounds);
  // Only complete partitions exist: the one holding `now` is still filling.
  const lastEnd = floorToPartition(def, nowMs);
  return { start: bounds.start, end: Math.min(bounds.end ?? lastEnd, lastEnd) };
}

/**
 * The keys of the partitions overlapping `window` (every partition when it is
 * omitted), oldest first; time partitions are clipped to the definition's
 * bounds and to complete partitions at `nowMs`.
 * @throws TooManyPartitionsError when there are more than `limit`.
 */
export function partitionKeys(def: PartitionsDef, nowMs: number, window?: TimeWindow, limit = Infinity): string[] {
  if (def.kind === 'unpartitioned') return [UNPARTITIONED_KEY];
  if (def.kind === 'static') return [...def.keys];
  const bounds = validBounds(def, nowMs);
  const from = Math.max(bounds.start, window ? floorToPartition(def, window.start) : -Infinity);
  const to = Math.min(bounds.end, window?.end ?? Infinity);
  const keys: string[] = [];
  for (let t = from; t < to; t = nextPartitionStart(def, t)) {
    if (keys.length >= limit) throw new TooManyPartitionsError(limit);
    keys.push(formatKey(def, t));
  }
  return keys;
}

/** How many keys `partitionKeys` returns for the same arguments, counted without making them. */
export function partitionCount(def: PartitionsDef, nowMs: number, window?: TimeWindow): number {
  if (def.kind === 'unpartitioned') return 1;
  if (def.kind === 'static') return def.keys.length;
  const bounds = validBounds(def, nowMs);
  const from = Math.max(bounds.start, window ? floorToPartition(def, window.start) : -Infinity);
  return partitionsBetween(def, from, Math.min(bounds.end, window?.end ?? Infinity));
}

/** Why `key` is not a partition of `def` at `nowMs`, or undefined when it is. */
export function partitionKeyProblem(def: PartitionsDef, key: string, nowMs: number): string | undefined {
  if (def.kind === 'unpartitioned') {
    return key === UNPARTITIONED_KEY ? undefined : `the asset is unpartitioned: its only key is "${UNPARTITIONED_KEY}"`;
  }
  if (def.kind === 'static') {
    return def.keys.includes(key) ? undefined : `${shownValue(key)} is not one of its static partitions`;
  }
  const start = parseKey(def, key);
  if (start === undefined) {
    return `${shownValue(key)} is not a ${cadenceName(def)} partition key (e.g. ${formatKey(def, EXAMPLE_INSTANT)})`;
  }
  const bounds = validBounds(def, nowMs);
  if (start < bounds.start) return `partition ${key} is before the asset's first partition ${def.start}`;
  if (start >= bounds.end) return `partition ${key} is not complete yet or after the asset's end`;
  return undefined;
}

/** The half-open UTC window a time partition covers; null for other kinds. */
export function partitionWindow(def: PartitionsDef, key: string): TimeWindow | null {
  if (def.kind !== 'time') return null;
  const start = parseKey(def, key);
  if (start === undefined) throw new Error(`"${key}" is not a ${cadenceName(def)} partition key`);
  return { start, end: nextPartitionStart(def, start) };
}

/** The partition before `key`, or undefined for the first one. */
export function previousPartitionKey(def: PartitionsDef, key: string): string | undefined {
  if (def.kind === 'unpartitioned') return undefined;
  if (def.kind === 'static') return def.keys[def.keys.indexOf(key) - 1];
  const window = partitionWindow(def, key);
  const first = timeBounds(def);
  if (!window || typeof first === 'string') return undefined;
  const previous = previousPartitionStart(def, window.start);
  return previous < first.start ? undefined : formatKey(def, previous);
}

/**
 * The key `n` partitions after `key` (before, when negative). A time key moves
 * on the calendar even past the definition's start or end, so a shifted window
 * can still be read from another asset (check with `partitionKeyProblem`);
 * a static key stops at the ends of its list.
 * @returns undefined when no such key can exist, or `key` is not one of `def`.
 */
export function offsetPartitionKey(def: PartitionsDef, key: string, n: number): string | undefined {
  if (def.kind === 'unpartitioned') return n === 0 && key === UNPARTITIONED_KEY ? key : undefined;
  if (def.kind === 'static') {
    const index = def.keys.indexOf(key);
    return index < 0 ? undefined : def.keys[index + n];
  }
  const start = parseKey(def, key);
  return start === undefined ? undefined : formatKey(def, shiftPartitionStart(def, start, n));
}

/** Sort rank of a key within its asset: window start for time, list position otherwise. */
export function partitionRank(def: PartitionsDef, key: string): number {
  if (def.kind === 'time') return partitionWindow(def, key)!.start;
  if (def.kind === 'static') return def.keys.indexOf(key);
  return 0;
}
