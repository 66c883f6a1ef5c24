/**
 * Workflow `backfill`: validates the request, plans it against the worker's
 * asset definitions, then runs it (see BackfillRun) while answering pause,
 * resume, throttle, setConcurrency (steering-handlers.ts) and progress.
 */
import {
  CancellationScope,
  allHandlersFinished,
  condition,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { MAX_CONCURRENCY_CEILING, parseBackfillRequest } from '../core/backfill-request';
import { parseConcurrency } from '../core/concurrency';
import { linkPlan, planTargets } from '../core/plan/backfill-plan';
import { groupSingleRuns } from '../core/plan/single-run-groups';
import type { BackfillSummary } from '../core/plan/backfill-summary';
import { planReport, type BackfillPlanReport } from '../core/plan/plan-report';
import { selectedTargets, type SelectionAssessment } from '../core/plan/selection-assessment';
import { progressQuery } from './backfill-messages';
import { BackfillRun, planningProgress } from './backfill-run';
import { ASSET, BACKFILL_ID } from './search-attributes';
import { handleSteering } from './steering-handlers';
import { validated } from './validated';

/** Workflows started before selection modes planned every targeted partition, without reading the ledger. */
const SELECTION_MODES_PATCH = 'selection-modes';

const { describeAssets } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 5 },
});

/** Reads the ledger of every targeted partition: up to 100,000 of them. */
const { assessPartitions } = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  retry: { maximumAttempts: 5 },
});

/** A backfill's result: what was done, or with `dryRun`, what would be done. */
export async function backfill(input: unknown): Promise<BackfillSummary | BackfillPlanReport> {
  const backfillId = workflowInfo().workflowId;
  let run: BackfillRun | undefined;
  // Answer from the first moment, so a caller never sees "no such query" while the plan is made.
  setHandler(progressQuery, () => run?.progress() ?? planningProgress(backfillId));

  const request = validated(() => parseBackfillRequest(input));
  const { assets, limits } = await describeAssets();
  const ceiling = limits.maxConcurrency ?? MAX_CONCURRENCY_CEILING;
  const nowMs = Date.now();
  const targets = validated(() => {
    parseConcurrency(request.maxConcurrency, ceiling);
    return planTargets(assets, request, nowMs, limits);
  });
  let selection: SelectionAssessment | undefined;
  let durations = {};
  if (patched(SELECTION_MODES_PATCH)) ({ selection, durations } = await assessPartitions({ request: input, nowMs }));
  const linked = linkPlan(assets, selection ? selectedTargets(targets, selection) : targets, nowMs, request);
  const specs = new Map(assets.map((s) => [s.name, s]));
  if (selection && request.dryRun) return planReport(backfillId, request, specs, selection, linked, durations);
  // Runs of singleRun assets' partitions become one unit each (one child, one transaction).
  const plan = groupSingleRuns(linked, assets);

  upsertSearchAttributes([
    { key: BACKFILL_ID, value: backfillId },
    { key: ASSET, value: plan.assets.length > 0 ? plan.assets : [...targets.keys()] },
  ]);

  const canary = request.canary === undefined ? undefined : { perAsset: request.canary, approval: request.canaryApproval };
  run = new BackfillRun(backfillId, plan, specs, request.maxConcurrency, canary);
  handleSteering(run, ceiling);
  const summary = await run.execute();
  // Still after a cancellation: the summary is how the result reports what was done.
  await CancellationScope.nonCancellable(() => condition(allHandlersFinished));
  if (!selection) return summary;
  const targeted = selection.assets.reduce((n, a) => n + a.targeted, 0);
  return { ...summary, selection: { mode: selection.mode, targeted, selected: linked.partitions.length } };
}
