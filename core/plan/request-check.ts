/**
 * A backfill request judged against the workers' assets and limits, as the
 * `backfill` workflow judges it before planning, without reading the ledger:
 * what `RetrofillClient.start` and a schedule's creation ask before anything
 * starts, so a typo never starts a backfill.
 */
import type { AssetSpec } from '../asset-spec';
import { MAX_CONCURRENCY_CEILING, type BackfillRequest } from '../backfill-request';
import { parseConcurrency } from '../concurrency';
import type { PlanLimits } from './backfill-plan';
import { backfillSegments } from './backfill-segments';
import { planTargets } from './plan-targets';

/**
 * Refuses what the backfill would refuse at its start: an unknown asset or
 * partition, a range with no complete partition, too many partitions, a
 * concurrency over the workers' ceiling, a request time segments cannot split.
 * Only the first time segment's targets are computed: each later one is a
 * window of the same range, judged by the same rules.
 * @throws InvalidBackfillRequestError or InvalidConcurrencyError naming the problem.
 */
export function checkBackfillRequest(catalog: readonly AssetSpec[], request: BackfillRequest, nowMs: number, limits: PlanLimits): void {
  parseConcurrency(request.maxConcurrency, limits.maxConcurrency ?? MAX_CONCURRENCY_CEILING);
  const windows = backfillSegments(catalog, request, nowMs, limits);
  planTargets(catalog, request, nowMs, limits, windows && { range: windows[0]!, continuingChains: [] });
}
