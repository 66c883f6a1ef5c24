/**
 * The demo's SQL, written once over a `[start, end)` window: the assets run it
 * per partition, the reference runs the same or an independent one-pass query
 * over the whole range.
 */

/** Synthetic events, deterministic per day: `:perDay` a day (200 in the demo) from 40 customers. */
export const GENERATE_RAW_EVENTS = `
  INSERT INTO :table: (event_id, customer_id, amount, occurred_at)
  SELECT to_char(d AT TIME ZONE 'UTC', 'YYYY-MM-DD') || '-' || g,
         1 + abs(hashtext(to_char(d AT TIME ZONE 'UTC', 'YYYY-MM-DD') || ':c:' || g)) % 40,
         (abs(hashtext(to_char(d AT TIME ZONE 'UTC', 'YYYY-MM-DD') || ':a:' || g)) % 20000) / 100.0,
         d + make_interval(secs => abs(hashtext(to_char(d AT TIME ZONE 'UTC', 'YYYY-MM-DD') || ':t:' || g)) % 86400)
  FROM generate_series(CAST(:start AS timestamptz), CAST(:end AS timestamptz) - interval '1 day', interval '1 day') AS d,
       generate_series(1, CAST(:perDay AS int)) AS g`;

/**
 * Customer segments over time (a type-2 slowly changing dimension): three in
 * four customers change segment once during Q1 2023.
 */
export const GENERATE_CUSTOMERS = `
  INSERT INTO :table: (customer_id, segment, valid_from, valid_to)
  WITH c AS (
    SELECT id,
           (ARRAY['bronze', 'silver', 'gold'])[1 + id % 3] AS first_segment,
           (ARRAY['bronze', 'silver', 'gold'])[1 + (id + 1) % 3] AS second_segment,
           timestamptz '2023-01-01 00:00:00+00' + make_interval(days => (id * 37) % 85, hours => (id * 5) % 24) AS changed_at,
           id % 4 <> 0 AS changes
    FROM generate_series(1, 40) AS id
  )
  SELECT id, first_segment, timestamptz '2022-01-01 00:00:00+00', CASE WHEN changes THEN changed_at END FROM c
  UNION ALL
  SELECT id, second_segment, changed_at, NULL FROM c WHERE changes`;

/**
 * Revenue per day and segment, each event joined to the segment its customer
 * had when it happened. It groups by day, so it is correct over a window of
 * any number of whole days: the same statement serves one partition and a
 * `singleRun` range (and the one-pass reference).
 */
export const DAILY_REVENUE = `
  INSERT INTO :table: (day, segment, revenue, orders)
  SELECT (e.occurred_at AT TIME ZONE 'UTC')::date, c.segment, sum(e.amount), count(*)
  FROM :events: e
  JOIN :customers: c
    ON c.customer_id = e.customer_id
   AND e.occurred_at >= c.valid_from
   AND (c.valid_to IS NULL OR e.occurred_at < c.valid_to)
  WHERE e.occurred_at >= :start AND e.occurred_at < :end
  GROUP BY 1, 2`;

/** One day of lifetime value: the previous day's value plus this day's revenue. */
export const LIFETIME_VALUE_INCREMENT = `
  INSERT INTO :table: (day, customer_id, lifetime_revenue)
  SELECT (CAST(:start AS timestamptz) AT TIME ZONE 'UTC')::date, customer_id, sum(v)
  FROM (
    SELECT customer_id, lifetime_revenue AS v FROM :table:
    WHERE day = (CAST(:start AS timestamptz) AT TIME ZONE 'UTC')::date - 1
    UNION ALL
    SELECT customer_id, amount FROM :events: WHERE occurred_at >= :start AND occurred_at < :end
  ) AS x
  GROUP BY customer_id`;

/**
 * Lifetime value for every day of a window of whole days at once (the
 * variant of LIFETIME_VALUE_INCREMENT for a `singleRun` range): the day
 * before the window's values, plus running sums of each day's revenue. Over
 * one day it computes exactly what the increment does.
 */
export const LIFETIME_VALUE_OVER_RANGE = `
  INSERT INTO :table: (day, customer_id, lifetime_revenue)
  WITH days AS (
    SELECT d::date AS day FROM generate_series(CAST(:start AS timestamptz), CAST(:end AS timestamptz) - interval '1 day', interval '1 day') AS d
  ), daily AS (
    SELECT (occurred_at AT TIME ZONE 'UTC')::date AS day, customer_id, sum(amount) AS amount
    FROM :events: WHERE occurred_at >= :start AND occurred_at < :end GROUP BY 1, 2
  ), seed AS (
    SELECT customer_id, sum(amount) AS amount, bool_or(seeded) AS seeded
    FROM (
      SELECT customer_id, lifetime_revenue AS amount, true AS seeded FROM :table:
      WHERE day = (CAST(:start AS timestamptz) AT TIME ZONE 'UTC')::date - 1
      UNION ALL
      SELECT DISTINCT customer_id, 0, false FROM daily
    ) AS x
    GROUP BY customer_id
  ), running AS (
    SELECT days.day, seed.customer_id, seed.amount + sum(coalesce(daily.amount, 0)) OVER w AS lifetime,
           seed.seeded OR bool_or(daily.amount IS NOT NULL) OVER w AS seen
    FROM days CROSS JOIN seed
    LEFT JOIN daily ON daily.day = days.day AND daily.customer_id = seed.customer_id
    WINDOW w AS (PARTITION BY seed.customer_id ORDER BY days.day)
  )
  SELECT day, customer_id, lifetime FROM running WHERE seen`;

/** Revenue per month and segment, summed from the daily partitions. */
export const MONTHLY_REVENUE = `
  INSERT INTO :table: (month, segment, revenue, orders)
  SELECT date_trunc('month', day)::date, segment, sum(revenue), sum(orders)
  FROM :daily: WHERE day >= :start AND day < :end
  GROUP BY 1, 2`;
