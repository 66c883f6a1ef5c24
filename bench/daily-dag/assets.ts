/**
 * The bench's four-asset daily DAG over synthetic sales (see sql.ts):
 *
 *   dag_raw_sales ──> dag_daily_sales ─┬─> dag_sales_ytd (dependsOnPast)
 *                                      └─> dag_monthly_sales (monthly)
 *
 * Each computes any window of whole days (the cumulative one day by day), so
 * every backfill policy writes the same rows.
 */
import { dailyPartitions, defineAsset, monthlyPartitions } from '../../index';
import { benchPolicy } from '../bench-policy';
import { daysOfWindow } from '../days-of-window';
import { DAG_VOLUME, DAILY_SALES, MONTHLY_SALES, RAW_SALES_FOR_DAY, SALES_YTD_FOR_DAY } from './sql';
import { createDagTable } from './tables';

export const DAG_FIRST_DAY = '2019-01-01';

export const rawSales = defineAsset({
  name: 'dag_raw_sales',
  partitions: dailyPartitions({ start: DAG_FIRST_DAY }),
  partitionColumn: 'day',
  ...benchPolicy(),
  setup: createDagTable('dag_raw_sales'),
  materialize: async ({ db, table, window }) => {
    for (const day of daysOfWindow(window!)) await db.raw(RAW_SALES_FOR_DAY, { table, day, ...DAG_VOLUME });
  },
});

export const dailySales = defineAsset({
  name: 'dag_daily_sales',
  partitions: dailyPartitions({ start: DAG_FIRST_DAY }),
  partitionColumn: 'day',
  deps: ['dag_raw_sales'],
  ...benchPolicy(),
  setup: createDagTable('dag_daily_sales'),
  materialize: async ({ db, table, window }) => {
    await db.raw(DAILY_SALES, { table, raw: 'dag_raw_sales', start: window!.start, end: window!.end });
  },
});

export const salesYearToDate = defineAsset({
  name: 'dag_sales_ytd',
  partitions: dailyPartitions({ start: DAG_FIRST_DAY }),
  partitionColumn: 'day',
  deps: ['dag_daily_sales'],
  dependsOnPast: true,
  ...benchPolicy(),
  setup: createDagTable('dag_sales_ytd'),
  materialize: async ({ db, table, window }) => {
    for (const day of daysOfWindow(window!)) await db.raw(SALES_YTD_FOR_DAY, { table, daily: 'dag_daily_sales', day });
  },
});

export const monthlySales = defineAsset({
  name: 'dag_monthly_sales',
  partitions: monthlyPartitions({ start: DAG_FIRST_DAY }),
  partitionColumn: 'month',
  deps: ['dag_daily_sales'],
  ...benchPolicy(),
  setup: createDagTable('dag_monthly_sales'),
  materialize: async ({ db, table, window }) => {
    await db.raw(MONTHLY_SALES, { table, daily: 'dag_daily_sales', start: window!.start, end: window!.end });
  },
});
