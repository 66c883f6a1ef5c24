/**
 * Workflow `assetStatus`: the status of every partition of one asset, read
 * from the ledger by a worker (which knows the assets), for clients that only
 * reach Temporal. It writes nothing.
 */
import { proxyActivities } from '@temporalio/workflow';
import { z } from 'zod';
import type { Activities } from '../activities';
import { ASSET_NAME, unknownAssetMessage } from '../core/asset-spec';
import { InvalidStatusRequestError } from '../core/errors';
import { shownValue } from '../core/shown-value';
import type { PackedAssetStatus } from '../core/status/asset-status';
import { validated } from './validated';

const { describeAssets, readAssetStatus } = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  retry: { maximumAttempts: 5 },
});


export async function assetStatus(input: unknown): Promise<PackedAssetStatus> {
  const { asset } = validated(() => {
    // Built here, not at load: every workflow, a partition's too, evaluates this module anew.
    const parsed = z.strictObject({ asset: z.string().regex(ASSET_NAME) }).safeParse(input);
    if (!parsed.success) throw new InvalidStatusRequestError(`expected {"asset": "<asset name>"}, got ${shownValue(input)}`);
    return parsed.data;
  });
  const { assets } = await describeAssets();
  validated(() => {
    if (!assets.some((s) => s.name === asset)) throw new InvalidStatusRequestError(unknownAssetMessage(asset, assets));
  });
  return readAssetStatus({ asset, nowMs: Date.now() });
}
