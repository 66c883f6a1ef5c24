/**
 * How a backfill runs an asset's partitions: one materialization each (the
 * default), or consecutive partitions together in one materialization over
 * their whole window, for SQL the database parallelises better over a range.
 * Plain JSON, so it travels in the asset specs workflows plan with.
 */

/** One materialization (one child workflow, one transaction) per partition. */
export interface PerPartitionPolicy {
  kind: 'perPartition';
}

/**
 * Runs of consecutive planned partitions (adjacent keys) are materialized
 * together: one child workflow and one transaction, `materialize` called once
 * with every key and the union window. The ledger still gets one row per partition.
 */
export interface SingleRunPolicy {
  kind: 'singleRun';
  /** Most partitions one materialization covers; longer runs are split. Whole number, 1 to 10000. */
  maxPartitionsPerRun: number;
}

export type BackfillPolicy = PerPartitionPolicy | SingleRunPolicy;

export const DEFAULT_BACKFILL_POLICY: Readonly<PerPartitionPolicy> = Object.freeze({ kind: 'perPartition' });

export const MAX_PARTITIONS_PER_RUN = 10_000;

/** Problems with a policy (each naming the field), for an asset with `partitionsKind` partitions. */
export function backfillPolicyProblems(policy: unknown, partitionsKind: string): string[] {
  if (policy === undefined) return [];
  const p = policy as Partial<Record<string, unknown>> | null;
  if (typeof p !== 'object' || p === null || (p.kind !== 'perPartition' && p.kind !== 'singleRun')) {
    return [`backfillPolicy must be { kind: 'perPartition' } or { kind: 'singleRun', maxPartitionsPerRun }, got ${JSON.stringify(policy)}`];
  }
  if (p.kind === 'perPartition') return [];
  const problems: string[] = [];
  const max = p.maxPartitionsPerRun;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > MAX_PARTITIONS_PER_RUN) {
    problems.push(`backfillPolicy.maxPartitionsPerRun must be a whole number from 1 to ${MAX_PARTITIONS_PER_RUN}, got ${JSON.stringify(max)}`);
  }
  if (partitionsKind === 'unpartitioned') problems.push(`backfillPolicy singleRun needs a partitioned asset: it has one partition`);
  return problems;
}
