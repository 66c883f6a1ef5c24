import type { PartitionMappingSpec } from './mappings/mapping-spec';
import type { SingleRunPolicy } from './backfill-policy';
import type { PartitionsDef } from './partitions/partitions-def';
import type { RetryPolicySpec } from './retry-policy';

/**
 * What planning needs to know of an asset: plain JSON, without its code.
 * The worker derives it from the user's definitions and hands it to workflows.
 */
export interface AssetSpec {
  name: string;
  partitions: PartitionsDef;
  /** Names of the upstream assets it reads. */
  deps: string[];
  /**
   * Declared partition mappings, keyed by upstream asset name; a dependency
   * without one uses the mapping implied by the two partitionings. Absent
   * when none is declared, so older specs (and replayed histories) are unchanged.
   */
  mappings?: Record<string, PartitionMappingSpec>;
  /** Partition N reads partition N-1 of the same asset, so partitions run strictly in order. */
  dependsOnPast: boolean;
  codeVersion: string;
  /** Retries of a failing partition. @default DEFAULT_RETRY_POLICY */
  retry?: RetryPolicySpec;
  /**
   * Present only for `singleRun` assets (planning merges their consecutive
   * partitions); absent means one run per partition, so the specs of other
   * assets stay what recorded workflow histories hold.
   */
  backfillPolicy?: SingleRunPolicy;
  /**
   * Present when the asset's partitions may be materialized in batches (the
   * adaptive policy): about how long one batch may run, and its most
   * partitions. Absent means one child per partition.
   */
  batching?: { budgetMs: number; maxPartitions: number };
}

/** Asset names are also table names and parts of workflow ids: keep them plain identifiers. */
export const ASSET_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/** "unknown asset "x" (known: a, b)": the one wording wherever an asset name is looked up. */
export function unknownAssetMessage(name: string, known: readonly AssetSpec[]): string {
  return `unknown asset ${JSON.stringify(name).slice(0, 80)} (known: ${known.map((s) => s.name).join(', ')})`;
}
