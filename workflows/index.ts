/** Workflow entry point bundled by the worker: only deterministic code is reachable from here. */
export { backfill } from './backfill';
export { materializePartition } from './materialize-partition';
export { materializeBatch } from './materialize-batch';
export { assetStatus } from './asset-status';
export { assetOverview, partitionDetail } from './asset-overview';
export { rollbackBackfill, diffBackfill, discardBackfill } from './shadow-operations';
export { checkBackfill } from './check-backfill';
