/**
 * Retrofill: durable backfills of partitioned data assets on Temporal.
 * Declare assets with `defineAsset` in a module of your own; `retrofill worker
 * --assets ./assets.ts` runs them, and `retrofill backfill` or
 * `RetrofillClient` starts backfills.
 */
export {
  defineAsset,
  type Asset,
  type AssetDefinition,
  type AssetDependency,
  type MaterializeContext,
  type RateLimit,
} from './assets/define-asset';
export {
  dailyPartitions,
  hourlyPartitions,
  minutePartitions,
  monthlyPartitions,
  staticPartitions,
  unpartitioned,
  type MinuteBounds,
  type TimeBounds,
} from './assets/partitions';
export { AssetCatalog } from './assets/asset-catalog';
export { NonRetryableError, TransientError, httpError, parseRetryAfter } from './assets/materialize-errors';
export { loadAssetsModule } from './assets/load-assets-module';
export { AssetDefinitionError, InvalidBackfillRequestError, RetrofillError } from './core/errors';
export type { BackfillRequestInput } from './core/backfill-request';
export type { AssetSummary, BackfillSummary, PartitionNote } from './core/run/backfill-summary';
export type { PartitionsDef } from './core/partitions/partitions-def';
export type {
  AllMappingSpec,
  IdentityMappingSpec,
  PartitionMappingSpec,
  TimeWindowMappingSpec,
} from './core/mappings/mapping-spec';
export type { RetryPolicySpec } from './core/retry-policy';
export type { DurationSpec } from './core/duration';
export type { AdaptivePolicy, BackfillPolicy, PerPartitionPolicy, SingleRunPolicy } from './core/backfill-policy';
export type {
  CheckSeverity,
  CheckSpec,
  CoverageCheck,
  NotNullCheck,
  RowCountCheck,
  SqlCheck,
  UniqueCheck,
} from './core/checks/check-spec';
export type { CheckOutcome } from './core/checks/check-outcome';
