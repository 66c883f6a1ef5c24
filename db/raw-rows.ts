/**
 * Raw statements with their result typed: knex types what `raw` returns as
 * `any`, so each caller names the columns it selects (or RETURNs) instead.
 */
import type { Knex } from 'knex';
import type { Db } from './db';

/** What the pg driver returns for a raw statement, as far as Retrofill reads it. */
export interface RawResult<Row> {
  /** The rows selected, or returned by RETURNING. */
  rows: Row[];
  /** The rows an INSERT, UPDATE or DELETE wrote (or a SELECT returned). */
  rowCount: number;
}

/** The rows of raw `sql`, whose columns are `Row`'s. */
export async function rawRows<Row>(db: Db, sql: string, bindings: readonly Knex.RawBinding[] | Knex.ValueDict): Promise<Row[]> {
  const { rows } = await db.raw<RawResult<Row>>(sql, bindings);
  return rows;
}
