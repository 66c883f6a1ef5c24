/**
 * The time window mapping, with an offset counted in partitions of the
 * reading (downstream) asset. Both directions clip to partitions that exist
 * at `now`, so they stay exact inverses of each other.
 */
import {
  partitionKeyProblem,
  partitionKeys,
  partitionWindow,
  offsetPartitionKey,
  type TimePartitionsDef,
} from '../partitions/partitions-def';
import { floorToPartition, nextPartitionStart, shiftPartitionStart } from '../partitions/time-granularity';

/** Keys of `upstream` overlapping the window of partition `key` of `reader` moved by `offset`. */
export function timeWindowInputs(
  reader: TimePartitionsDef,
  key: string,
  upstream: TimePartitionsDef,
  nowMs: number,
  offset: number,
): string[] {
  const shifted = offsetPartitionKey(reader, key, offset);
  if (shifted === undefined) throw new Error(`"${key}" is not a ${reader.granularity} partition key`);
  return partitionKeys(upstream, nowMs, partitionWindow(reader, shifted)!);
}

/** Keys of `reader` whose window moved by `offset` overlaps partition `key` of `upstream`. */
export function timeWindowReaders(
  upstream: TimePartitionsDef,
  key: string,
  reader: TimePartitionsDef,
  nowMs: number,
  offset: number,
): string[] {
  // A key that is not (yet) a partition is read by no one, as timeWindowInputs never returns it.
  if (partitionKeyProblem(upstream, key, nowMs) !== undefined) return [];
  const window = partitionWindow(upstream, key)!;
  const g = reader;
  // Shifting is monotonic, so the reader partitions overlapping the window stay a contiguous run.
  const first = shiftPartitionStart(g, floorToPartition(g, window.start), -offset);
  const last = shiftPartitionStart(g, floorToPartition(g, window.end - 1), -offset);
  return partitionKeys(reader, nowMs, { start: first, end: nextPartitionStart(g, last) });
}
