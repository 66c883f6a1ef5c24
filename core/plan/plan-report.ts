/**
 * What `plan` (a dry run) answers: per asset, which partitions would run and
 * why, the order and parallelism, and an estimated duration. Plain JSON.
 */
import type { AssetSpec } from '../asset-spec';
import type { BackfillRequest } from '../backfill-request';
import type { SelectionMode } from '../selection/selection-mode';
import { omit } from '../omit';
import type { BackfillPlan } from './backfill-plan';
import { clippedStarts, type ClippedStart } from './clipped-range';
import { estimateDuration, longestChain, type DurationEstimate } from './estimate-duration';
import type { AssetSelection, SelectionAssessment } from '../selection/selection-assessment';

/** Partitions listed in the order they would start. */
const FIRST_PARTITIONS = 10;

/** One asset in a plan. */
export interface AssetPlan extends Omit<AssetSelection, 'selectedRuns'> {
  /** `in order` for assets whose partitions read the previous one; `in parallel` otherwise. */
  runs: 'in order' | 'in parallel';
}

/** The result of a dry run: nothing ran and nothing was written. */
export interface BackfillPlanReport {
  dryRun: true;
  backfillId: string;
  mode: SelectionMode;
  /** Partitions targeted by the request, before selection. */
  targeted: number;
  /** Partitions that would run. */
  total: number;
  assets: AssetPlan[];
  order: 'oldest first' | 'newest first';
  maxConcurrency: number;
  canary?: { perAsset: number; approval: boolean };
  /** The first partitions to start, as `asset/key`. */
  firstPartitions: string[];
  /** Partitions in the longest chain of inputs (each waiting for the one before). */
  longestChain: number;
  estimate: DurationEstimate;
  /** Targeted assets whose first partition comes after the range's start: their part begins there. */
  clipped?: ClippedStart[];
  /** The range's start as asked (`from`), when clipped. */
  from?: string;
}

export function planReport(
  backfillId: string,
  request: BackfillRequest,
  specs: ReadonlyMap<string, AssetSpec>,
  selection: SelectionAssessment,
  plan: BackfillPlan,
  durations: Record<string, { meanMs: number; samples: number }>,
  /** How many partitions run at full speed at once (see estimateDuration); none: no limit. */
  capacity?: number,
): BackfillPlanReport {
  const assets = selection.assets.map((selected): AssetPlan => ({
    ...omit(selected, 'selectedRuns'),
    runs: specs.get(selected.asset)?.dependsOnPast ? 'in order' : 'in parallel',
  }));
  return {
    dryRun: true,
    backfillId,
    mode: selection.mode,
    targeted: assets.reduce((n, a) => n + a.targeted, 0),
    total: plan.partitions.length,
    assets,
    order: request.newestFirst ? 'newest first' : 'oldest first',
    maxConcurrency: request.maxConcurrency,
    ...(request.canary && { canary: request.canary }),
    firstPartitions: plan.partitions.slice(0, FIRST_PARTITIONS).map((p) => `${p.asset}/${p.key}`),
    longestChain: longestChain(plan),
    estimate: estimateDuration(plan, durations, request.maxConcurrency, specs, capacity),
    ...withClipped(clippedStarts(specs, assets.map((a) => a.asset), request), request.from),
  };
}

/** `clipped` and `from`, when the range was clipped. */
export function withClipped(clipped: ClippedStart[], from: string | undefined): { clipped?: ClippedStart[]; from?: string } {
  return clipped.length === 0 ? {} : { clipped, ...(from !== undefined && { from }) };
}
