/**
 * Materializes one partition: the partition's rows are deleted and rewritten
 * in one PostgreSQL transaction, so a retry or a re-run replaces them (never
 * duplicates) and a failure leaves the previous rows in place. Each attempt is
 * recorded in the ledger; only the attempt whose transaction commits is
 * marked succeeded, in that same transaction. A cancellation (delivered
 * through heartbeats) cancels the running statement and rolls back.
 */
import { ApplicationFailure, CancelledFailure, Context } from '@temporalio/activity';
import type { Knex } from 'knex';
import type { AssetCatalog } from '../assets/asset-catalog';
import type { MaterializeContext } from '../assets/define-asset';
import { partitionWindow } from '../core/partitions/partitions-def';
import { recordAttemptEnd } from '../db/ledger/record-attempt-end';
import { recordAttemptStart } from '../db/ledger/record-attempt-start';
import { toActivityFailure } from './classify-error';
import { countPartitionRows, deletePartitionRows } from './partition-rows';
import { readUpstreamState } from './upstream-check';

/** Which partition to materialize; never the rows themselves. */
export interface MaterializePartitionInput {
  asset: string;
  partitionKey: string;
  backfillId: string | null;
}

export interface MaterializePartitionResult {
  rows: number;
  ledgerId: string;
}

/** How often the activity reports liveness while `materialize` runs. */
const HEARTBEAT_EVERY_MS = 1_000;
const MAX_ERROR_LENGTH = 2_000;

export function materializePartitionActivity(deps: { db: Knex; catalog: AssetCatalog }) {
  return async function materializePartition(input: MaterializePartitionInput): Promise<MaterializePartitionResult> {
    const { db, catalog } = deps;
    const context = Context.current();
    const { workflowExecution, attempt } = context.info;
    if (!workflowExecution) throw ApplicationFailure.nonRetryable('materializePartition must run inside a workflow');
    const asset = catalog.get(input.asset);
    const key = input.partitionKey;

    const upstream = await readUpstreamState(db, catalog, asset, key, Date.now());
    if (upstream.missing.length > 0) {
      throw ApplicationFailure.nonRetryable(
        `cannot materialize ${asset.name}/${key}: upstream partitions not materialized: ${upstream.missing.slice(0, 10).join(', ')}` +
          (upstream.missing.length > 10 ? ` and ${upstream.missing.length - 10} more` : ''),
        'MissingUpstream',
      );
    }
    const ledgerId = await recordAttemptStart(
      { knex: db },
      {
        asset: asset.name,
        partitionKey: key,
        codeVersion: asset.codeVersion,
        workflowId: workflowExecution.workflowId,
        runId: workflowExecution.runId,
        backfillId: input.backfillId,
        attempt,
      },
      upstream.versions,
    );

    const window = partitionWindow(asset.partitions, key);
    const { cancellationSignal: signal } = context;
    const beat = setInterval(() => context.heartbeat(), HEARTBEAT_EVERY_MS);
    try {
      const rows = await db.transaction(async (trx) => {
        const stopOnCancel = await cancelStatementsOnAbort(db, trx, signal);
        try {
          await deletePartitionRows(trx, asset, key);
          const ctx: MaterializeContext = {
            asset: asset.name,
            partitionKey: key,
            window: window && { start: new Date(window.start), end: new Date(window.end) },
            table: asset.table,
            db: trx,
            signal,
            heartbeat: (details?: unknown) => context.heartbeat(details),
          };
          await asset.materialize(ctx);
          // Cancelled between statements: roll back rather than publish.
          if (signal.aborted) throw new CancelledFailure('backfill cancelled');
          const count = await countPartitionRows(trx, asset, key);
          await recordAttemptEnd({ knex: trx }, ledgerId, { status: 'succeeded', rowCount: count });
          return count;
        } finally {
          stopOnCancel();
        }
      });
      return { rows, ledgerId };
    } catch (error) {
      if (signal.aborted) {
        await recordAttemptEnd({ knex: db }, ledgerId, { status: 'cancelled', error: 'backfill cancelled' });
        throw new CancelledFailure('backfill cancelled');
      }
      const message = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);
      await recordAttemptEnd({ knex: db }, ledgerId, { status: 'failed', error: message });
      throw toActivityFailure(error, message);
    } finally {
      clearInterval(beat);
    }
  };
}

/**
 * Until the returned function is called, a cancellation of the activity
 * cancels whatever statement the transaction is running, so a long
 * `materialize` stops at once and its transaction rolls back.
 */
async function cancelStatementsOnAbort(db: Knex, trx: Knex.Transaction, signal: AbortSignal): Promise<() => void> {
  const { rows } = await trx.raw('SELECT pg_backend_pid() AS pid');
  const onAbort = () => void db.raw('SELECT pg_cancel_backend(?)', [rows[0].pid]).catch(() => undefined);
  signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}
