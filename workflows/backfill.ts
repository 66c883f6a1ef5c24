/**
 * Workflow `backfill`: validates the request, plans it against the worker's
 * asset definitions, then runs it (see BackfillRun) while answering pause,
 * resume, throttle, setConcurrency (steering-handlers.ts) and progress.
 */
import {
  ApplicationFailure,
  CancellationScope,
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { MAX_CONCURRENCY_CEILING, parseBackfillRequest } from '../core/backfill-request';
import { parseConcurrency } from '../core/concurrency';
import { RetrofillError } from '../core/errors';
import { buildPlan } from '../core/plan/backfill-plan';
import { groupSingleRuns } from '../core/plan/single-run-groups';
import type { BackfillSummary } from '../core/plan/backfill-summary';
import { progressQuery } from './backfill-messages';
import { BackfillRun, planningProgress } from './backfill-run';
import { ASSET, BACKFILL_ID } from './search-attributes';
import { handleSteering } from './steering-handlers';

const { describeAssets } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 5 },
});

/** Runs a validation step; bad input fails at once: a non-retryable failure whose message names the problem. */
function validated<T>(step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof RetrofillError) {
      throw ApplicationFailure.create({ message: error.message, type: error.type, nonRetryable: true });
    }
    throw error;
  }
}

export async function backfill(input: unknown): Promise<BackfillSummary> {
  const backfillId = workflowInfo().workflowId;
  let run: BackfillRun | undefined;
  // Answer from the first moment, so a caller never sees "no such query" while the plan is made.
  setHandler(progressQuery, () => run?.progress() ?? planningProgress(backfillId));

  const request = validated(() => parseBackfillRequest(input));
  const { assets, limits } = await describeAssets();
  const ceiling = limits.maxConcurrency ?? MAX_CONCURRENCY_CEILING;
  const plan = validated(() => {
    parseConcurrency(request.maxConcurrency, ceiling);
    return groupSingleRuns(buildPlan(assets, request, Date.now(), limits), assets);
  });
  upsertSearchAttributes([
    { key: BACKFILL_ID, value: backfillId },
    { key: ASSET, value: plan.assets },
  ]);

  run = new BackfillRun(backfillId, plan, new Map(assets.map((s) => [s.name, s])), request.maxConcurrency);
  handleSteering(run, ceiling);
  const summary = await run.execute();
  // Still after a cancellation: the summary is how the result reports what was done.
  await CancellationScope.nonCancellable(() => condition(allHandlersFinished));
  return summary;
}
