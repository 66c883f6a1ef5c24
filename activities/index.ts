/**
 * Activities: the only code that does I/O. Built from their dependencies by
 * `createActivities`, which the worker registers.
 */
import type { Knex } from 'knex';
import type { AssetCatalog } from '../assets/asset-catalog';
import { DEFAULT_PLAN_LIMITS, type PlanLimits } from '../core/plan/backfill-plan';
import type { CheckSandboxOptions } from '../db/checks/sandbox/check-sandbox-options';
import { assessPartitionsActivity } from './assess-partitions';
import { describeAssetsActivity } from './describe-assets';
import { diffShadowActivity } from './diff-shadow';
import { heartbeating } from './heartbeating';
import { materializePartitionActivity } from './materialize-partition';
import { readAssetStatusActivity } from './read-asset-status';
import { settlePartitionRunActivity } from './settle-partition-run';
import { runChecksActivity } from './run-checks';
import { shadowActivities } from './shadow-activities';

export { type AssessPartitionsInput, type PartitionAssessment } from './assess-partitions';
export { type AssetsDescription } from './describe-assets';
export { type MaterializePartitionInput, type MaterializePartitionResult } from './materialize-partition';
export { type SettlePartitionRunInput } from './settle-partition-run';
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
}

export function createActivities({ db, catalog, limits = DEFAULT_PLAN_LIMITS, checks }: ActivityDeps) {
  return {
    describeAssets: describeAssetsActivity({ catalog, limits }),
    assessPartitions: assessPartitionsActivity({ db, catalog, limits }),
    materializePartition: materializePartitionActivity({ db, catalog }),
    settlePartitionRun: settlePartitionRunActivity({ db, catalog }),
    readAssetStatus: readAssetStatusActivity({ db, catalog }),
    ...shadowPhaseActivities({ db, catalog, checks }),
  };
}

/** The shadow's activities, each one long statement or transaction: they heartbeat while they run. */
function shadowPhaseActivities(deps: { db: Knex; catalog: AssetCatalog; checks?: CheckSandboxOptions }) {
  const shadow = shadowActivities(deps);
  return {
    prepareShadow: heartbeating(shadow.prepareShadow),
    publishShadow: heartbeating(shadow.publishShadow),
    rollbackShadow: heartbeating(shadow.rollbackShadow),
    discardShadow: heartbeating(shadow.discardShadow),
    diffShadow: heartbeating(diffShadowActivity(deps)),
    runChecks: heartbeating(runChecksActivity(deps)),
  };
}

export type Activities = ReturnType<typeof createActivities>;
