/**
 * What one partition of each asset costs, as a backfill learns it: from the
 * ledger's recent durations at first, then from what its own batches report.
 * It sizes batches (the adaptive policy): as many partitions as fit the
 * asset's time budget, and no more than spreads the asset's pending
 * partitions over the concurrency, so batching never costs parallelism.
 * Pure and deterministic: the workflow feeds it activity results only.
 */
import type { AssetSpec } from '../asset-spec';

/** Weight of the newest observation: recent batches say most about the next. */
const NEWEST_WEIGHT = 0.5;

export class PartitionCosts {
  private readonly msByAsset: Map<string, number>;

  /** @param known ms per partition by asset: carried over a continue-as-new, or the ledger's recent means. */
  constructor(known: Record<string, number> = {}) {
    this.msByAsset = new Map(Object.entries(known).filter(([, ms]) => Number.isFinite(ms) && ms >= 0));
  }

  /** ms per partition of `asset`, or undefined before anything is known. */
  of(asset: string): number | undefined {
    return this.msByAsset.get(asset);
  }

  /**
   * Partitions of `asset` took `ms` each (one observation per partition, or a batch's).
   * @param share what one takes at full speed, as a part of what it took (core/plan/full-speed.ts)
   */
  observe(asset: string, ms: readonly number[], share = 1): void {
    if (ms.length === 0) return;
    const mean = (ms.reduce((a, b) => a + b, 0) / ms.length) * share;
    const old = this.msByAsset.get(asset);
    this.msByAsset.set(asset, old === undefined ? mean : old * (1 - NEWEST_WEIGHT) + mean * NEWEST_WEIGHT);
  }

  /**
   * How many partitions of `spec` the next batch may hold: 1 (a child of its
   * own) for an asset that is not batched or whose cost is not known yet.
   * @param pending the asset's partitions not started yet
   * @param chainsWhole a dependsOnPast asset runs one partition at a time whatever the batches:
   *   its batches are not spread over the concurrency
   */
  batchSize(spec: AssetSpec, pending: number, maxConcurrency: number, { chainsWhole = false } = {}): number {
    const batching = spec.batching;
    const ms = this.of(spec.name);
    if (!batching || ms === undefined) return 1;
    const fits = Math.floor(batching.budgetMs / Math.max(ms, 1));
    const spread = chainsWhole && spec.dependsOnPast ? Infinity : Math.ceil(pending / Math.max(1, maxConcurrency));
    return Math.max(1, Math.min(fits, spread, batching.maxPartitions));
  }

  /** Plain JSON, to carry over a continue-as-new. */
  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.msByAsset].map(([asset, ms]) => [asset, Math.round(ms * 100) / 100]));
  }
}
