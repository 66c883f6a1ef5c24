/**
 * The start of an attempt at a unit: its inputs are looked up, then its
 * ledger rows written (running), or the refusal when an input was never
 * materialized. An earlier attempt may have committed meanwhile: its result
 * stands. Temporal may have given up on this attempt: it is fenced.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { Knex } from 'knex';
import type { AssetCatalog } from '../assets/asset-catalog';
import type { Asset } from '../assets/define-asset';
import { upstreamRefusal } from '../core/run/upstream-refusal';
import type { PartitionRun } from '../db/checkpoints/partition-staging';
import type { RunSuccess } from '../db/ledger/find-run-success';
import { recordAttemptsStart } from '../db/ledger/record-attempt-start';
import { recordRefusal } from '../db/ledger/record-refusal';
import type { RetrofillMetrics } from '../observability/retrofill-metrics';
import { findUnitInputs } from './unit-inputs';
import { AttemptSupersededError } from './write-partition';

/** The attempt to start. */
export interface UnitStart {
  asset: Asset;
  /** The unit's partitions, oldest first (consecutive). */
  keys: string[];
  /** Names the unit in errors. */
  label: string;
  run: PartitionRun;
  attempt: number;
  backfillId: string | null;
  /** The backfill whose shadow the unit writes to; undefined for production. */
  shadowOf: string | undefined;
  /** The same attempt starting over after a database outage. */
  redo: boolean;
  /** A retry (or redo), as the metrics count attempts. */
  retry: boolean;
}

/**
 * @returns the running ledger row of each key (in order), or the result an earlier attempt committed
 * @throws a non-retryable `MissingUpstream` failure when inputs are missing, `AttemptSuperseded` when fenced
 */
export async function startUnitAttempt(
  deps: { db: Knex; catalog: AssetCatalog; metrics: RetrofillMetrics },
  u: UnitStart,
): Promise<{ ledgerIds: string[] } | { done: RunSuccess }> {
  const { db, metrics } = deps;
  const { asset, keys, label, run } = u;
  const upstream = await findUnitInputs(db, deps.catalog, asset, keys, Date.now(), u.shadowOf);
  const identity = {
    asset: asset.name,
    codeVersion: asset.codeVersion,
    workflowId: run.workflowId,
    runId: run.runId,
    backfillId: u.backfillId,
    attempt: u.attempt,
    ...(u.shadowOf !== undefined && { shadowOf: u.shadowOf }),
    ...(u.redo && { redo: u.redo }),
  };
  const refusal = upstreamRefusal(label, upstream.missing);
  if (refusal !== undefined) {
    // A failed attempt like any other: the ledger, `status --asset` and the summary tell the same story.
    await recordRefusal({ knex: db }, identity, keys.map((partitionKey, i) => ({ partitionKey, upstreamVersions: upstream.versions[i]! })), refusal);
    metrics.attemptStarted(asset.name, keys.length, u.retry).end('failed');
    throw ApplicationFailure.nonRetryable(refusal, 'MissingUpstream');
  }
  const started = await recordAttemptsStart(
    { knex: db },
    identity,
    keys.map((partitionKey, i) => ({
      partitionKey,
      upstreamVersions: upstream.versions[i]!,
      // Range keys are consecutive: a cumulative partition reads the one before it in the run.
      ...(asset.dependsOnPast && i > 0 && { readsWithinUnit: [keys[i - 1]!] }),
    })),
  );
  // An earlier attempt committed while this one checked the inputs.
  if ('done' in started) return { done: started.done };
  if ('superseded' in started) {
    const { message, type } = new AttemptSupersededError(label);
    throw ApplicationFailure.create({ message, type });
  }
  metrics.partitionsEnded(asset.name, 'abandoned', started.closed);
  return { ledgerIds: started.ledgerIds };
}
