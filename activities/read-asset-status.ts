/** The ledger's view of one asset's partitions (`status --asset`), of every asset (the console), or of one partition. */
import { ApplicationFailure } from '@temporalio/activity';
import type { Knex } from 'knex';
import { unknownAssetMessage, type AssetSpec } from '../core/asset-spec';
import type { AssetCatalog } from '../assets/asset-catalog';
import { partitionKeyProblem, partitionKeys } from '../core/partitions/partitions-def';
import { selectPartitions } from '../core/selection/partition-selection';
import { countStatuses, type AssetOverview } from '../core/status/asset-overview';
import { packAssetStatus, packedForTemporal, type PackedAssetStatus } from '../core/status/asset-status';
import { PARTITION_ATTEMPTS, type PartitionDetail } from '../core/status/partition-detail';
import { partitionAttempts } from '../db/ledger/partition-attempts';
import { runningPartitions } from '../db/ledger/running-partitions';
import { readLedger } from './assess-partitions';

export interface ReadAssetStatusInput {
  asset: string;
  nowMs: number;
}

export interface ReadPartitionDetailInput {
  asset: string;
  key: string;
  nowMs: number;
}

type Deps = { db: Knex; catalog: AssetCatalog };

function specOf(catalog: AssetCatalog, asset: string): AssetSpec {
  const spec = catalog.specs().find((s) => s.name === asset);
  if (!spec) throw ApplicationFailure.nonRetryable(unknownAssetMessage(asset, catalog.specs()), 'InvalidStatusRequest');
  return spec;
}

/** Every partition of `specs` judged on its own (mode `missing`: no propagation), from one read of the ledger. */
async function judgeAll({ db, catalog }: Deps, specs: AssetSpec[], nowMs: number, keysOf = (s: AssetSpec) => partitionKeys(s.partitions, nowMs)) {
  const ledger = await readLedger(db, specs.flatMap((s) => [s.name, ...s.deps]));
  return selectPartitions(catalog.specs(), new Map(specs.map((s) => [s.name, keysOf(s)])), 'missing', ledger, nowMs);
}

export function readAssetStatusActivity(deps: Deps) {
  return async function readAssetStatus({ asset, nowMs }: ReadAssetStatusInput): Promise<PackedAssetStatus> {
    const spec = specOf(deps.catalog, asset);
    const judged = await judgeAll(deps, [spec], nowMs);
    return packedForTemporal(packAssetStatus(spec, judged.get(asset)!, await runningPartitions({ knex: deps.db }, asset)));
  };
}

export function readAssetOverviewActivity(deps: Deps) {
  return async function readAssetOverview({ nowMs }: { nowMs: number }): Promise<AssetOverview> {
    const specs = deps.catalog.specs();
    const judged = await judgeAll(deps, specs, nowMs);
    const assets = [];
    for (const spec of specs) {
      const report = packAssetStatus(spec, judged.get(spec.name)!, await runningPartitions({ knex: deps.db }, spec.name));
      const { name, deps: upstream, partitions, codeVersion, dependsOnPast } = spec;
      assets.push({ name, deps: upstream, partitions, codeVersion, dependsOnPast, counts: countStatuses(report) });
    }
    return { assets, readAt: new Date(nowMs).toISOString() };
  };
}

export function readPartitionDetailActivity(deps: Deps) {
  return async function readPartitionDetail({ asset, key, nowMs }: ReadPartitionDetailInput): Promise<PartitionDetail> {
    const spec = specOf(deps.catalog, asset);
    const problem = partitionKeyProblem(spec.partitions, key, nowMs);
    if (problem) throw ApplicationFailure.nonRetryable(`asset ${asset} has no partition ${key}: ${problem}`, 'InvalidStatusRequest');
    const judged = (await judgeAll(deps, [spec], nowMs, () => [key])).get(asset)![0]!;
    const attempts = await partitionAttempts({ knex: deps.db }, asset, key, PARTITION_ATTEMPTS);
    return { asset, key, status: judged.status, reason: judged.reason, codeVersion: spec.codeVersion, attempts };
  };
}
