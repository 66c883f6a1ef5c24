/**
 * How a backfill runs an asset's partitions: in batches sized by what a
 * partition costs (the default), one child workflow each, or consecutive
 * partitions together in one materialization over their whole window, for SQL
 * the database parallelises better over a range. Plain JSON, so it travels in
 * the asset specs workflows plan with.
 */

import { printable, shownValue } from './shown-value';

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

/**
 * Cheap partitions are materialized in batches: one child workflow and one
 * activity carry several partitions of the asset, one after the other, each
 * still its own transaction, ledger row, retry unit and progress entry. A
 * batch holds as many partitions as the ledger says fit in `budgetMs`; an
 * asset whose partitions take longer, or one with a `rateLimit`, gets one child
 * per partition, as `perPartition` does.
 */
export interface AdaptivePolicy {
  kind: 'adaptive';
  /** About how long one batch may run (ms): also the longest a pause waits for a batch. Whole number, 100 to 10000. @default 1000 */
  budgetMs?: number;
  /** Most partitions in one batch. Whole number, 1 to 1000. @default 500 */
  maxPartitionsPerBatch?: number;
}

export type BackfillPolicy = PerPartitionPolicy | SingleRunPolicy | AdaptivePolicy;

export const DEFAULT_BATCH_BUDGET_MS = 1_000;
export const DEFAULT_MAX_PARTITIONS_PER_BATCH = 500;
const MAX_BATCH_BUDGET_MS = 10_000;
const MAX_PARTITIONS_PER_BATCH = 1_000;

export const DEFAULT_BACKFILL_POLICY: Readonly<AdaptivePolicy> = Object.freeze({ kind: 'adaptive' });

export const MAX_PARTITIONS_PER_RUN = 10_000;

function adaptiveProblems(p: Partial<Record<string, unknown>>): string[] {
  const problems: string[] = [];
  const whole = (field: string, min: number, max: number) => {
    const value = p[field];
    if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)) {
      problems.push(`backfillPolicy.${field} must be a whole number from ${min} to ${max}, got ${shownValue(value, 100)}`);
    }
  };
  whole('budgetMs', 100, MAX_BATCH_BUDGET_MS);
  whole('maxPartitionsPerBatch', 1, MAX_PARTITIONS_PER_BATCH);
  const unknown = Object.keys(p).filter((k) => !['kind', 'budgetMs', 'maxPartitionsPerBatch'].includes(k));
  if (unknown.length > 0) problems.push(`backfillPolicy adaptive takes budgetMs and maxPartitionsPerBatch, not ${unknown.map((k) => shownValue(k, 60)).join(', ')}`);
  return problems;
}

/** Problems with a policy (each naming the field), for an asset with `partitionsKind` partitions. */
export function backfillPolicyProblems(policy: unknown, partitionsKind: string): string[] {
  if (policy === undefined) return [];
  const p = policy as Partial<Record<string, unknown>> | null;
  if (typeof p !== 'object' || p === null || (p.kind !== 'perPartition' && p.kind !== 'singleRun' && p.kind !== 'adaptive')) {
    return [
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- String() only gets what JSON.stringify leaves out (a function, a symbol), which it writes as text
      `backfillPolicy must be { kind: 'adaptive' }, { kind: 'perPartition' } or { kind: 'singleRun', maxPartitionsPerRun }, got ${printable(JSON.stringify(policy) ?? String(policy)).slice(0, 200)}`,
    ];
  }
  if (p.kind === 'perPartition') return [];
  if (p.kind === 'adaptive') return adaptiveProblems(p);
  const problems: string[] = [];
  const max = p.maxPartitionsPerRun;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > MAX_PARTITIONS_PER_RUN) {
    problems.push(`backfillPolicy.maxPartitionsPerRun must be a whole number from 1 to ${MAX_PARTITIONS_PER_RUN}, got ${JSON.stringify(max)}`);
  }
  if (partitionsKind === 'unpartitioned') problems.push(`backfillPolicy singleRun needs a partitioned asset: it has one partition`);
  return problems;
}
