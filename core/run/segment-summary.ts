/**
 * A backfill run in time segments (backfill-segments.ts) reports as one: the
 * summaries of its segments add up, and `progress` counts the segments done
 * with the one running.
 */
import { omit } from '../omit';
import type { BackfillProgress } from './backfill-progress';
import { totalCounts } from './backfill-progress';
import { NOTES_PER_ASSET, type AssetCounts, type AssetSummary, type BackfillOutcome, type BackfillSummary } from './backfill-summary';

const COUNTS = ['total', 'pending', 'running', 'succeeded', 'failed', 'skipped', 'cancelled', 'rows'] as const;

function addCounts<T extends AssetCounts>(into: T, more: AssetCounts): T {
  const sum = { ...into };
  for (const k of COUNTS) sum[k] += more[k];
  return sum;
}

/** Assets by name, in first-seen order, each summed by `add`. */
function byAsset<T extends { asset: string }>(lists: T[][], add: (a: T, b: T) => T): T[] {
  const merged = new Map<string, T>();
  for (const item of lists.flat()) {
    const seen = merged.get(item.asset);
    merged.set(item.asset, seen ? add(seen, item) : item);
  }
  return [...merged.values()];
}

function addAsset(a: AssetSummary, b: AssetSummary): AssetSummary {
  return {
    ...addCounts(a, b),
    failures: [...a.failures, ...b.failures].slice(0, NOTES_PER_ASSET),
    skips: [...a.skips, ...b.skips].slice(0, NOTES_PER_ASSET),
  };
}

function outcomeOf(a: BackfillOutcome, b: BackfillOutcome): BackfillOutcome {
  if (b === 'cancelled') return b;
  return a === 'completed' ? b : a;
}

/** The summary of the segments so far (`done`) and the one that just ended. */
export function addSegmentSummary(done: BackfillSummary | undefined, next: BackfillSummary): BackfillSummary {
  if (!done) return next;
  const sum: BackfillSummary = {
    backfillId: next.backfillId,
    outcome: outcomeOf(done.outcome, next.outcome),
    total: done.total + next.total,
    succeeded: done.succeeded + next.succeeded,
    failed: done.failed + next.failed,
    skipped: done.skipped + next.skipped,
    cancelled: done.cancelled + next.cancelled,
    pending: done.pending + next.pending,
    assets: byAsset([done.assets, next.assets], addAsset),
  };
  // Each segment names the assets the whole range clipped: one list for the backfill.
  const clipped = [...new Map([...(done.clipped ?? []), ...(next.clipped ?? [])].map((c) => [c.asset, c])).values()];
  if (clipped.length > 0) Object.assign(sum, { clipped, from: next.from ?? done.from });
  if (done.selection && next.selection) {
    sum.selection = {
      mode: next.selection.mode,
      targeted: done.selection.targeted + next.selection.targeted,
      selected: done.selection.selected + next.selection.selected,
    };
  }
  return sum;
}

/** Where a backfill run in segments is: the segment running (from 1) and how many there are. */
export interface SegmentProgress {
  current: number;
  count: number;
  /** The running segment's window (ISO 8601, end exclusive). */
  from: string;
  to: string;
}

/** The running segment's progress with the segments done before it counted in. */
export function progressWithSegments(progress: BackfillProgress, done: BackfillSummary | undefined, segment: SegmentProgress): BackfillProgress {
  const earlier: AssetCounts[] = (done?.assets ?? []).map((asset) => omit(asset, 'failures', 'skips'));
  const assets = byAsset([earlier, progress.assets], addCounts);
  return { ...progress, assets, totals: totalCounts(assets), segment };
}
