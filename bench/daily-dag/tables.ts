/** The bench DAG's tables: created by its assets' `setup`, and copied by the reference. */
import type { Knex } from 'knex';

/** Each table of the DAG and its columns. */
export const DAG_TABLES: Record<string, (t: Knex.CreateTableBuilder) => void> = {
  dag_raw_sales: (t) => {
    t.date('day').notNullable();
    t.integer('line').notNullable();
    t.integer('store').notNullable();
    t.integer('product').notNullable();
    t.integer('amount_cents').notNullable();
    t.primary(['day', 'line']);
  },
  dag_daily_sales: (t) => {
    t.date('day').notNullable();
    t.integer('store').notNullable();
    t.integer('product').notNullable();
    t.bigInteger('revenue_cents').notNullable();
    t.integer('lines').notNullable();
    t.integer('top_line_cents').notNullable();
    t.primary(['day', 'store', 'product']);
  },
  dag_sales_ytd: (t) => {
    t.date('day').notNullable();
    t.integer('store').notNullable();
    t.integer('product').notNullable();
    t.bigInteger('ytd_revenue_cents').notNullable();
    t.bigInteger('ytd_lines').notNullable();
    t.primary(['day', 'store', 'product']);
  },
  dag_monthly_sales: (t) => {
    t.date('month').notNullable();
    t.integer('store').notNullable();
    t.bigInteger('revenue_cents').notNullable();
    t.bigInteger('lines').notNullable();
    t.primary(['month', 'store']);
  },
};

/** `setup` for one of the tables: creates it unless it exists. */
export const createDagTable = (name: string) => async (db: Knex) => {
  if (!(await db.schema.hasTable(name))) await db.schema.createTable(name, DAG_TABLES[name]!);
};
