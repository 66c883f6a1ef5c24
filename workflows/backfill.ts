/**
 * Workflow `backfill`: validates the request, plans it against the worker's
 * asset definitions, then runs it (see BackfillRun) while answering pause,
 * resume, throttle, setConcurrency and progress.
 */
import {
  ApplicationFailure,
  CancellationScope,
  allHandlersFinished,
  condition,
  log,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { MAX_CONCURRENCY_CEILING, parseBackfillRequest, type BackfillRequest } from '../core/backfill-request';
import { parseConcurrency } from '../core/concurrency';
import { RetrofillError } from '../core/errors';
import { buildPlan, type BackfillPlan } from '../core/plan/backfill-plan';
import type { BackfillSummary } from '../core/plan/backfill-summary';
import { pauseSignal, progressQuery, resumeSignal, setConcurrencyUpdate, throttleSignal } from './backfill-messages';
import { BackfillRun, planningProgress } from './backfill-run';
import { ASSET, BACKFILL_ID } from './search-attributes';

const { describeAssets } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 5 },
});

/** Rejects bad input at once: a non-retryable failure whose message names the problem. */
function invalid(error: unknown): never {
  if (error instanceof RetrofillError) {
    throw ApplicationFailure.create({ message: error.message, type: error.type, nonRetryable: true });
  }
  throw error;
}

export async function backfill(input: unknown): Promise<BackfillSummary> {
  const backfillId = workflowInfo().workflowId;
  let run: BackfillRun | undefined;
  // Answer from the first moment, so a caller never sees "no such query" while the plan is made.
  setHandler(progressQuery, () => run?.progress() ?? planningProgress(backfillId));
  let request: BackfillRequest;
  try {
    request = parseBackfillRequest(input);
  } catch (error) {
    invalid(error);
  }
  const { assets, limits } = await describeAssets();
  const ceiling = limits.maxConcurrency ?? MAX_CONCURRENCY_CEILING;
  let plan: BackfillPlan;
  try {
    parseConcurrency(request.maxConcurrency, ceiling);
    plan = buildPlan(assets, request, Date.now(), limits);
  } catch (error) {
    invalid(error);
  }
  upsertSearchAttributes([
    { key: BACKFILL_ID, value: backfillId },
    { key: ASSET, value: plan.assets },
  ]);

  const active = new BackfillRun(backfillId, plan, new Map(assets.map((s) => [s.name, s])), request.maxConcurrency);
  run = active;
  setHandler(pauseSignal, () => void (active.paused = true));
  setHandler(resumeSignal, () => void (active.paused = false));
  setHandler(throttleSignal, (value) => {
    try {
      active.maxConcurrency = parseConcurrency(value, ceiling);
    } catch (error) {
      log.warn(`throttle ignored: ${(error as Error).message}`);
    }
  });
  setHandler(
    setConcurrencyUpdate,
    (value) => (active.maxConcurrency = parseConcurrency(value, ceiling)),
    { validator: (value) => void parseConcurrency(value, ceiling) },
  );

  const summary = await active.execute();
  // Still after a cancellation: the summary is how the result reports what was done.
  await CancellationScope.nonCancellable(() => condition(allHandlersFinished));
  return summary;
}
