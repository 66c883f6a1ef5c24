/**
 * A running backfill's scheduler state as plain JSON, carried across
 * continue-as-new: one letter per planned unit (100,000 partitions are 100 KB),
 * rows per asset, and only the reasons the summary can still show.
 */
import type { BackfillPlan } from '../plan/backfill-plan';
import { NOTES_PER_ASSET } from './backfill-summary';

export interface SchedulerSnapshot {
  /** One letter per planned unit: `p`ending, `s`ucceeded, `f`ailed, s`k`ipped, `c`ancelled. */
  states: string;
  /** Rows materialized so far, per asset. */
  rowsByAsset: Record<string, number>;
  /** `[unit index, reason]` of failed and skipped units, the first NOTES_PER_ASSET per asset and kind. */
  reasons: Array<[number, string]>;
}

const LETTER: Record<string, string> = { pending: 'p', succeeded: 's', failed: 'f', skipped: 'k', cancelled: 'c' };

export function snapshotOf(
  plan: BackfillPlan,
  states: readonly string[],
  rows: readonly number[],
  carriedRows: Readonly<Record<string, number>>,
  reasons: ReadonlyMap<number, string>,
): SchedulerSnapshot {
  const rowsByAsset: Record<string, number> = { ...carriedRows };
  const kept = new Map<string, number>();
  const notes: Array<[number, string]> = [];
  plan.partitions.forEach((p, i) => {
    rowsByAsset[p.asset] = (rowsByAsset[p.asset] ?? 0) + rows[i]!;
    const reason = reasons.get(i);
    if (reason === undefined) return;
    const kind = `${p.asset}/${states[i]}`;
    const n = kept.get(kind) ?? 0;
    if (n >= NOTES_PER_ASSET) return;
    kept.set(kind, n + 1);
    notes.push([i, reason]);
  });
  return { states: states.map((s) => LETTER[s]!).join(''), rowsByAsset, reasons: notes };
}
