/** `retrofill diff` as plain text: per asset a summary line, then its differing partitions as a table. */
import type { AssetDiff, PartitionDiff, ShadowDiff } from '../../core/shadow/shadow-diff';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `daily_revenue: 12 of 31 partitions differ (rows 120 → 118: +2 added, -4 removed, ~10 changed); rows matched by day, segment` */
export function assetHeadline(a: AssetDiff): string {
  const verb = a.changedPartitions === 1 ? 'differs' : 'differ';
  const rows = `rows ${a.rowsBefore} → ${a.rowsAfter}: +${a.added} added, -${a.removed} removed, ~${a.changed} changed`;
  const matched = a.matchedBy.length > 0 ? `rows matched by ${a.matchedBy.join(', ')}` : 'whole rows compared (no primary key)';
  return `${a.asset}: ${a.changedPartitions} of ${plural(a.partitions, 'partition')} ${verb} (${rows}); ${matched}`;
}

const COLUMNS = ['partition', 'before', 'after', 'added', 'removed', 'changed'] as const;

/** The differing partitions as a table: keys left-aligned, counts right-aligned under their headers. */
function differenceTable(differences: readonly PartitionDiff[]): string[] {
  const cells = differences.map((d) => [d.partition, `${d.rowsBefore}`, `${d.rowsAfter}`, `+${d.added}`, `-${d.removed}`, `~${d.changed}`]);
  const widths = COLUMNS.map((header, i) => Math.max(header.length, ...cells.map((row) => row[i]!.length)));
  const line = (row: readonly string[]) => `  ${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}`.trimEnd();
  return [line(COLUMNS), ...cells.map(line)];
}

function assetLines(a: AssetDiff, listed: number | 'all'): string[] {
  const shown = listed === 'all' ? a.differences : a.differences.slice(0, listed);
  const lines = [`${a.asset}:`, ...differenceTable(shown)];
  const more = a.differences.length - shown.length;
  if (more > 0) lines.push(`  … ${more} more (--all)`);
  const unlisted = a.changedPartitions - a.differences.length;
  if (unlisted > 0) lines.push(`  … and ${unlisted} more differing ${unlisted === 1 ? 'partition' : 'partitions'}, not listed`);
  const unchanged = a.partitions - a.changedPartitions;
  if (unchanged > 0) lines.push(`  ${plural(unchanged, 'partition')} unchanged`);
  return lines;
}

/** Differing partitions listed per asset unless all are asked for (`retrofill diff --all`). */
export const DIFF_LINES_PER_ASSET = 20;

/**
 * The diff as plain text: one summary line per asset first, then each
 * asset's differing partitions, at most `listed` of them (`'all'`: every one
 * the diff holds). Deterministic, so golden files can hold it.
 */
export function formatShadowDiff(diff: ShadowDiff, listed: number | 'all' = DIFF_LINES_PER_ASSET): string {
  if (diff.assets.length === 0) return `Backfill ${diff.backfillId}: the shadow holds no partition yet, nothing to compare.`;
  const total = diff.assets.reduce((n, a) => n + a.partitions, 0);
  const differing = diff.assets.reduce((n, a) => n + a.changedPartitions, 0);
  const lines = [
    `Backfill ${diff.backfillId}, shadow against production: ${differing} of ${plural(total, 'partition')} ${differing === 1 ? 'differs' : 'differ'}`,
    ...diff.assets.map(assetHeadline),
  ];
  for (const a of diff.assets) if (a.changedPartitions > 0) lines.push('', ...assetLines(a, listed));
  return lines.join('\n');
}
