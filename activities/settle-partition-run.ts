/**
 * Run by the `materializePartition` child once Temporal ended its activity
 * without a result (cancelled, or timed out on its last attempt): makes the
 * ledger say so, fencing any attempt still able to commit, or finds that an
 * attempt committed after all (a `materialize` that blocked the event loop
 * past the heartbeat timeout, then finished), so the child reports what the
 * ledger holds.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Knex } from 'knex';
import { NO_METRICS, type RetrofillMetrics } from '../observability/retrofill-metrics';
import type { AssetCatalog } from '../assets/asset-catalog';
import { settleRun, type RunEnding } from '../db/ledger/settle-run';
import type { MaterializePartitionInput, MaterializePartitionResult } from './materialize-partition';
import { unitKeys } from './unit-keys';

export interface SettlePartitionRunInput extends MaterializePartitionInput {
  ending: RunEnding;
}

export function settlePartitionRunActivity(deps: { db: Knex; catalog: AssetCatalog; metrics?: RetrofillMetrics }) {
  const metrics = deps.metrics ?? NO_METRICS;
  /** @returns the run's committed result, or null when nothing committed (the ledger now says `ending`) */
  return async function settlePartitionRun(input: SettlePartitionRunInput): Promise<MaterializePartitionResult | null> {
    const { workflowExecution } = Context.current().info;
    if (!workflowExecution) throw ApplicationFailure.nonRetryable('settlePartitionRun must run inside a workflow');
    const asset = deps.catalog.get(input.asset);
    const done = await settleRun(
      { knex: deps.db },
      { workflowId: workflowExecution.workflowId, runId: workflowExecution.runId },
      input.ending,
      {
        asset: asset.name,
        codeVersion: asset.codeVersion,
        backfillId: input.backfillId,
        ...(input.isolation === 'shadow' && input.backfillId !== null && { shadowOf: input.backfillId }),
        keys: unitKeys(asset, input),
      },
      (rows) => metrics.partitionsEnded(asset.name, input.ending.status, rows),
    );
    return done ? { rows: Number(done.row_count ?? 0), ledgerId: String(done.id) } : null;
  };
}
