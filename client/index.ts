/**
 * Typed client for other services: start backfills and wait for their summary.
 * Connection options come from arguments or `TEMPORAL_ADDRESS`,
 * `TEMPORAL_NAMESPACE`, `TEMPORAL_API_KEY`, `TEMPORAL_TLS_CERT`/`TEMPORAL_TLS_KEY`.
 */
export { RetrofillClient, type BackfillHandle } from './retrofill-client';
export { BackfillFailedError } from './errors';
export { temporalOptionsFromEnv, DEFAULT_TASK_QUEUE, type TemporalConnectionOptions } from './connection-options';
export type { BackfillRequestInput } from '../core/backfill-request';
export type { AssetSummary, BackfillSummary, PartitionNote } from '../core/plan/backfill-summary';
