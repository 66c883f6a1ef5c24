/** What the ledger says about one backfill, in the shape chaos tests assert on. */
import type { Knex } from 'knex';

export interface LedgerFigures {
  /** Ledger rows per status. */
  byStatus: Record<string, number>;
  /** Partitions (`asset/key`) with their number of succeeded rows, for those whose count is not exactly 1. */
  notExactlyOneSuccess: Record<string, number>;
  /** Partitions with at least one ledger row. */
  partitions: number;
  /** Partitions with more than one ledger row: executed (at least started) more than once. */
  reExecuted: number;
  /** Up to 20 of them, `asset/key: statuses in order`. */
  reExecutedSample: string[];
  /** The largest number of ledger rows of one partition. */
  maxAttempts: number;
}

export async function ledgerFigures(db: Knex, backfillId: string): Promise<LedgerFigures> {
  const rows: Array<{ asset: string; partition_key: string; status: string }> = await db('retrofill_ledger')
    .select('asset', 'partition_key', 'status')
    .where({ backfill_id: backfillId })
    .orderBy('id');
  const byStatus: Record<string, number> = {};
  const perPartition = new Map<string, string[]>();
  for (const r of rows) {
    byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    const key = `${r.asset}/${r.partition_key}`;
    perPartition.set(key, [...(perPartition.get(key) ?? []), r.status]);
  }
  const notExactlyOneSuccess: Record<string, number> = {};
  const reExecuted: string[] = [];
  let maxAttempts = 0;
  for (const [key, statuses] of perPartition) {
    const successes = statuses.filter((s) => s === 'succeeded').length;
    if (successes !== 1) notExactlyOneSuccess[key] = successes;
    if (statuses.length > 1) reExecuted.push(`${key}: ${statuses.join(',')}`);
    maxAttempts = Math.max(maxAttempts, statuses.length);
  }
  return {
    byStatus,
    notExactlyOneSuccess,
    partitions: perPartition.size,
    reExecuted: reExecuted.length,
    reExecutedSample: reExecuted.slice(0, 20),
    maxAttempts,
  };
}

/** Succeeded ledger rows of the backfill so far. */
export async function succeededSoFar(db: Knex, backfillId: string): Promise<number> {
  const [row] = await db('retrofill_ledger').where({ backfill_id: backfillId, status: 'succeeded' }).count({ n: '*' });
  return Number(row!.n);
}

/** `count(*) - count(DISTINCT <key columns>)` of a table: rows that repeat a key. */
export async function duplicateRows(db: Knex, table: string, keyColumns: string): Promise<number> {
  const { rows } = await db.raw(`SELECT count(*) - count(DISTINCT (${keyColumns})) AS n FROM ??`, [table]);
  return Number(rows[0].n);
}
