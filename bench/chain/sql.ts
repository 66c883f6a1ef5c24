/**
 * One link of the bench's cumulative chain: a day of synthetic events,
 * generated in the query (deterministic hashes of the day and the event
 * number), summed per account and added to the previous day's totals. The
 * generation and the aggregation are the link's real work (no sleep).
 */

/** Events a day and accounts: sized so that one link costs about 10 ms of SQL on the bench machine. */
export const CHAIN_VOLUME = { eventsPerDay: 14000, accounts: 500 } as const;

/**
 * Totals up to and including `:day` (a `YYYY-MM-DD` text). Every account has
 * events every day (`g % accounts`), so each link writes every account.
 */
export const RUNNING_TOTALS_FOR_DAY = `
  INSERT INTO :table: (day, account, total_cents, events)
  WITH today AS (
    SELECT g % :accounts AS account, (hashtext(CAST(:day AS text) || ':' || g) & 2147483647) % 10000 AS cents
    FROM generate_series(1, :eventsPerDay) AS g
  ), sums AS (
    SELECT account, sum(cents) AS cents, count(*) AS events FROM today GROUP BY account
  )
  SELECT CAST(:day AS date), s.account, s.cents + coalesce(p.total_cents, 0), s.events + coalesce(p.events, 0)
  FROM sums AS s
  LEFT JOIN :table: AS p ON p.day = CAST(:day AS date) - 1 AND p.account = s.account`;
