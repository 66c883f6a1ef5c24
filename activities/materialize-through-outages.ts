/**
 * `materializePartition` as the worker registers it: it waits out database
 * outages (./through-database-outages.ts). The attempt an outage cut short is
 * recorded once the database is back: its ledger rows still `running` turn
 * `failed` with `database unavailable: <the error>`, and the work starts over
 * like a retry, so a commit that went through before the cut is found and
 * returned rather than done twice, and staged rows resume from their checkpoint.
 */
import { Context } from '@temporalio/activity';
import type { Knex } from 'knex';
import type { AssetCatalog } from '../assets/asset-catalog';
import { OUTAGE_ERROR_PREFIX, failRunningAttempts } from '../db/ledger/fail-running-attempts';
import { batchMemberRun } from '../db/ledger/batch-members';
import { materializeBatchActivity, type MaterializeBatchInput } from './materialize-batch';
import { materializePartitionActivity, type MaterializePartitionInput } from './materialize-partition';
import { throughDatabaseOutages } from './through-database-outages';
import { messageOf } from './wait-for-database';

const MAX_ERROR_LENGTH = 2_000;

export function materializeThroughOutages(deps: { db: Knex; catalog: AssetCatalog; databaseWaitMs: number }) {
  const { db } = deps;
  const materialize = materializePartitionActivity(deps);
  return throughDatabaseOutages(
    { db, limitMs: deps.databaseWaitMs },
    (input: MaterializePartitionInput) => materialize(input),
    async (lost, input: MaterializePartitionInput) => {
      const execution = Context.current().info.workflowExecution;
      if (execution) {
        const error = `${OUTAGE_ERROR_PREFIX}${messageOf(lost)}`.slice(0, MAX_ERROR_LENGTH);
        await failRunningAttempts({ knex: db }, { workflowId: execution.workflowId, runId: execution.runId }, error);
      }
      return materialize(input, { redo: true });
    },
  );
}

/** `materializeBatch` as the worker registers it: the same, for every partition run of the batch. */
export function materializeBatchThroughOutages(deps: { db: Knex; catalog: AssetCatalog; databaseWaitMs: number }) {
  const { db } = deps;
  const materialize = materializeBatchActivity(deps);
  return throughDatabaseOutages(
    { db, limitMs: deps.databaseWaitMs },
    (input: MaterializeBatchInput) => materialize(input),
    async (lost, input: MaterializeBatchInput) => {
      const execution = Context.current().info.workflowExecution;
      if (execution) {
        const error = `${OUTAGE_ERROR_PREFIX}${messageOf(lost)}`.slice(0, MAX_ERROR_LENGTH);
        const runIds = input.partitionKeys.map((key) => batchMemberRun(execution, key).runId);
        await failRunningAttempts({ knex: db }, { workflowId: execution.workflowId, runIds }, error);
      }
      return materialize(input, { redo: true });
    },
  );
}
