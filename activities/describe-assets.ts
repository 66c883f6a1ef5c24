import type { AssetCatalog } from '../assets/asset-catalog';
import type { AssetSpec } from '../core/asset-spec';
import type { PlanLimits } from '../core/plan/backfill-plan';

/** What the `backfill` workflow plans with: asset specs and this deployment's limits. */
export interface AssetsDescription {
  assets: AssetSpec[];
  limits: PlanLimits;
}

export function describeAssetsActivity(deps: { catalog: AssetCatalog; limits: PlanLimits }) {
  return async function describeAssets(): Promise<AssetsDescription> {
    return { assets: deps.catalog.specs(), limits: deps.limits };
  };
}
