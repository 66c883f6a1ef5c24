/**
 * Workflows `assetOverview` and `partitionDetail`: every asset's counts by
 * status, and one partition with its newest attempts, read from the ledger by
 * a worker (which knows the assets) for clients that only reach Temporal,
 * such as the console. They write nothing.
 */
import { proxyActivities } from '@temporalio/workflow';
import { z } from 'zod';
import type { Activities } from '../activities';
import { ASSET_NAME, unknownAssetMessage } from '../core/asset-spec';
import { InvalidStatusRequestError } from '../core/errors';
import { PARTITION_KEY } from '../core/partitions/partition-key-shape';
import { partitionKeyProblem } from '../core/partitions/partitions-def';
import { shownValue } from '../core/shown-value';
import type { AssetOverview } from '../core/status/asset-overview';
import type { PartitionDetail } from '../core/status/partition-detail';
import { validated } from './validated';

const { describeAssets, readAssetOverview, readPartitionDetail } = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  retry: { maximumAttempts: 5 },
});

/** @param input nothing, or `{}` */
export async function assetOverview(input?: unknown): Promise<AssetOverview> {
  validated(() => {
    if (input !== undefined && !z.strictObject({}).safeParse(input).success) throw new InvalidStatusRequestError(`expected {} or nothing, got ${shownValue(input)}`);
  });
  return readAssetOverview({ nowMs: Date.now() });
}

export async function partitionDetail(input: unknown): Promise<PartitionDetail> {
  const { asset, key } = validated(() => {
    const parsed = z
      .strictObject({ asset: z.string().regex(ASSET_NAME), key: z.string().regex(PARTITION_KEY) })
      .safeParse(input);
    if (!parsed.success) throw new InvalidStatusRequestError(`expected {"asset": "<asset name>", "key": "<partition key>"}, got ${shownValue(input)}`);
    return parsed.data;
  });
  const { assets } = await describeAssets();
  const nowMs = Date.now();
  validated(() => {
    const spec = assets.find((s) => s.name === asset);
    if (!spec) throw new InvalidStatusRequestError(unknownAssetMessage(asset, assets));
    const problem = partitionKeyProblem(spec.partitions, key, nowMs);
    if (problem) throw new InvalidStatusRequestError(`asset ${asset} has no partition ${key}: ${problem}`);
  });
  return readPartitionDetail({ asset, key, nowMs });
}
