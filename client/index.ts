/**
 * Typed client for other services: start, steer (pause, resume, throttle,
 * cancel, publish), watch (progress, result), list backfills, and diff or
 * roll back shadow backfills. Connection options
 * come from arguments or `TEMPORAL_ADDRESS`, `TEMPORAL_NAMESPACE`,
 * `RETROFILL_TASK_QUEUE`, `TEMPORAL_API_KEY`, `TEMPORAL_TLS_CERT`/`TEMPORAL_TLS_KEY`.
 */
export { RetrofillClient } from './retrofill-client';
export { CheckedRequest } from '../core/checked-request';
export type { AssetStatus, ListOptions, StartOptions } from './client-options';
export { type BackfillListing } from './backfill-listings';
export { BackfillHandle } from './backfill-handle';
export {
  BackfillAlreadyExistsError,
  BackfillFailedError,
  BackfillNotFoundError,
  BackfillNotRunningError,
  BackfillStillRunningError,
  ChecksFailedError,
  InvalidBackfillRequestError,
  InvalidConcurrencyError,
  InvalidOptionsError,
  InvalidScheduleError,
  InvalidStatusRequestError,
  ScheduleAlreadyExistsError,
  ScheduleNotFoundError,
  TemporalConnectionError,
} from './errors';
export { BackfillSchedules, type BackfillScheduleInfo } from './backfill-schedules';
export type { BackfillScheduleInput } from '../core/schedule-spec';
export { temporalOptionsFromEnv, type TemporalConnectionOptions } from './connection-options';
export { DEFAULT_TASK_QUEUE } from '../contract';
export type { BackfillRequestInput } from '../core/backfill-request';
export type { BackfillProgress, BackfillState, RecentFailure, RunningPartition } from '../core/run/backfill-progress';
export type { AssetCounts, AssetSummary, BackfillOutcome, BackfillSummary, PartitionNote } from '../core/run/backfill-summary';
export type { AssetPlan, BackfillPlanReport } from '../core/plan/plan-report';
export type { ReasonRange } from '../core/selection/selection-assessment';
export type { DurationEstimate } from '../core/plan/estimate-duration';
export type { AssetStatusReport, PartitionStatusEntry, StatusRange } from '../core/status/asset-status';
export type { PartitionStatus } from '../core/status/partition-status';
export type { AssetOverview, AssetOverviewEntry, StatusCounts } from '../core/status/asset-overview';
export type { PartitionAttempt, PartitionDetail } from '../core/status/partition-detail';
export type { SelectionMode } from '../core/selection/selection-mode';
export type { Isolation } from '../core/backfill-request';
export type { ShadowPhase, ShadowReport } from '../core/shadow/shadow-report';
export type { AssetPublication, Publication, Rollback } from '../core/shadow/publication';
export type { AssetDiff, PartitionDiff, ShadowDiff } from '../core/shadow/shadow-diff';
export type { CheckOutcome } from '../core/checks/check-outcome';
