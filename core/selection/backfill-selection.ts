/**
 * The two steps around the ledger read, the same wherever they run: which of
 * the targeted partitions the selection mode picks (the `assessPartitions`
 * activity, which reads the ledger), and the plan of those picked (the
 * `backfill` workflow). Tests run both in memory (test/helpers/plan-pipeline.ts).
 */
import type { AssetSpec } from '../asset-spec';
import type { BackfillRequest } from '../backfill-request';
import { linkPlan, type BackfillPlan, type PlanTargets } from '../plan/backfill-plan';
import { selectPartitions, type LedgerView } from './partition-selection';
import { assessmentOf, selectedTargets, type SelectionAssessment } from './selection-assessment';

/** Every targeted partition judged against the ledger, and which the request's mode selects. */
export function judgedSelection(catalog: readonly AssetSpec[], targets: PlanTargets, request: BackfillRequest, ledger: LedgerView, nowMs: number): SelectionAssessment {
  return assessmentOf(request.mode, selectPartitions(catalog, targets, request.mode, ledger, nowMs));
}

/**
 * The plan of the selected partitions, or of every target without a selection
 * (a workflow started before selection modes).
 * @throws InvalidBackfillRequestError when the selection names an asset not targeted (the assets changed meanwhile).
 */
export function selectedPlan(catalog: readonly AssetSpec[], targets: PlanTargets, selection: SelectionAssessment | undefined, nowMs: number, request: BackfillRequest): BackfillPlan {
  return linkPlan(catalog, selection ? selectedTargets(targets, selection) : targets, nowMs, request);
}
