/** The planning steps of the `backfill` workflow and its ledger activity, run in memory for unit tests. */
import type { AssetSpec } from '../../core/asset-spec';
import { parseBackfillRequest, type BackfillRequestInput } from '../../core/backfill-request';
import type { BackfillPlan } from '../../core/plan/backfill-plan';
import { judgedSelection, selectedPlan } from '../../core/selection/backfill-selection';
import type { LedgerView } from '../../core/selection/partition-selection';
import { planTargets } from '../../core/plan/plan-targets';
import { planReport, type BackfillPlanReport } from '../../core/plan/plan-report';

export interface PlannedRun {
  plan: BackfillPlan;
  report: BackfillPlanReport;
  /** `asset/key` of every partition that would run, in plan order. */
  labels: string[];
}

export function planInMemory(
  catalog: AssetSpec[],
  ledger: LedgerView,
  input: BackfillRequestInput,
  nowMs: number,
  durations: Record<string, { meanMs: number; samples: number }> = {},
): PlannedRun {
  const request = parseBackfillRequest(input);
  const targets = planTargets(catalog, request, nowMs);
  const selection = judgedSelection(catalog, targets, request, ledger, nowMs);
  const plan = selectedPlan(catalog, targets, selection, nowMs, request);
  const report = planReport('plan-test', request, new Map(catalog.map((s) => [s.name, s])), selection, plan, durations);
  return { plan, report, labels: plan.partitions.map((p) => `${p.asset}/${p.key}`) };
}
