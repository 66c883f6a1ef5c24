/**
 * Retrofill's workflows as a caller sees them: each type's name and the
 * signature of its function, so a client starts it by type (typed argument
 * and result) without importing workflow code. The workflows themselves take
 * `unknown` and parse it (their argument is untrusted); workflows/index.ts
 * checks at compile time that each one fits its signature here.
 */
import type { BackfillRequestInput } from '../core/backfill-request';
import type { BackfillPlanReport } from '../core/plan/plan-report';
import type { BackfillSummary } from '../core/run/backfill-summary';
import type { Rollback } from '../core/shadow/publication';
import type { ShadowDiff } from '../core/shadow/shadow-diff';
import type { AssetOverview } from '../core/status/asset-overview';
import type { PackedAssetStatus } from '../core/status/asset-status';
import type { PartitionDetail } from '../core/status/partition-detail';

/** Workflow type names, as the `temporal` CLI and the Web UI show them. */
export const WorkflowType = {
  backfill: 'backfill',
  checkBackfill: 'checkBackfill',
  assetStatus: 'assetStatus',
  assetOverview: 'assetOverview',
  partitionDetail: 'partitionDetail',
  diffBackfill: 'diffBackfill',
  rollbackBackfill: 'rollbackBackfill',
  discardBackfill: 'discardBackfill',
  materializePartition: 'materializePartition',
  materializeBatch: 'materializeBatch',
} as const;
export type WorkflowType = (typeof WorkflowType)[keyof typeof WorkflowType];

/** `backfill`: runs the request and returns its summary. */
export type BackfillWorkflow = (request: BackfillRequestInput) => Promise<BackfillSummary>;
/** `backfill` with `dryRun: true`: returns the plan, runs and writes nothing. */
export type DryRunWorkflow = (request: BackfillRequestInput & { dryRun: true }) => Promise<BackfillPlanReport>;
/** `checkBackfill`: returns once the workers accept the request, fails naming the problem otherwise. */
export type CheckBackfillWorkflow = (request: BackfillRequestInput) => Promise<void>;
/** `assetStatus`: every partition of one asset, as the ledger tells it. */
export type AssetStatusWorkflow = (input: { asset: string }) => Promise<PackedAssetStatus>;
/** `assetOverview`: every asset with its counts by status. */
export type AssetOverviewWorkflow = (input?: Record<string, never>) => Promise<AssetOverview>;
/** `partitionDetail`: one partition's status and newest attempts. */
export type PartitionDetailWorkflow = (input: { asset: string; key: string }) => Promise<PartitionDetail>;
/** `diffBackfill`: production against a backfill's shadow. */
export type DiffBackfillWorkflow = (input: { backfillId: string }) => Promise<ShadowDiff>;
/** `rollbackBackfill`: restores what a published shadow replaced. */
export type RollbackBackfillWorkflow = (input: { backfillId: string }) => Promise<Rollback>;
/** `discardBackfill`: drops the shadow of a backfill that ended unpublished. */
export type DiscardBackfillWorkflow = (input: { backfillId: string }) => Promise<void>;
