/**
 * The physical limit of the bench DAG: each table computed by PostgreSQL in
 * one pass over the whole range into `ref_<table>`, and the fingerprints a
 * correct backfill must reproduce.
 */
import type { Knex } from 'knex';
import { tableFingerprint, type TableFingerprint } from '../table-fingerprint';
import { DAG_VOLUME, DAILY_SALES, MONTHLY_SALES, RAW_SALES_ONE_PASS, SALES_YTD_ONE_PASS } from './sql';
import { DAG_TABLES } from './tables';

/** Builds every `ref_<table>` over `[start, end)` (whole months) in one statement each. @returns ms per table and in all. */
export async function buildDagReference(db: Knex, start: Date, end: Date): Promise<{ ms: number; perTable: Record<string, number> }> {
  for (const [table, columns] of Object.entries(DAG_TABLES)) {
    await db.schema.dropTableIfExists(`ref_${table}`);
    await db.schema.createTable(`ref_${table}`, columns);
  }
  const statements: Record<string, [string, Record<string, unknown>]> = {
    dag_raw_sales: [RAW_SALES_ONE_PASS, { table: 'ref_dag_raw_sales', start, end, ...DAG_VOLUME }],
    dag_daily_sales: [DAILY_SALES, { table: 'ref_dag_daily_sales', raw: 'ref_dag_raw_sales', start, end }],
    dag_sales_ytd: [SALES_YTD_ONE_PASS, { table: 'ref_dag_sales_ytd', daily: 'ref_dag_daily_sales', start, end }],
    dag_monthly_sales: [MONTHLY_SALES, { table: 'ref_dag_monthly_sales', daily: 'ref_dag_daily_sales', start, end }],
  };
  const perTable: Record<string, number> = {};
  await db.transaction(async (trx) => {
    // The memory to aggregate and sort the whole range without spilling to disk: the best one pass can do.
    await trx.raw(`SET LOCAL work_mem = '256MB'`);
    for (const [table, [sql, bindings]] of Object.entries(statements)) {
      const began = performance.now();
      await trx.raw(sql, bindings as Knex.ValueDict);
      perTable[table] = performance.now() - began;
    }
  });
  return { ms: Object.values(perTable).reduce((a, b) => a + b, 0), perTable };
}

/** The fingerprints of the `ref_` tables, by the name of the table they stand for. */
export async function dagReferenceFingerprints(db: Knex): Promise<Record<string, TableFingerprint>> {
  const fingerprints: Record<string, TableFingerprint> = {};
  for (const table of Object.keys(DAG_TABLES)) fingerprints[table] = await tableFingerprint(db, `ref_${table}`);
  return fingerprints;
}
