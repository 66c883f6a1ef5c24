/** Plain-text rendering of a backfill summary for the terminal. */
import type { BackfillSummary } from '../../core/run/backfill-summary';
import { clippedLine } from './clipped-line';
import { shadowLines } from './shadow-view';
import { printable } from './terminal-text';

export function formatSummary(summary: BackfillSummary): string {
  const { selection } = summary;
  if (selection && selection.selected === 0) {
    const segments = summary.segments ? ` (in ${summary.segments} time segments)` : '';
    return `Backfill ${printable(summary.backfillId)}: nothing to run (mode ${selection.mode}): none of the ${selection.targeted} targeted partitions needed it${segments}`;
  }
  const header = ['asset', 'partitions', 'succeeded', 'failed', 'skipped', 'rows'];
  const rows = summary.assets.map((a) => [a.asset, a.total, a.succeeded, a.failed, a.skipped, a.rows].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [`Backfill ${printable(summary.backfillId)}: ${summary.outcome}`];
  if (selection) out.push(`Mode ${selection.mode}: ${selection.selected} of ${selection.targeted} targeted partitions selected`);
  const clipped = clippedLine(summary.clipped, summary.from);
  if (clipped) out.push(clipped);
  if (summary.segments) out.push(`Ran in ${summary.segments} time segment${summary.segments === 1 ? '' : 's'} (more partitions than one run plans)`);
  out.push(line(header), ...rows.map(line));
  for (const a of summary.assets) {
    for (const f of a.failures) out.push(`  failed  ${a.asset}/${f.partition}: ${printable(f.reason)}`);
    for (const s of a.skips) out.push(`  skipped ${a.asset}/${s.partition}: ${printable(s.reason)}`);
  }
  if (summary.shadow) out.push(...shadowLines(summary.shadow));
  return out.join('\n');
}
