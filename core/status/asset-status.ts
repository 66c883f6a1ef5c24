/**
 * The status of every partition of one asset, compact enough for a Temporal
 * payload at 100,000 partitions: one letter per partition, in key order, and
 * the reasons as runs of consecutive partitions sharing one.
 */
import type { PartitionsDef } from '../partitions/partitions-def';
import { formatKey, nextPartitionStart, parseKey } from '../partitions/time-granularity';
import type { JudgedPartition } from '../selection/partition-selection';
import { extendRanges } from '../selection/reason-ranges';
import type { PartitionStatus } from './partition-status';

/** One partition's status and why. */
export interface PartitionStatusEntry {
  key: string;
  status: PartitionStatus;
  /** Empty for materialized partitions. */
  reason: string;
}

/** Runs of consecutive partitions with one status and reason (materialized ones are not listed). */
export interface StatusRange {
  from: string;
  to: string;
  count: number;
  status: PartitionStatus;
  reason: string;
}

/** What `status --asset` shows. */
export interface AssetStatusReport {
  asset: string;
  codeVersion: string;
  partitions: PartitionsDef;
  /** Every partition that exists now, oldest first. */
  keys: string[];
  /** One letter per key: `m`aterialized, `s`tale, `f`ailed, `-` missing. */
  statuses: string;
  /** Why partitions are not materialized, at most `STATUS_RUNS` runs. */
  runs: StatusRange[];
  /**
   * Indexes (into `keys`) of the partitions an attempt is materializing now,
   * whatever their status (absent from workers before it).
   */
  running?: number[];
}

export const STATUS_RUNS = 1000;

const LETTER: Record<PartitionStatus, string> = { materialized: 'm', stale: 's', failed: 'f', missing: '-' };
const STATUS_OF = Object.fromEntries(Object.entries(LETTER).map(([s, l]) => [l, s])) as Record<string, PartitionStatus>;

/**
 * The report as the `assetStatus` workflow returns it: for time partitions,
 * `keys` is left out and `firstKey` given instead (the keys of a time asset are
 * every partition from its first, one after the other): 100,000 hourly keys
 * would otherwise take 1.6 MB of the 2 MB a Temporal payload may hold.
 */
export interface PackedAssetStatus extends Omit<AssetStatusReport, 'keys'> {
  keys?: string[];
  firstKey?: string;
}

/** Leaves out the keys a time asset's report can give again from its first. */
export function packedForTemporal(report: AssetStatusReport): PackedAssetStatus {
  if (report.partitions.kind !== 'time' || report.keys.length === 0) return report;
  const { keys, ...rest } = report;
  return { ...rest, firstKey: keys[0]! };
}

/** The report with every key, from what the workflow returned (packed or not, as older workers send it). */
export function unpackedAssetStatus(packed: PackedAssetStatus): AssetStatusReport {
  if (packed.keys) return { ...packed, keys: packed.keys };
  const { firstKey, ...rest } = packed;
  const keys: string[] = [];
  if (firstKey !== undefined && packed.partitions.kind === 'time') {
    const cadence = packed.partitions;
    let start = parseKey(cadence, firstKey);
    for (let i = 0; i < packed.statuses.length && start !== undefined; i++) {
      keys.push(formatKey(cadence, start));
      start = nextPartitionStart(cadence, start);
    }
  }
  return { ...rest, keys };
}

/** Packs judged partitions into a report. */
export function packAssetStatus(
  asset: { name: string; codeVersion: string; partitions: PartitionsDef },
  judged: JudgedPartition[],
  runningKeys: ReadonlySet<string> = new Set(),
): AssetStatusReport {
  const running: number[] = [];
  const runs: StatusRange[] = [];
  let previous: JudgedPartition | undefined;
  for (const [i, p] of judged.entries()) {
    if (runningKeys.has(p.key)) running.push(i);
    if (p.status !== 'materialized') {
      const follows = previous !== undefined && previous.status === p.status && runs[runs.length - 1]?.to === previous.key;
      extendRanges(runs, p, follows, STATUS_RUNS);
    }
    previous = p;
  }
  return {
    asset: asset.name,
    codeVersion: asset.codeVersion,
    partitions: asset.partitions,
    keys: judged.map((p) => p.key),
    statuses: judged.map((p) => LETTER[p.status]).join(''),
    runs,
    running,
  };
}

/** One entry per partition, reasons filled in from the runs. */
export function statusEntries(report: AssetStatusReport): PartitionStatusEntry[] {
  const reasonAt = new Map<number, string>();
  const index = new Map(report.keys.map((k, i) => [k, i]));
  for (const run of report.runs) {
    const first = index.get(run.from)!;
    for (let i = 0; i < run.count; i++) reasonAt.set(first + i, run.reason);
  }
  return report.keys.map((key, i) => ({ key, status: STATUS_OF[report.statuses[i]!]!, reason: reasonAt.get(i) ?? '' }));
}
