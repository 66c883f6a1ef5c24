/** How a backfill's partitions ended, as the ledger tells it, and what PostgreSQL still holds open. */
import type { Knex } from 'knex';

export interface LedgerOutcome {
  status: string;
  error: string | null;
  attempt: number;
}

/** The newest ledger row of each partition of `asset` written by the backfill, by key. */
export async function newestLedgerRows(db: Knex, backfillId: string, asset: string): Promise<Map<string, LedgerOutcome>> {
  const rows: Array<LedgerOutcome & { partition_key: string }> = await db('retrofill_ledger')
    .distinctOn('partition_key')
    .select('partition_key', 'status', 'error', 'attempt')
    .where({ backfill_id: backfillId, asset })
    .orderBy([{ column: 'partition_key' }, { column: 'id', order: 'desc' }]);
  return new Map(rows.map(({ partition_key, ...outcome }) => [partition_key, outcome]));
}

/** Keys by the status of their newest ledger row, each list sorted. */
export function keysByStatus(newest: Map<string, LedgerOutcome>): Record<string, string[]> {
  const by: Record<string, string[]> = {};
  for (const [key, { status }] of [...newest].sort(([a], [b]) => a.localeCompare(b))) (by[status] ??= []).push(key);
  return by;
}

/** Succeeded ledger rows per workflow run of the backfill's partitions: more than one is a duplicate. */
export async function successesPerRun(db: Knex, backfillId: string): Promise<number[]> {
  const rows: Array<{ n: number }> = await db('retrofill_ledger')
    .select(db.raw('count(*)::int AS n'))
    .where({ backfill_id: backfillId, status: 'succeeded' })
    .groupBy('workflow_id', 'run_id', 'partition_key');
  return rows.map((r) => r.n);
}

/** Sessions on `db`'s database other than the caller's own pool, with their state (`idle in transaction`, …). */
export async function otherSessions(db: Knex, applicationName?: string): Promise<Array<{ pid: number; state: string | null; application_name: string; query: string }>> {
  const { rows } = await db.raw(
    `SELECT pid, state, application_name, query FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
        AND (CAST(? AS text) IS NULL OR application_name = ?)`,
    [applicationName ?? null, applicationName ?? null],
  );
  return rows;
}
