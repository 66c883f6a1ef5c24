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
