/**
 * Activities: the only code that does I/O. Built from their dependencies by
 * `createActivities`, which the worker registers.
 */
import type { Knex } from 'knex';
import { NO_METRICS, type RetrofillMetrics } from '../observability/retrofill-metrics';
import type { AssetCatalog } from '../assets/asset-catalog';
import { DEFAULT_PLAN_LIMITS, type PlanLimits } from '../core/plan/backfill-plan';
import type { CheckSandboxOptions } from '../db/checks/sandbox/check-sandbox-options';
import { assessPartitionsActivity } from './assess-partitions';
import { describeAssetsActivity } from './describe-assets';
import { diffShadowActivity } from './diff-shadow';
import { heartbeating } from './heartbeating';
import { materializeBatchThroughOutages, materializeThroughOutages } from './materialize-through-outages';
import { readAssetOverviewActivity, readAssetStatusActivity, readPartitionDetailActivity } from './read-asset-status';
import { recordPauseActivity } from './record-pause';
import { settleBatchActivity } from './settle-batch';
import { settlePartitionRunActivity } from './settle-partition-run';
import { runChecksActivity } from './run-checks';
import { shadowActivities } from './shadow-activities';
import { throughDatabaseOutages, type OutageOptions } from './through-database-outages';
import { DEFAULT_DATABASE_WAIT_MS } from './wait-for-database';

export { type AssessPartitionsInput, type PartitionAssessment } from './assess-partitions';
export { type AssetsDescription } from './describe-assets';
export { type MaterializePartitionInput, type MaterializePartitionResult } from './materialize-partition';
export { type SettlePartitionRunInput } from './settle-partition-run';
export { type BatchMemberFailure, type MaterializeBatchInput, type MaterializeBatchResult } from './materialize-batch';
export { type SettleBatchInput } from './settle-batch';
export { type RecordPauseInput } from './record-pause';
export { type PrepareShadowInput } from './shadow-activities';
export { type RunChecksInput } from './run-checks';
export { type DiffShadowInput } from './diff-shadow';

/** Dependencies of the activities. */
export interface ActivityDeps {
  db: Knex;
  catalog: AssetCatalog;
  /** @default DEFAULT_PLAN_LIMITS */
  limits?: PlanLimits;
  /** How custom SQL checks run: their role and timeout. @default the provisioned role, 60 s */
  checks?: CheckSandboxOptions;
  /**
   * How long an activity that lost its database connection waits for the
   * database to answer again before its attempt fails (milliseconds).
   * @default DEFAULT_DATABASE_WAIT_MS (10 minutes)
   */
  databaseWaitMs?: number;
  /** Where the activities record Retrofill's metrics. @default NO_METRICS */
  metrics?: RetrofillMetrics;
}

/** Every activity that uses the database waits out its outages (./through-database-outages.ts). */
export function createActivities({ db, catalog, limits = DEFAULT_PLAN_LIMITS, checks, databaseWaitMs = DEFAULT_DATABASE_WAIT_MS, metrics = NO_METRICS }: ActivityDeps) {
  const outage: OutageOptions = { db, limitMs: databaseWaitMs };
  return {
    describeAssets: describeAssetsActivity({ catalog, limits }),
    assessPartitions: throughDatabaseOutages(outage, assessPartitionsActivity({ db, catalog, limits, metrics })),
    materializePartition: materializeThroughOutages({ db, catalog, databaseWaitMs, metrics }),
    // Short and retried by Temporal for up to 10 minutes: a database outage only delays it.
    settlePartitionRun: settlePartitionRunActivity({ db, catalog, metrics }),
    materializeBatch: materializeBatchThroughOutages({ db, catalog, databaseWaitMs, metrics }),
    settleBatch: settleBatchActivity({ db, catalog, metrics }),
    recordBackfillPause: throughDatabaseOutages(outage, recordPauseActivity({ db })),
    readAssetStatus: throughDatabaseOutages(outage, readAssetStatusActivity({ db, catalog })),
    readAssetOverview: throughDatabaseOutages(outage, readAssetOverviewActivity({ db, catalog })),
    readPartitionDetail: throughDatabaseOutages(outage, readPartitionDetailActivity({ db, catalog })),
    ...shadowPhaseActivities({ db, catalog, checks, metrics }, outage),
  };
}

/** The shadow's activities, each one long statement or transaction: they heartbeat while they run. */
function shadowPhaseActivities(deps: { db: Knex; catalog: AssetCatalog; checks?: CheckSandboxOptions; metrics: RetrofillMetrics }, outage: OutageOptions) {
  const shadow = shadowActivities(deps);
  return {
    prepareShadow: throughDatabaseOutages(outage, heartbeating(shadow.prepareShadow)),
    publishShadow: throughDatabaseOutages(outage, heartbeating(shadow.publishShadow)),
    rollbackShadow: throughDatabaseOutages(outage, heartbeating(shadow.rollbackShadow)),
    discardShadow: throughDatabaseOutages(outage, heartbeating(shadow.discardShadow)),
    diffShadow: throughDatabaseOutages(outage, heartbeating(diffShadowActivity(deps))),
    runChecks: throughDatabaseOutages(outage, heartbeating(runChecksActivity(deps))),
  };
}

export type Activities = ReturnType<typeof createActivities>;
