/** The ledger's view of every partition of one asset, for `status --asset`. */
import { ApplicationFailure } from '@temporalio/activity';
import type { Knex } from 'knex';
import { unknownAssetMessage } from '../core/asset-spec';
import type { AssetCatalog } from '../assets/asset-catalog';
import { partitionKeys } from '../core/partitions/partitions-def';
import { selectPartitions } from '../core/plan/partition-selection';
import { packAssetStatus, type AssetStatusReport } from '../core/status/asset-status';
import { readLedger } from './assess-partitions';

export interface ReadAssetStatusInput {
  asset: string;
  nowMs: number;
}

export function readAssetStatusActivity(deps: { db: Knex; catalog: AssetCatalog }) {
  return async function readAssetStatus({ asset, nowMs }: ReadAssetStatusInput): Promise<AssetStatusReport> {
    const { db, catalog } = deps;
    const spec = catalog.specs().find((s) => s.name === asset);
    if (!spec) throw ApplicationFailure.nonRetryable(unknownAssetMessage(asset, catalog.specs()), 'InvalidStatusRequest');
    const ledger = await readLedger(db, [asset, ...spec.deps]);
    // Mode `missing` judges each partition on its own: no propagation.
    const judged = selectPartitions(catalog.specs(), new Map([[asset, partitionKeys(spec.partitions, nowMs)]]), 'missing', ledger, nowMs);
    return packAssetStatus(spec, judged.get(asset)!);
  };
}
