/**
 * Workflow `checkBackfill`: judges a backfill request against the worker's
 * assets and limits (core/plan/request-check.ts) and returns, or fails at once
 * naming the problem. It reads no ledger and writes nothing.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { parseBackfillRequest } from '../core/backfill-request';
import { checkBackfillRequest } from '../core/plan/request-check';
import { validated } from './validated';

const { describeAssets } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 5 },
});

export async function checkBackfill(input: unknown): Promise<void> {
  const request = validated(() => parseBackfillRequest(input));
  const { assets, limits } = await describeAssets();
  validated(() => checkBackfillRequest(assets, request, Date.now(), limits));
}
