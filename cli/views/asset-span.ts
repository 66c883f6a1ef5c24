/**
 * Which partitions `status --asset` draws: those from `--from` to `--to`, or
 * by default the span that holds materialized (or failed, or stale)
 * partitions, so an asset with no end date is not drawn up to yesterday. Says
 * what is left out. Pure, so it is unit-tested.
 */
import { partitionWindow } from '../../core/partitions/partitions-def';
import { parseTimeSpec } from '../../core/partitions/time-spec';
import type { AssetStatusView } from './partition-grid';

/** The view narrowed, with a line naming what is shown and what is not (absent when everything is). */
export interface AssetSpan {
  view: AssetStatusView;
  notice?: string;
}

/**
 * @param from, to time specs (`2024`, `2024-03`, `2024-03-01`, …), inclusive; validated by the caller.
 */
export function assetSpan(view: AssetStatusView, span: { from?: string; to?: string } = {}): AssetSpan {
  const def = view.partitions;
  if (def.kind !== 'time') return { view };
  const startOf = (key: string) => partitionWindow(def, key)!.start;
  const entries = [...view.entries].sort((a, b) => startOf(a.key) - startOf(b.key));
  let shown: typeof entries;
  let why: string;
  if (span.from !== undefined || span.to !== undefined) {
    const from = span.from === undefined ? -Infinity : parseTimeSpec(span.from)!.start;
    const to = span.to === undefined ? Infinity : parseTimeSpec(span.to)!.end;
    shown = entries.filter((e) => startOf(e.key) >= from && startOf(e.key) < to);
    why = '--from/--to';
  } else {
    const first = entries.findIndex((e) => e.status !== 'missing');
    if (first < 0) return { view };
    const last = entries.length - 1 - [...entries].reverse().findIndex((e) => e.status !== 'missing');
    shown = entries.slice(first, last + 1);
    why = 'the span with materialized partitions; --from/--to for others';
  }
  if (shown.length === entries.length) return { view };
  const range = shown.length === 0 ? 'nothing' : `${shown[0]!.key} … ${shown[shown.length - 1]!.key}`;
  return { view: { ...view, entries: shown }, notice: `Showing ${range}: ${shown.length} of ${entries.length} partitions (${why})` };
}
