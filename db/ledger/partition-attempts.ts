import type { Db } from '../db';
import type { PartitionAttempt } from '../../core/status/partition-detail';
import { LEDGER_TABLE, type DbLedgerRow } from '../rows';

/** The newest `limit` attempts at one partition, newest first. */
export async function partitionAttempts(
  { knex }: { knex: Db },
  asset: string,
  key: string,
  limit: number,
): Promise<PartitionAttempt[]> {
  const rows = (await knex(LEDGER_TABLE)
    .select('id', 'status', 'code_version', 'row_count', 'started_at', 'finished_at', 'backfill_id', 'workflow_id', 'run_id', 'attempt', 'error', 'shadow_of')
    .where({ asset, partition_key: key })
    .orderBy('id', 'desc')
    .limit(limit)) as DbLedgerRow[];
  return rows.map((r) => ({
    ledgerId: String(r.id),
    status: r.status,
    codeVersion: r.code_version,
    rows: r.row_count === null ? null : Number(r.row_count),
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
    durationMs: r.finished_at ? r.finished_at.getTime() - r.started_at.getTime() : null,
    backfillId: r.backfill_id,
    workflowId: r.workflow_id,
    runId: r.run_id,
    attempt: r.attempt,
    error: r.error,
    shadowOf: r.shadow_of,
  }));
}
