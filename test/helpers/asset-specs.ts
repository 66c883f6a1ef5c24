/** Asset specs for unit tests of the pure core: a name, a partitioning, deps, and what differs. */
import type { AssetSpec } from '../../core/asset-spec';
import type { PartitionsDef } from '../../core/partitions/partitions-def';

export const assetSpec = (name: string, partitions: PartitionsDef, deps: string[] = [], extra: Partial<AssetSpec> = {}): AssetSpec => ({
  name,
  partitions,
  deps,
  dependsOnPast: false,
  codeVersion: '1',
  ...extra,
});
