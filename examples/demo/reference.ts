/**
 * The demo computed from scratch by plain SQL, one pass over the whole range
 * into `ref_*` tables: what a correct backfill must reproduce exactly.
 */
import type { Knex } from 'knex';
import { demoEventsPerDay } from './volume';
import { DAILY_REVENUE, GENERATE_CUSTOMERS, GENERATE_RAW_EVENTS, MONTHLY_REVENUE } from './sql';

/** Demo tables and the column order that makes their rows comparable. */
export const DEMO_TABLES: Record<string, string> = {
  customers: 'customer_id, valid_from',
  raw_events: 'event_id',
  daily_revenue: 'day, segment',
  customer_lifetime_value: 'day, customer_id',
  monthly_revenue: 'month, segment',
};

/** Lifetime value per customer and day, by a window function instead of day-by-day increments. */
const LIFETIME_VALUE_ONE_PASS = `
  INSERT INTO :table: (day, customer_id, lifetime_revenue)
  WITH days AS (
    SELECT d::date AS day FROM generate_series(CAST(:start AS timestamptz), CAST(:end AS timestamptz) - interval '1 day', interval '1 day') AS d
  ), daily AS (
    SELECT (occurred_at AT TIME ZONE 'UTC')::date AS day, customer_id, sum(amount) AS amount, count(*) AS n
    FROM :events: WHERE occurred_at >= :start AND occurred_at < :end GROUP BY 1, 2
  ), running AS (
    SELECT days.day, c.customer_id,
           sum(coalesce(daily.amount, 0)) OVER w AS lifetime, sum(coalesce(daily.n, 0)) OVER w AS seen
    FROM days CROSS JOIN (SELECT DISTINCT customer_id FROM daily) AS c
    LEFT JOIN daily ON daily.day = days.day AND daily.customer_id = c.customer_id
    WINDOW w AS (PARTITION BY c.customer_id ORDER BY days.day)
  )
  SELECT day, customer_id, lifetime FROM running WHERE seen > 0`;

/**
 * Recreates every `ref_<table>` for the days `[start, end)` (whole months for
 * monthly_revenue: give a range of whole months).
 */
export async function buildReference(db: Knex, start: Date, end: Date): Promise<void> {
  for (const table of Object.keys(DEMO_TABLES)) {
    await db.raw('DROP TABLE IF EXISTS ??', [`ref_${table}`]);
    await db.raw('CREATE TABLE ?? (LIKE ?? INCLUDING ALL)', [`ref_${table}`, table]);
  }
  await db.raw(GENERATE_CUSTOMERS, { table: 'ref_customers' });
  await db.raw(GENERATE_RAW_EVENTS, { table: 'ref_raw_events', start, end, perDay: demoEventsPerDay() });
  await db.raw(DAILY_REVENUE, { table: 'ref_daily_revenue', events: 'ref_raw_events', customers: 'ref_customers', start, end });
  await db.raw(LIFETIME_VALUE_ONE_PASS, { table: 'ref_customer_lifetime_value', events: 'ref_raw_events', start, end });
  await db.raw(MONTHLY_REVENUE, { table: 'ref_monthly_revenue', daily: 'ref_daily_revenue', start, end });
}

/** md5 of every row in a stable order, with the row count. */
export async function tableChecksum(db: Knex, table: string, orderBy: string): Promise<{ rows: number; md5: string }> {
  const result = await db.raw<{ rows: Array<{ rows: number; md5: string }> }>(
    `SELECT count(*)::int AS rows, coalesce(md5(string_agg(t::text, '|' ORDER BY ${orderBy})), '') AS md5 FROM ?? AS t`,
    [table],
  );
  return result.rows[0]!;
}
