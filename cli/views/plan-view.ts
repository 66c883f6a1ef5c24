/**
 * Plain-text rendering of a plan (`retrofill plan`): per asset, what would run
 * and why, then order, parallelism and the estimate. Pure; golden-tested.
 */
import type { AssetPlan, BackfillPlanReport } from '../../core/plan/plan-report';
import type { ReasonRange } from '../../core/selection/selection-assessment';
import { clippedLine } from './clipped-line';
import { formatDuration } from './progress-view';

/** `stale: code version 2 ≠ 1`; a reason that already names its status is not prefixed twice. */
export function reasonLabel({ status, reason }: { status: string; reason: string }): string {
  if (status === 'materialized' || reason.startsWith(`${status}:`)) return reason;
  return `${status}: ${reason}`;
}

function keysOf(run: ReasonRange): string {
  return run.count === 1 ? run.from : `${run.from} … ${run.to} (${run.count})`;
}

/** Reason lines shown per asset unless all are asked for (`retrofill plan --all`). */
export const PLAN_LINES_PER_ASSET = 20;

function assetLines(a: AssetPlan, listed: number): string[] {
  const states = (['materialized', 'stale', 'failed', 'missing'] as const)
    .filter((s) => a.byStatus[s] > 0)
    .map((s) => `${s} ${a.byStatus[s]}`)
    .join(', ');
  const lines = [`${a.asset}: ${a.selected} of ${a.targeted} partitions, ${a.runs} (${states})`];
  const shown = a.reasons.slice(0, listed);
  const width = Math.max(0, ...shown.map((r) => keysOf(r).length));
  for (const run of shown) lines.push(`  ${keysOf(run).padEnd(width)}  ${reasonLabel(run)}`);
  const hidden = a.reasons.slice(shown.length);
  if (hidden.length > 0) lines.push(`  ${moreLines(hidden.length, hidden.reduce((n, r) => n + r.count, 0))}`);
  // Beyond what the report holds: counted, not listed, even with --all.
  if (a.unlisted > 0) lines.push(`  … and ${a.unlisted} more partitions, not listed`);
  return lines;
}

/** The line standing for reason lines left out: `… 12 more lines, 340 partitions (--all)`. */
export function moreLines(lines: number, partitions: number): string {
  return `… ${lines} more line${lines === 1 ? '' : 's'}, ${partitions} partition${partitions === 1 ? '' : 's'} (--all)`;
}

/**
 * The plan as plain text.
 * @param listed reason lines per asset (`'all'`: every one the report holds).
 */
export function formatPlan(report: BackfillPlanReport, listed: number | 'all' = PLAN_LINES_PER_ASSET): string {
  if (report.total === 0) {
    return (
      `Nothing to run (mode ${report.mode}): none of the ${report.targeted} targeted partitions needs it.\n` +
      report.assets.map((a) => `${a.asset}: ${a.targeted} partitions, ${a.byStatus.materialized} materialized and current`).join('\n')
    );
  }
  const lines = [`Plan (mode ${report.mode}): ${report.total} of ${report.targeted} targeted partitions would run`];
  const clipped = clippedLine(report.clipped, report.from);
  if (clipped) lines.push(clipped);
  for (const a of report.assets) lines.push(...assetLines(a, listed === 'all' ? Infinity : listed));
  lines.push(`Order: ${report.order}, inputs before the partitions that read them; up to ${report.maxConcurrency} at once`);
  if (report.canary) {
    lines.push(
      `Canary: ${report.canary.perAsset} partition${report.canary.perAsset === 1 ? '' : 's'} of each asset first, then ` +
        (report.canary.approval ? 'pause until resume' : 'the rest unless one failed'),
    );
  }
  // A chain of one is no chain: every partition can start as soon as its inputs are there.
  lines.push(report.longestChain === 1 ? 'Longest chain: none, no partition waits for another' : `Longest chain: ${report.longestChain} partitions, one after another`);
  lines.push(`First to start: ${report.firstPartitions.join(', ')}`);
  const { ms, basis } = report.estimate;
  const shown = ms === null ? null : ms < 10_000 ? `${(ms / 1000).toFixed(1)}s` : formatDuration(ms);
  lines.push(`Estimated duration: ${shown === null ? basis : `${shown} (${basis})`}`);
  return lines.join('\n');
}
