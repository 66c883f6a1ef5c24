/**
 * Workflow `backfill`: validates the request, plans it against the worker's
 * asset definitions, then runs it (see BackfillRun) while answering pause,
 * resume, throttle, setConcurrency (steering-handlers.ts) and progress.
 */
import {
  CancellationScope,
  allHandlersFinished,
  log,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities, PartitionAssessment } from '../activities';
import { MAX_CONCURRENCY_CEILING, parseBackfillRequest } from '../core/backfill-request';
import { parseConcurrency } from '../core/concurrency';
import { DEFAULT_CONTINUE_AS_NEW_AFTER } from '../core/plan/backfill-plan';
import { backfillSegments } from '../core/plan/backfill-segments';
import { planTargets } from '../core/plan/plan-targets';
import { groupSingleRunUnits } from '../core/plan/single-run-groups';
import type { BackfillSummary } from '../core/run/backfill-summary';
import { clippedStarts } from '../core/plan/clipped-range';
import { planReport, withClipped, type BackfillPlanReport } from '../core/plan/plan-report';
import { selectedPlan } from '../core/selection/backfill-selection';
import type { SelectionAssessment } from '../core/selection/selection-assessment';
import { progressQuery, publishSignal } from '../contract';
import { BackfillRun } from './backfill-run';
import { planningProgress } from './planning-progress';
import { CONTINUE_AS_NEW } from './run-settings';
import { carriedState, type BackfillContinuation } from './carried-state';
import { BackfillSegments } from './backfill-segments';
import { checkStartArguments } from './start-arguments';
import { ASSET, BACKFILL_ID, SCHEDULED_START_TIME } from '../contract';
import { ShadowIsolation } from './shadow-isolation';
import { handleSteering } from './steering-handlers';
import { validated } from './validated';

/** Workflows started before selection modes planned every targeted partition, without reading the ledger. */
const SELECTION_MODES_PATCH = 'selection-modes';
/** Workflows started before time segments planned every partition in their first run. */
const SEGMENTS_PATCH = 'retrofill-time-segments';

const { describeAssets } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 5 },
});

/** Reads the ledger of every targeted partition: up to 100,000 of them. */
const { assessPartitions } = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  retry: { maximumAttempts: 5 },
});

export type { BackfillContinuation };

/**
 * A backfill's result: what was done, or with `dryRun`, what would be done.
 * @param continuation passed only by the backfill itself when it continues as new (checked: see carriedState).
 * @param extra nothing: present only to refuse a caller's extra arguments by name.
 */
