/**
 * An asset's status report made ready for the grid: rows of cells (shared with
 * `status --asset`), each partition's status, whether it runs, and its reason.
 */
import { gridRows, type GridRows } from '../../../core/status/partition-grid-rows';
import type { AssetStatusReport } from '../../../core/status/asset-status';
import { STATUS_OF_LETTER, type ShownStatus } from '../status-style';

export interface GridModel {
  grid: GridRows;
  keys: string[];
  statusAt(i: number): ShownStatus;
  isRunning(i: number): boolean;
  reasonAt(i: number): string;
  counts: Record<ShownStatus, number>;
}

export function gridModel(report: AssetStatusReport): GridModel {
  const running = new Set(report.running ?? []);
  const index = new Map(report.keys.map((k, i) => [k, i]));
  // Reasons come as runs of consecutive partitions: found by binary search over the runs' first indexes.
  const runs = report.runs.map((r) => ({ first: index.get(r.from) ?? -1, count: r.count, reason: r.reason })).filter((r) => r.first >= 0);
  runs.sort((a, b) => a.first - b.first);
  const counts: Record<ShownStatus, number> = { materialized: 0, stale: 0, failed: 0, missing: 0, running: running.size };
  for (const letter of report.statuses) counts[STATUS_OF_LETTER[letter] ?? 'missing']++;
  return {
    grid: gridRows(report.partitions, report.keys),
    keys: report.keys,
    statusAt: (i) => STATUS_OF_LETTER[report.statuses[i] ?? '-'] ?? 'missing',
    isRunning: (i) => running.has(i),
    reasonAt(i) {
      let lo = 0;
      let hi = runs.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const r = runs[mid]!;
        if (i < r.first) hi = mid - 1;
        else if (i >= r.first + r.count) lo = mid + 1;
        else return r.reason;
      }
      return '';
    },
    counts,
  };
}
