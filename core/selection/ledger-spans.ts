/**
 * Which part of the ledger a selection reads: per asset, the span of keys
 * from the first to the last partition it judges or reads as an input. Time
 * keys of one asset sort as their times do, and a time mapping reads later
 * inputs for later partitions, so the inputs of a target's first and last
 * partitions bound those of all. A backfill of one month then reads one
 * month of the ledger, not the asset's whole history.
 */
import type { AssetSpec } from '../asset-spec';
import { inputPartitions } from '../mappings/asset-inputs';
import { previousPartitionKey } from '../partitions/partitions-def';
import type { PlanTargets } from '../plan/backfill-plan';

/** Keys from `from` to `to` (inclusive, either open when absent), or every key of the asset. */
export type KeySpan = { from?: string; to?: string } | 'all';

const earlier = (a: string | undefined, b: string | undefined) => (a === undefined || b === undefined ? undefined : a < b ? a : b);
const later = (a: string | undefined, b: string | undefined) => (a === undefined || b === undefined ? undefined : a > b ? a : b);

function widen(spans: Map<string, KeySpan>, asset: string, span: KeySpan): void {
  const seen = spans.get(asset);
  if (seen === undefined) spans.set(asset, span);
  else if (seen === 'all' || span === 'all') spans.set(asset, 'all');
  else spans.set(asset, { from: earlier(seen.from, span.from), to: later(seen.to, span.to) });
}

/** The span of the ledger each asset's selection reads (every asset a target reads from included). */
export function ledgerSpans(catalog: readonly AssetSpec[], targets: PlanTargets, nowMs: number): Map<string, KeySpan> {
  const specs = new Map(catalog.map((s) => [s.name, s]));
  const spans = new Map<string, KeySpan>();
  for (const [asset, keys] of targets) {
    const spec = specs.get(asset)!;
    const first = keys[0];
    const last = keys[keys.length - 1];
    if (first === undefined || last === undefined) continue;
    if (spec.partitions.kind !== 'time') {
      widen(spans, asset, 'all');
      for (const dep of spec.deps) widen(spans, dep, 'all');
      continue;
    }
    const previous = spec.dependsOnPast ? previousPartitionKey(spec.partitions, first) : undefined;
    widen(spans, asset, { from: previous ?? first, to: last });
    for (const dep of spec.deps) {
      const upstream = specs.get(dep)!;
      const [low, high] = [inputPartitions(spec, first, upstream, nowMs), inputPartitions(spec, last, upstream, nowMs)];
      if (low.all || high.all || upstream.partitions.kind !== 'time') {
        widen(spans, dep, 'all');
        continue;
      }
      // An end that reads nothing (its window outside the upstream's) leaves that side open.
      widen(spans, dep, { from: low.keys[0], to: high.keys[high.keys.length - 1] });
    }
  }
  return spans;
}