export async function backfill(input: unknown, continuation?: unknown, ...extra: unknown[]): Promise<BackfillSummary | BackfillPlanReport> {
  const backfillId = workflowInfo().workflowId;
  let run: BackfillRun | undefined;
  let shadow: ShadowIsolation | undefined;
  let segments: BackfillSegments | undefined;
  // Answer from the first moment, so a caller never sees "no such query" while the plan is made.
  setHandler(progressQuery, () => {
    const progress = run?.progress() ?? planningProgress(backfillId);
    if (segments) return segments.decorate(progress);
    return shadow ? shadow.decorate(progress) : progress;
  });

  // Before anything is read or written: the id the caller chose, the arguments' number and encoding, carried state.
  validated(() => checkStartArguments(backfillId, input, extra.length));
  const continued = validated(() => carriedState(continuation));
  const request = validated(() => parseBackfillRequest(input));
  if (request.isolation.kind === 'shadow') shadow = new ShadowIsolation(backfillId, request.isolation, continued?.publishRequested ?? false);
  // Set once the request is known, in the same activation: a `publish` sent earlier waits in the SDK until here.
  setHandler(publishSignal, () => (shadow ? shadow.requestPublish() : log.warn(`publish ignored: backfill ${backfillId} has no shadow`)));
  const { assets, limits } = continued ?? (await describeAssets());
  const ceiling = limits.maxConcurrency ?? MAX_CONCURRENCY_CEILING;
  // A schedule's run reads the partitions complete at its nominal time, however late it started.
  const nowMs = continued?.nowMs ?? workflowInfo().typedSearchAttributes.get(SCHEDULED_START_TIME)?.getTime() ?? Date.now();
  const maxConcurrency = validated(() => parseConcurrency(request.maxConcurrency, ceiling));
  segments = validated(() => {
    if (continued) return continued.segments && new BackfillSegments(continued.segments);
    const windows = patched(SEGMENTS_PATCH) ? backfillSegments(assets, request, nowMs, limits) : undefined;
    return windows && BackfillSegments.first(windows);
  });
  const segment = segments?.segment();
  const targets = validated(() => planTargets(assets, request, nowMs, limits, segment));
  // A continued run carries its selection, unless it starts the next segment.
  const fresh = !continued || segments?.starts === true;
  let selection: SelectionAssessment | undefined = fresh ? undefined : continued?.selection;
  let durations: PartitionAssessment['durations'] = {};
  let capacity: number | undefined;
  if (fresh && patched(SELECTION_MODES_PATCH)) ({ selection, durations, capacity } = await assessPartitions({ parsed: request, nowMs, ...(segment && { segment }) }));
  const linked = validated(() => selectedPlan(assets, targets, selection, nowMs, request));
  const specs = new Map(assets.map((s) => [s.name, s]));
  if (selection && request.dryRun) return planReport(backfillId, request, specs, selection, linked, durations, capacity);
  // Runs of singleRun assets' partitions become one unit each (one child, one transaction).
  const plan = groupSingleRunUnits(linked, assets);

  upsertSearchAttributes([
    { key: BACKFILL_ID, value: backfillId },
    { key: ASSET, value: plan.assets.length > 0 ? plan.assets : [...targets.keys()] },
  ]);

  if (shadow && !continued) await shadow.prepare(plan.assets);
  // A canary tries the first segment only: the later ones run what it approved.
  const canary = (segments?.index ?? 0) === 0 ? request.canary : undefined;
  run = new BackfillRun(backfillId, plan, specs, {
    maxConcurrency,
    ...(canary && { canary }),
    continueAfterEvents: limits.continueAsNewAfterEvents ?? DEFAULT_CONTINUE_AS_NEW_AFTER,
    ...(continued && { carried: segments?.starts ? segments.carryIntoSegment(continued.run) : continued.run }),
    ...(shadow && { isolation: 'shadow' as const }),
    partitionCosts: durations,
    ...(capacity !== undefined && { capacity }),
    priority: request.priority,
  });
  handleSteering(run, ceiling);
  let outcome = await run.execute();
  // Still after a cancellation: the summary is how the result reports what was done.
  await CancellationScope.nonCancellable(() => condition(allHandlersFinished));
  if (outcome === CONTINUE_AS_NEW) {
    const carried = selection && { ...selection, assets: selection.assets.map((a) => ({ ...a, reasons: [], unlisted: 0 })) };
    const next: BackfillContinuation = {
      assets,
      limits,
      nowMs,
      ...(carried && { selection: carried }),
      run: run.carry(),
      ...(shadow?.publishWasRequested && { publishRequested: true }),
      ...(segments && { segments: segments.carry() }),
      // Binds the state to this run: only the run continued from it accepts it (carriedState).
      fromRunId: workflowInfo().runId,
    };
    return continueAsNew<typeof backfill>(input, next);
  }
  if (shadow) outcome = await shadow.finish(outcome, plan.assets);
  if (selection) {
    const targeted = selection.assets.reduce((n, a) => n + a.targeted, 0);
    outcome = { ...outcome, selection: { mode: selection.mode, targeted, selected: linked.partitions.length } };
  }
  outcome = { ...outcome, ...withClipped(clippedStarts(specs, targets.keys(), request), request.from) };
  if (!segments) return outcome;
  const next = segments.next(outcome, targets, specs, request.assets);
  if (!next) return segments.summary(outcome);
  const carry: BackfillContinuation = { assets, limits, nowMs, run: next.run(run.carry()), segments: next.carry(), fromRunId: workflowInfo().runId };
  return continueAsNew<typeof backfill>(input, carry);
}
