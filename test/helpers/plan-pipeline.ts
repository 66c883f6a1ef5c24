/** The planning steps of the `backfill` workflow and its ledger activity, run in memory for unit tests. */
import type { AssetSpec } from '../../core/asset-spec';
import { parseBackfillRequest, type BackfillRequestInput } from '../../core/backfill-request';
import { linkPlan, type BackfillPlan } from '../../core/plan/backfill-plan';
import { planTargets } from '../../core/plan/plan-targets';
import { selectPartitions, type LedgerView } from '../../core/plan/partition-selection';
import { planReport, type BackfillPlanReport } from '../../core/plan/plan-report';
import { assessmentOf, selectedTargets } from '../../core/plan/selection-assessment';

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
  const selection = assessmentOf(request.mode, selectPartitions(catalog, targets, request.mode, ledger, nowMs));
  const plan = linkPlan(catalog, selectedTargets(targets, selection), nowMs, request);
  const report = planReport('plan-test', request, new Map(catalog.map((s) => [s.name, s])), selection, plan, durations);
  return { plan, report, labels: plan.partitions.map((p) => `${p.asset}/${p.key}`) };
}
