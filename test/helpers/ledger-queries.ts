/** Reads of the ledger that tests assert on. */
import type { Knex } from 'knex';

export interface LedgerInterval {
  asset: string;
  partition_key: string;
  started_at: Date;
  finished_at: Date;
}

/** Succeeded materializations of one backfill, oldest start first. */
export async function succeededIntervals(db: Knex, backfillId: string): Promise<LedgerInterval[]> {
  return db('retrofill_ledger')
    .select('asset', 'partition_key', 'started_at', 'finished_at')
    .where({ backfill_id: backfillId, status: 'succeeded' })
    .orderBy('started_at');
}

/** Succeeded materializations of one backfill started after `after` (a database time from `dbNow`), oldest first. */
export async function succeededIntervalsStartedAfter(db: Knex, backfillId: string, after: string): Promise<LedgerInterval[]> {
  return db('retrofill_ledger')
    .select('asset', 'partition_key', 'started_at', 'finished_at')
    .where({ backfill_id: backfillId, status: 'succeeded' })
    .andWhereRaw('started_at > CAST(? AS timestamptz)', [after])
    .orderBy('started_at');
}

/** The largest number of intervals open at the same instant. */
export function peakOverlap(intervals: LedgerInterval[]): number {
  const events = intervals.flatMap((i) => [
    { t: i.started_at.getTime(), d: 1 },
    { t: i.finished_at.getTime(), d: -1 },
  ]);
  // An end at the same instant as a start closes first: half-open intervals.
  events.sort((a, b) => a.t - b.t || a.d - b.d);
  let open = 0;
  let peak = 0;
  for (const e of events) peak = Math.max(peak, (open += e.d));
  return peak;
}

/** The database's clock now, as text so the microseconds the ledger keeps are not rounded away. */
export async function dbNow(db: Knex): Promise<string> {
  const { rows } = await db.raw('SELECT clock_timestamp()::text AS now');
  return rows[0].now;
}

/** Partition keys of one backfill's ledger rows started in `[from, to)` (database times from `dbNow`). */
export async function keysStartedBetween(db: Knex, backfillId: string, from: string, to: string): Promise<string[]> {
  const rows: Array<{ partition_key: string }> = await db('retrofill_ledger')
    .select('partition_key')
    .where({ backfill_id: backfillId })
    .andWhereRaw('started_at >= CAST(? AS timestamptz) AND started_at < CAST(? AS timestamptz)', [from, to])
    .orderBy('started_at');
  return rows.map((r) => r.partition_key);
}

/** Distinct partition keys of one backfill's ledger rows with this status, sorted. */
export async function keysWithStatus(db: Knex, backfillId: string, status: string): Promise<string[]> {
  const rows: Array<{ partition_key: string }> = await db('retrofill_ledger')
    .distinct('partition_key')
    .where({ backfill_id: backfillId, status })
    .orderBy('partition_key');
  return rows.map((r) => r.partition_key);
}
