/**
 * The partitions of a batch in the ledger. Each member is a partition run of
 * its own: its ledger rows, checkpoint and staging are keyed by the batch's
 * workflow id and `<batch run id>/<partition key>`, so everything keyed by a
 * partition run (resuming, fencing a late commit, settling) holds per member.
 */
import type { Db } from '../db';
import type { PartitionRun } from '../checkpoints/partition-staging';
import { LEDGER_TABLE } from '../rows';

/** The partition run of one member of a batch. */
export function batchMemberRun(batch: PartitionRun, partitionKey: string): PartitionRun {
  return { workflowId: batch.workflowId, runId: `${batch.runId}/${partitionKey}` };
}

/** A member's committed materialization: rows written and how long it took. */
export interface MemberSuccess {
  rows: number;
  ms: number;
}

/** What the ledger holds of a batch's members, by partition run id. */
export interface BatchLedger {
  succeeded: Map<string, MemberSuccess>;
  /** Member runs with any ledger row (an attempt started them). */
  touched: Set<string>;
}

/** Reads the ledger rows of every member run of a batch in one query. */
export async function readBatchLedger({ knex }: { knex: Db }, members: readonly PartitionRun[]): Promise<BatchLedger> {
  const ledger: BatchLedger = { succeeded: new Map(), touched: new Set() };
  if (members.length === 0) return ledger;
  const rows = await knex(LEDGER_TABLE)
    .where({ workflow_id: members[0]!.workflowId })
    .whereIn('run_id', members.map((m) => m.runId))
    .select<Array<{ run_id: string; status: string; row_count: string | null; ms: number | null }>>(
      'run_id',
      'status',
      knex.raw('row_count::text AS row_count'),
      knex.raw('(extract(epoch FROM finished_at - started_at) * 1000)::float AS ms'),
    );
  for (const row of rows) {
    ledger.touched.add(row.run_id);
    if (row.status === 'succeeded') ledger.succeeded.set(row.run_id, { rows: Number(row.row_count ?? 0), ms: Math.max(0, Math.round(row.ms ?? 0)) });
  }
  return ledger;
}
