import type { AssetCatalog } from '../assets/asset-catalog';
import type { AssetSpec } from '../core/asset-spec';
import type { PlanLimits } from '../core/plan/backfill-plan';

/** What the `backfill` workflow plans with: asset specs and this deployment's limits. */
export interface AssetsDescription {
  assets: AssetSpec[];
  limits: PlanLimits;
}

export function describeAssetsActivity(deps: { catalog: AssetCatalog; limits: PlanLimits }) {
  // eslint-disable-next-line @typescript-eslint/require-await -- an activity: Temporal's proxies type it as returning a Promise, and a throw becomes its failure
  return async function describeAssets(): Promise<AssetsDescription> {
    return { assets: deps.catalog.specs(), limits: deps.limits };
  };
}
