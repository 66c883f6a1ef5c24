/** What the partitions of a running plan came to, counted per asset: the scheduler's counts and its final summary. */
import type { BackfillPlan } from '../plan/backfill-plan';
import { NOTES_PER_ASSET, type AssetCounts, type AssetSummary, type BackfillSummary } from './backfill-summary';
import type { PartitionState } from './backfill-scheduler';
import { plannedKeys, plannedLabel } from '../plan/planned-keys';

/** The scheduler's view of each planned unit, by plan index. */
export interface PlanOutcomes {
  plan: BackfillPlan;
  state: readonly PartitionState[];
  rows: readonly number[];
  /** Why a failed or skipped unit did not succeed. */
  reasons: ReadonlyMap<number, string>;
  /** Rows earlier runs of the backfill wrote, per asset (continue-as-new). */
  carriedRows: Readonly<Record<string, number>>;
}

/** Partition counts per asset, upstream assets first. */
export function countsPerAsset(outcomes: PlanOutcomes): AssetCounts[] {
  return perAsset(outcomes, () => undefined);
}

/** The final report; `cancelled` when the backfill was cancelled before every partition ended. */
export function schedulerSummary(outcomes: PlanOutcomes, backfillId: string, cancelled: boolean): BackfillSummary {
  const assets: AssetSummary[] = perAsset(
    outcomes,
    (s, i) => {
      const a = s as AssetSummary;
      const state = outcomes.state[i]!;
      const notes = state === 'failed' ? a.failures : state === 'skipped' ? a.skips : undefined;
      if (notes && notes.length < NOTES_PER_ASSET) notes.push({ partition: plannedLabel(outcomes.plan.partitions[i]!), reason: outcomes.reasons.get(i)! });
    },
    () => ({ failures: [], skips: [] }),
  );
  const sum = (k: 'total' | 'succeeded' | 'failed' | 'skipped' | 'cancelled' | 'pending'): number => assets.reduce((n, a) => n + a[k], 0);
  const outcome = cancelled ? 'cancelled' : sum('succeeded') === sum('total') ? 'completed' : 'completedWithFailures';
  return {
    backfillId,
    outcome,
    total: sum('total'),
    succeeded: sum('succeeded'),
    failed: sum('failed'),
    skipped: sum('skipped'),
    cancelled: sum('cancelled'),
    pending: sum('pending'),
    assets,
  };
}

function perAsset<T extends AssetCounts>(
  { plan, state, rows, carriedRows }: PlanOutcomes,
  visit: (counts: AssetCounts, i: number) => void,
  extra: () => Omit<T, keyof AssetCounts> = () => ({}) as Omit<T, keyof AssetCounts>,
): T[] {
  const byAsset = new Map<string, T>(
    plan.assets.map((asset) => [asset, { asset, total: 0, pending: 0, running: 0, succeeded: 0, failed: 0, skipped: 0, cancelled: 0, rows: 0, ...extra() } as T]),
  );
  plan.partitions.forEach((p, i) => {
    const counts = byAsset.get(p.asset)!;
    const partitions = plannedKeys(p).length;
    counts.total += partitions;
    counts[state[i]!] += partitions;
    counts.rows += rows[i]!;
    visit(counts, i);
  });
  for (const [asset, carried] of Object.entries(carriedRows)) {
    const counts = byAsset.get(asset);
    if (counts) counts.rows += carried;
  }
  return [...byAsset.values()];
}
