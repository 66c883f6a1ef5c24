/**
 * `materializePartition` as the worker registers it: it waits out database
 * outages (./through-database-outages.ts). The attempt an outage cut short is
 * recorded once the database is back: its ledger rows still `running` turn
 * `failed` with `database unavailable: <the error>`, and the work starts over
 * like a retry, so a commit that went through before the cut is found and
 * returned rather than done twice, and staged rows resume from their checkpoint.
 */
import { Context } from '@temporalio/activity';
import { OUTAGE_ERROR_PREFIX, failRunningAttempts } from '../db/ledger/fail-running-attempts';
import { batchMemberRun } from '../db/ledger/batch-members';
import { materializeBatchActivity, type MaterializeBatchInput } from './materialize-batch';
import { materializePartitionActivity, type MaterializeDeps, type MaterializePartitionInput } from './materialize-partition';
import { NO_METRICS } from '../observability/retrofill-metrics';
import { throughDatabaseOutages } from './through-database-outages';
import { messageOf } from './wait-for-database';

const MAX_ERROR_LENGTH = 2_000;

export function materializeThroughOutages(deps: MaterializeDeps & { databaseWaitMs: number }) {
  const { db } = deps;
  const metrics = deps.metrics ?? NO_METRICS;
  const materialize = materializePartitionActivity(deps);
  return throughDatabaseOutages(
    { db, limitMs: deps.databaseWaitMs },
    (input: MaterializePartitionInput) => materialize(input),
    async (lost, input: MaterializePartitionInput) => {
      const execution = Context.current().info.workflowExecution;
      if (execution) {
        const error = `${OUTAGE_ERROR_PREFIX}${messageOf(lost)}`.slice(0, MAX_ERROR_LENGTH);
        const closed = await failRunningAttempts({ knex: db }, { workflowId: execution.workflowId, runId: execution.runId }, error);
        metrics.partitionsEnded(input.asset, 'failed', closed);
      }
      return materialize(input, { redo: true });
    },
  );
}

/** `materializeBatch` as the worker registers it: the same, for every partition run of the batch. */
export function materializeBatchThroughOutages(deps: MaterializeDeps & { databaseWaitMs: number }) {
  const { db } = deps;
  const metrics = deps.metrics ?? NO_METRICS;
  const materialize = materializeBatchActivity(deps);
  return throughDatabaseOutages(
    { db, limitMs: deps.databaseWaitMs },
    (input: MaterializeBatchInput) => materialize(input),
    async (lost, input: MaterializeBatchInput) => {
      const execution = Context.current().info.workflowExecution;
      if (execution) {
        const error = `${OUTAGE_ERROR_PREFIX}${messageOf(lost)}`.slice(0, MAX_ERROR_LENGTH);
        const runIds = input.partitionKeys.map((key) => batchMemberRun(execution, key).runId);
        const closed = await failRunningAttempts({ knex: db }, { workflowId: execution.workflowId, runIds }, error);
        metrics.partitionsEnded(input.asset, 'failed', closed);
      }
      return materialize(input, { redo: true });
    },
  );
}
