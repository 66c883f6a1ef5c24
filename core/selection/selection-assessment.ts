/**
 * The compact form of a selection that crosses from the activity that reads
 * the ledger to the workflow: selected partitions as runs of indices into the
 * targets both recompute, and the reasons as runs of consecutive partitions
 * sharing one kind of reason, capped, so 100,000 partitions stay a small payload.
 */
import { InvalidBackfillRequestError } from '../errors';
import type { SelectionMode } from './selection-mode';
import type { PartitionStatus } from '../status/partition-status';
import type { PlanTargets } from '../plan/backfill-plan';
import { extendRanges } from './reason-ranges';
import type { JudgedPartition } from './partition-selection';

/** Consecutive selected partitions of one asset sharing a status and reason. */
export interface ReasonRange {
  from: string;
  to: string;
  count: number;
  status: PartitionStatus;
  reason: string;
}

/** The selection of one asset. */
export interface AssetSelection {
  asset: string;
  /** Partitions targeted by the request. */
  targeted: number;
  selected: number;
  /** Targeted partitions by their ledger status. */
  byStatus: Record<PartitionStatus, number>;
  /** Selected partitions as `[first index, count]` into the asset's targeted keys. */
  selectedRuns: Array<[number, number]>;
  /** Why the selected partitions run, at most `REASON_RUNS_PER_ASSET`. */
  reasons: ReasonRange[];
  /** Selected partitions past the listed reason runs. */
  unlisted: number;
}

export interface SelectionAssessment {
  mode: SelectionMode;
  assets: AssetSelection[];
}

export const REASON_RUNS_PER_ASSET = 200;

export function assessmentOf(mode: SelectionMode, judged: Map<string, JudgedPartition[]>): SelectionAssessment {
  return { mode, assets: [...judged].map(([asset, partitions]) => assetSelection(asset, partitions)) };
}

function assetSelection(asset: string, partitions: JudgedPartition[]): AssetSelection {
  const byStatus: Record<PartitionStatus, number> = { missing: 0, materialized: 0, stale: 0, failed: 0 };
  const selectedRuns: Array<[number, number]> = [];
  const reasons: ReasonRange[] = [];
  let unlisted = 0;
  let selected = 0;
  partitions.forEach((p, i) => {
    byStatus[p.status]++;
    if (!p.selected) return;
    selected++;
    const lastRun = selectedRuns[selectedRuns.length - 1];
    const adjacent = lastRun !== undefined && lastRun[0] + lastRun[1] === i;
    if (adjacent) lastRun[1]++;
    else selectedRuns.push([i, 1]);
    if (!extendRanges(reasons, p, adjacent && unlisted === 0, REASON_RUNS_PER_ASSET)) unlisted++;
  });
  return { asset, targeted: partitions.length, selected, byStatus, selectedRuns, reasons, unlisted };
}

/** The targets narrowed to the selected partitions; assets with none selected are left out. */
export function selectedTargets(targets: PlanTargets, assessment: SelectionAssessment): PlanTargets {
  const narrowed: PlanTargets = new Map();
  for (const { asset, selectedRuns } of assessment.assets) {
    const keys = targets.get(asset);
    if (!keys) {
      // Only when the workers' assets changed between planning and reading the ledger (a redeploy).
      throw new InvalidBackfillRequestError([`the assets changed while the backfill was planned (asset "${asset}"): start it again`]);
    }
    const picked = selectedRuns.flatMap(([first, count]) => keys.slice(first, first + count));
    if (picked.length > 0) narrowed.set(asset, picked);
  }
  return narrowed;
}
