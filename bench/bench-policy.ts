/**
 * The backfill policy the bench's asset modules declare, from
 * `RETROFILL_BENCH_POLICY` (JSON, set by `npm run bench -- --policy`): unset,
 * they declare none and run under Retrofill's default policy, so the same
 * bench measures whatever the default is. The catalog validates the value.
 */
import { omit } from '../core/omit';
import { defineAsset, type Asset, type AssetDefinition } from '../index';

/** `{ backfillPolicy }` to spread into a definition, or `{}` for the default. */
export function benchPolicy(): Pick<AssetDefinition, 'backfillPolicy'> {
  const raw = process.env.RETROFILL_BENCH_POLICY;
  if (raw === undefined || raw === '' || raw === 'default') return {};
  try {
    return { backfillPolicy: JSON.parse(raw) as AssetDefinition['backfillPolicy'] };
  } catch {
    throw new Error(`RETROFILL_BENCH_POLICY: expected JSON such as {"kind":"perPartition"}, got ${JSON.stringify(raw)}`);
  }
}

/**
 * An asset declared elsewhere, declared again under the bench's policy. The
 * policy `defineAsset` filled in (the default of its day) is dropped first, so
 * without `--policy` the asset declares none, as a user's would.
 */
export function underBenchPolicy(asset: Asset): Asset {
  return defineAsset({ ...omit(asset, 'backfillPolicy'), ...benchPolicy() });
}
