/**
 * Run by the `materializeBatch` child once Temporal ended its activity without
 * a result (cancelled, or its last attempt timed out): reads what the batch
 * committed, and settles the partition that was in flight the way
 * settle-partition-run.ts settles a lone partition (cancelled, or failed with
 * the timeout). Partitions the batch never started have no ledger row and go
 * back to the backfill, which reports them pending when it was cancelled.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Knex } from 'knex';
import { NO_METRICS, type RetrofillMetrics } from '../observability/retrofill-metrics';
import type { AssetCatalog } from '../assets/asset-catalog';
import { batchMemberRun, readBatchLedger } from '../db/ledger/batch-members';
import { settleRun, type RunEnding } from '../db/ledger/settle-run';
import type { MaterializeBatchInput, MaterializeBatchResult } from './materialize-batch';

export interface SettleBatchInput extends MaterializeBatchInput {
  ending: RunEnding;
}

export function settleBatchActivity(deps: { db: Knex; catalog: AssetCatalog; metrics?: RetrofillMetrics }) {
  const metrics = deps.metrics ?? NO_METRICS;
  return async function settleBatch(input: SettleBatchInput): Promise<MaterializeBatchResult> {
    const { workflowExecution } = Context.current().info;
    if (!workflowExecution) throw ApplicationFailure.nonRetryable('settleBatch must run inside a workflow');
    const asset = deps.catalog.get(input.asset);
    const batch = { workflowId: workflowExecution.workflowId, runId: workflowExecution.runId };
    const runs = input.partitionKeys.map((key) => batchMemberRun(batch, key));
    const { succeeded, touched } = await readBatchLedger({ knex: deps.db }, runs);
    const result: MaterializeBatchResult = { rows: [], ms: [] };
    for (const [i, run] of runs.entries()) {
      const key = input.partitionKeys[i]!;
      const done = succeeded.get(run.runId);
      if (done) {
        result.rows.push(done.rows);
        result.ms.push(done.ms);
        continue;
      }
      if (!touched.has(run.runId)) break;
      // The partition in flight: its commit may have gone through after all; otherwise the ledger says how it ended.
      const late = await settleRun({ knex: deps.db }, run, input.ending, {
        asset: asset.name,
        codeVersion: asset.codeVersion,
        backfillId: input.backfillId,
        ...(input.isolation === 'shadow' && input.backfillId !== null && { shadowOf: input.backfillId }),
        keys: [key],
      }, (rows) => metrics.partitionsEnded(asset.name, input.ending.status, rows));
      if (late) {
        result.rows.push(Number(late.row_count ?? 0));
        result.ms.push(0);
        continue;
      }
      if (input.ending.status === 'cancelled') result.cancelled = [key];
      else result.failed = { key, reason: input.ending.error, type: 'PartitionTimedOut', retryable: false };
      break;
    }
    return result;
  };
}
