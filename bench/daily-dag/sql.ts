/**
 * The bench DAG's SQL: sales lines generated per day (deterministic hashes,
 * no input data), a daily transform, a year-to-date cumulative and a monthly
 * rollup. Each has a per-partition form, run by the assets and the plain
 * script, and a one-pass form over a whole range for the reference.
 * Dates travel as `YYYY-MM-DD` text (`:day`) or as a window's UTC bounds.
 */

/**
 * Lines a day, stores and products: every (store, product) pair has
 * `linesPerDay / (stores × products)` lines every day, so the daily and
 * year-to-date tables have every pair every day. Sized for 10–20 ms of SQL a
 * partition on the bench machine.
 */
export const DAG_VOLUME = { linesPerDay: 6000, stores: 100, products: 20 } as const;

/** A window bound as a UTC date. */
const DAY_OF = (bound: string) => `(CAST(${bound} AS timestamptz) AT TIME ZONE 'UTC')::date`;

/** One line's columns from its day (a date `d`, its text `t`) and number `g`. */
const LINE = (d: string, t: string) => `${d}, g, g % :stores, (g / :stores) % :products, (hashtext(${t} || ':' || g) & 2147483647) % 10000`;

export const RAW_SALES_FOR_DAY = `
  INSERT INTO :table: (day, line, store, product, amount_cents)
  SELECT ${LINE('CAST(:day AS date)', 'CAST(:day AS text)')}
  FROM generate_series(1, :linesPerDay) AS g`;

export const RAW_SALES_ONE_PASS = `
  INSERT INTO :table: (day, line, store, product, amount_cents)
  SELECT ${LINE('d.day', 'd.text')}
  FROM (SELECT s::date AS day, to_char(s, 'YYYY-MM-DD') AS text
          FROM generate_series(${DAY_OF(':start')}, ${DAY_OF(':end')} - 1, interval '1 day') AS s) AS d,
       generate_series(1, :linesPerDay) AS g`;

/** Revenue and lines per day, store and product, for every day of `[start, end)`. */
export const DAILY_SALES = `
  INSERT INTO :table: (day, store, product, revenue_cents, lines, top_line_cents)
  SELECT day, store, product, sum(amount_cents), count(*), max(amount_cents)
  FROM :raw: WHERE day >= ${DAY_OF(':start')} AND day < ${DAY_OF(':end')}
  GROUP BY day, store, product
  ORDER BY day, store, product`;

/** Year to date on `:day`: that day's sales plus the previous day's year to date, within the same year. */
export const SALES_YTD_FOR_DAY = `
  INSERT INTO :table: (day, store, product, ytd_revenue_cents, ytd_lines)
  SELECT d.day, d.store, d.product, d.revenue_cents + coalesce(p.ytd_revenue_cents, 0), d.lines + coalesce(p.ytd_lines, 0)
  FROM :daily: AS d
  LEFT JOIN :table: AS p
    ON p.day = CAST(:day AS date) - 1 AND p.store = d.store AND p.product = d.product
   AND extract(year FROM p.day) = extract(year FROM d.day)
  WHERE d.day = CAST(:day AS date)`;

export const SALES_YTD_ONE_PASS = `
  INSERT INTO :table: (day, store, product, ytd_revenue_cents, ytd_lines)
  SELECT day, store, product, sum(revenue_cents) OVER w, sum(lines) OVER w
  FROM :daily: WHERE day >= ${DAY_OF(':start')} AND day < ${DAY_OF(':end')}
  WINDOW w AS (PARTITION BY store, product, extract(year FROM day) ORDER BY day)
  ORDER BY day, store, product`;

/** Revenue and lines per month and store, for every month of `[start, end)`. */
export const MONTHLY_SALES = `
  INSERT INTO :table: (month, store, revenue_cents, lines)
  SELECT date_trunc('month', day)::date, store, sum(revenue_cents), sum(lines)
  FROM :daily: WHERE day >= ${DAY_OF(':start')} AND day < ${DAY_OF(':end')}
  GROUP BY 1, 2`;
