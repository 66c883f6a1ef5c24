/**
 * Every asset at a glance, for the console's assets page: its place in the
 * DAG, its partitioning and code version, and how many of its partitions are
 * in each status. Counts only: an asset's partitions come one asset at a time
 * (asset-status.ts).
 */
import type { PartitionsDef } from '../partitions/partitions-def';
import type { AssetStatusReport } from './asset-status';

/** How many partitions of an asset are in each status; `running` ones are also counted by their status. */
export interface StatusCounts {
  total: number;
  missing: number;
  materialized: number;
  stale: number;
  failed: number;
  running: number;
}

/** One asset of the overview. */
export interface AssetOverviewEntry {
  name: string;
  /** Upstream assets, by name. */
  deps: string[];
  partitions: PartitionsDef;
  codeVersion: string;
  dependsOnPast: boolean;
  counts: StatusCounts;
}

/** What the `assetOverview` workflow answers. */
export interface AssetOverview {
  assets: AssetOverviewEntry[];
  /** When the ledger was read (ISO 8601). */
  readAt: string;
}

const COUNTED: Record<string, keyof StatusCounts> = { m: 'materialized', s: 'stale', f: 'failed', '-': 'missing' };

/** Counts an asset's report by status. */
export function countStatuses(report: Pick<AssetStatusReport, 'statuses' | 'running'>): StatusCounts {
  const counts: StatusCounts = { total: report.statuses.length, missing: 0, materialized: 0, stale: 0, failed: 0, running: report.running?.length ?? 0 };
  for (const letter of report.statuses) counts[COUNTED[letter]!]++;
  return counts;
}
