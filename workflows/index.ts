/** Workflow entry point bundled by the worker: only deterministic code is reachable from here. */
import type * as contract from '../contract';
import type { BackfillPlanReport } from '../core/plan/plan-report';
import { assetOverview, partitionDetail } from './asset-overview';
import { assetStatus } from './asset-status';
import { backfill } from './backfill';
import { checkBackfill } from './check-backfill';
import { diffBackfill, discardBackfill, rollbackBackfill } from './shadow-operations';

export { backfill, checkBackfill, assetStatus, assetOverview, partitionDetail, rollbackBackfill, diffBackfill, discardBackfill };
export { materializePartition } from './materialize-partition';
export { materializeBatch } from './materialize-batch';

/** Compiles only when `W` can be called as the contract's `C` says (its argument and result). */
type Fits<W extends C, C> = W;
/** `backfill` returns the summary, or with `dryRun` the plan: the two signatures of the contract as one. */
type BackfillOrDryRun = (request: Parameters<contract.BackfillWorkflow>[0]) => Promise<Awaited<ReturnType<contract.BackfillWorkflow>> | BackfillPlanReport>;

/** Each workflow the client starts by type fits its signature in contract/workflow-types.ts. */
export type ContractFits = [
  Fits<typeof backfill, BackfillOrDryRun>,
  Fits<typeof checkBackfill, contract.CheckBackfillWorkflow>,
  Fits<typeof assetStatus, contract.AssetStatusWorkflow>,
  Fits<typeof assetOverview, contract.AssetOverviewWorkflow>,
  Fits<typeof partitionDetail, contract.PartitionDetailWorkflow>,
  Fits<typeof diffBackfill, contract.DiffBackfillWorkflow>,
  Fits<typeof rollbackBackfill, contract.RollbackBackfillWorkflow>,
  Fits<typeof discardBackfill, contract.DiscardBackfillWorkflow>,
];
