/**
 * Workflow `backfill`: validates the request, plans it against the worker's
 * asset definitions, then walks the plan, starting one child per partition
 * once the partitions it reads have succeeded, at most `maxConcurrency` at once.
 */
import { ApplicationFailure, condition, proxyActivities, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { parseBackfillRequest, type BackfillRequest } from '../core/backfill-request';
import { RetrofillError } from '../core/errors';
import { buildPlan, type BackfillPlan } from '../core/plan/backfill-plan';
import { BackfillScheduler } from '../core/plan/backfill-scheduler';
import type { BackfillSummary } from '../core/plan/backfill-summary';
import { failureMessage } from './failure-message';
import { runPartitionChild } from './run-partition-child';
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
  let request: BackfillRequest;
  try {
    request = parseBackfillRequest(input);
  } catch (error) {
    invalid(error);
  }
  const { assets, limits } = await describeAssets();
  let plan: BackfillPlan;
  try {
    plan = buildPlan(assets, request, Date.now(), limits);
  } catch (error) {
    invalid(error);
  }
  upsertSearchAttributes([
    { key: BACKFILL_ID, value: backfillId },
    { key: ASSET, value: plan.assets },
  ]);

  const specs = new Map(assets.map((s) => [s.name, s]));
  const scheduler = new BackfillScheduler(plan);
  let inFlight = 0;
  const runOne = async (i: number): Promise<void> => {
    const { asset, key } = plan.partitions[i]!;
    try {
      const result = await runPartitionChild(specs.get(asset)!, key, backfillId);
      scheduler.succeed(i, result.rows);
    } catch (error) {
      scheduler.fail(i, failureMessage(error));
    } finally {
      inFlight--;
    }
  };
  const canStart = (): boolean => scheduler.hasReady() && inFlight < request.maxConcurrency;
  while (!scheduler.isFinished()) {
    await condition(() => scheduler.isFinished() || canStart());
    while (canStart()) {
      inFlight++;
      void runOne(scheduler.start());
    }
  }
  return scheduler.summary(backfillId);
}
