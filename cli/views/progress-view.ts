/**
 * Turns a backfill's `progress` into what the terminal shows: a header line
 * and, per asset, the values for one progress bar with its rate and ETA.
 * Pure, so it is unit-tested; `status` draws the bars with cli-progress.
 */
import { ENDED_STATES, type BackfillProgress, type CanaryProgress } from '../../core/run/backfill-progress';
import type { AssetCounts } from '../../core/run/backfill-summary';
import { printable } from './terminal-text';

/** One asset's bar: `value` of `total` partitions done, with its payload tokens. */
export interface AssetBar {
  asset: string;
  value: number;
  total: number;
  failed: number;
  skipped: number;
  running: number;
  /** Partitions per second since the backfill started, e.g. `1.25/s`. */
  rate: string;
  /** Time left at that rate, e.g. `2m 05s`; `-` when nothing is done yet, `0s` when finished. */
  eta: string;
}

/** `1h 02m`, `2m 05s`, `7s`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s >= 3600) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

const done = (c: AssetCounts) => c.succeeded + c.failed + c.skipped + c.cancelled;

export function assetBar(counts: AssetCounts, elapsedMs: number): AssetBar {
  const finished = done(counts);
  const perSecond = elapsedMs > 0 ? finished / (elapsedMs / 1000) : 0;
  const remaining = counts.total - finished;
  const eta = remaining === 0 ? '0s' : perSecond > 0 ? formatDuration((remaining / perSecond) * 1000) : '-';
  return {
    asset: counts.asset,
    value: finished,
    total: counts.total,
    failed: counts.failed,
    skipped: counts.skipped,
    running: counts.running,
    rate: `${perSecond.toFixed(2)}/s`,
    eta,
  };
}

/** `Backfill bf-1: running, concurrency 8, 2m 05s elapsed, 120/274 done, 1 failed`. */
export function headerLine(p: BackfillProgress, elapsedMs = p.elapsedMs): string {
  const t = p.totals;
  const parts = [
    `Backfill ${printable(p.backfillId)}: ${p.state}`,
    `concurrency ${p.maxConcurrency}`,
    `${formatDuration(elapsedMs)} elapsed`,
    `${done({ ...t, asset: '' })}/${t.total} done`,
  ];
  if (t.failed) parts.push(`${t.failed} failed`);
  if (t.skipped) parts.push(`${t.skipped} skipped`);
  if (t.cancelled) parts.push(`${t.cancelled} cancelled`);
  if (p.canary) parts.push(canaryText(p.canary));
  // Segments are planned one by one: the total so far covers the segments up to this one.
  if (p.segment) parts.push(`time segment ${p.segment.current} of ${p.segment.count} (from ${p.segment.from.slice(0, 16)})`);
  return parts.join(', ');
}

const CANARY_WORDS: Record<CanaryProgress['state'], string> = {
  running: 'running',
  awaitingApproval: 'awaiting approval (resume to go on, cancel to stop)',
  passed: 'passed',
  failed: 'failed',
};

/** `canary awaiting approval (...): 6/6 done, 0 failed`. */
export function canaryText(c: CanaryProgress): string {
  return `canary ${CANARY_WORDS[c.state]}: ${c.done}/${c.partitions} done, ${c.failed} failed`;
}

/** Time since the start: live while the backfill runs; once it ended, its whole run (start to close). */
export function elapsedOf(p: BackfillProgress, nowMs: number): number {
  return ENDED_STATES.has(p.state) ? p.elapsedMs : nowMs - Date.parse(p.startedAt);
}
