/**
 * The failing rows of a check query: how many in all, and the first few as
 * JSON objects (PostgreSQL's `to_jsonb`, so dates read `2023-01-02` and a
 * sample is stored and shown exactly as the database rendered it).
 */
import type { Knex } from 'knex';
import type { Db } from '../db';
import type { RawResult } from '../raw-rows';
import { END_OF_CHECK_SQL } from './database-message';

export interface FailingRows {
  count: number;
  sample: Array<Record<string, unknown>>;
}

export const SAMPLE_ROWS = 5;

/**
 * Counts and samples the rows of `failing` in one query. `ordered` sorts the
 * sample by value, so a repeated run shows the same rows; custom SQL keeps
 * its own order.
 */
export async function failingRows(knex: Db, failing: Knex.Raw, { ordered }: { ordered: boolean }): Promise<FailingRows> {
  const { rows } = await failingRowsQuery(knex, failing, { ordered });
  return toFailingRows(rows);
}

/** The query of {@link failingRows}, to run elsewhere (custom checks run in their sandbox). */
export function failingRowsQuery(knex: Db, failing: Knex.Raw, { ordered }: { ordered: boolean }): Knex.Raw<RawResult<Record<string, unknown>>> {
  // A newline before the closing parenthesis: the query may end in a -- comment. The limit
  // is a bound value, so the query is sent as one prepared statement: SQL that closes the
  // parenthesis to add statements of its own (`; COMMIT; DELETE …`) is refused, not run.
  return knex.raw<RawResult<Record<string, unknown>>>(
    `SELECT count(*) OVER () AS count, to_jsonb(f) AS row FROM (\n?\n) AS f ${ordered ? 'ORDER BY to_jsonb(f)' : ''} LIMIT ? ${END_OF_CHECK_SQL}`,
    [failing, SAMPLE_ROWS],
  );
}

/** The count and sample in the rows of a {@link failingRowsQuery}. */
export function toFailingRows(rows: ReadonlyArray<Record<string, unknown>>): FailingRows {
  const found = rows as ReadonlyArray<{ count: string; row: Record<string, unknown> }>;
  return { count: found.length === 0 ? 0 : Number(found[0]!.count), sample: found.map((r) => r.row) };
}
