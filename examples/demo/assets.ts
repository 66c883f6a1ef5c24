/**
 * The demo pipeline: synthetic events, a customer dimension with history,
 * revenue per day (joined point-in-time), lifetime value (cumulative) and
 * revenue per month.
 *
 *   customers ─┐
 *              ├─> daily_revenue ──> monthly_revenue
 *   raw_events ┤
 *              └─> customer_lifetime_value (dependsOnPast)
 */
import type { Knex } from 'knex';
import { dailyPartitions, defineAsset, monthlyPartitions } from '../../index';
import { demoEventsPerDay } from './volume';
import { DAILY_REVENUE, GENERATE_CUSTOMERS, GENERATE_RAW_EVENTS, LIFETIME_VALUE_INCREMENT, MONTHLY_REVENUE } from './sql';

const FIRST_DAY = '2023-01-01';

/** Creates a table unless it exists. */
const table = (name: string, columns: (t: Knex.CreateTableBuilder) => void) => async (db: Knex) => {
  if (!(await db.schema.hasTable(name))) await db.schema.createTable(name, columns);
};

export const customers = defineAsset({
  name: 'customers',
  setup: table('customers', (t) => {
    t.integer('customer_id').notNullable();
    t.text('segment').notNullable();
    t.specificType('valid_from', 'timestamptz').notNullable();
    t.specificType('valid_to', 'timestamptz');
    t.primary(['customer_id', 'valid_from']);
  }),
  materialize: async ({ db, table }) => {
    await db.raw(GENERATE_CUSTOMERS, { table });
  },
});

export const rawEvents = defineAsset({
  name: 'raw_events',
  partitions: dailyPartitions({ start: FIRST_DAY }),
  partitionColumn: 'occurred_at',
  setup: table('raw_events', (t) => {
    t.text('event_id').primary();
    t.integer('customer_id').notNullable();
    t.decimal('amount', 10, 2).notNullable();
    t.specificType('occurred_at', 'timestamptz').notNullable().index();
  }),
  materialize: async ({ db, table, window }) => {
    await db.raw(GENERATE_RAW_EVENTS, { table, start: window!.start, end: window!.end, perDay: demoEventsPerDay() });
  },
});

export const dailyRevenue = defineAsset({
  name: 'daily_revenue',
  partitions: dailyPartitions({ start: FIRST_DAY }),
  partitionColumn: 'day',
  deps: ['raw_events', 'customers'],
  // Run on a shadow backfill's data before it is published (`isolation: 'shadow'`).
  checks: [
    { kind: 'unique', columns: ['day', 'segment'] },
    { kind: 'notNull', columns: ['segment', 'revenue'] },
    { kind: 'coverage', minRows: 1 },
    { kind: 'rowCount', tolerance: 0.2, severity: 'warn' },
    { kind: 'sql', name: 'revenue ≥ 0', sql: 'SELECT day, segment, revenue FROM :table: WHERE revenue < 0' },
  ],
  setup: table('daily_revenue', (t) => {
    t.date('day').notNullable();
    t.text('segment').notNullable();
    t.decimal('revenue', 14, 2).notNullable();
    t.integer('orders').notNullable();
    t.primary(['day', 'segment']);
  }),
  materialize: async ({ db, table, window }) => {
    await db.raw(DAILY_REVENUE, { table, events: 'raw_events', customers: 'customers', start: window!.start, end: window!.end });
  },
});

export const customerLifetimeValue = defineAsset({
  name: 'customer_lifetime_value',
  partitions: dailyPartitions({ start: FIRST_DAY }),
  partitionColumn: 'day',
  deps: ['raw_events'],
  dependsOnPast: true,
  setup: table('customer_lifetime_value', (t) => {
    t.date('day').notNullable();
    t.integer('customer_id').notNullable();
    t.decimal('lifetime_revenue', 14, 2).notNullable();
    t.primary(['day', 'customer_id']);
  }),
  materialize: async ({ db, table, window }) => {
    await db.raw(LIFETIME_VALUE_INCREMENT, { table, events: 'raw_events', start: window!.start, end: window!.end });
  },
});

export const monthlyRevenue = defineAsset({
  name: 'monthly_revenue',
  partitions: monthlyPartitions({ start: FIRST_DAY }),
  partitionColumn: 'month',
  deps: ['daily_revenue'],
  checks: [{ kind: 'coverage' }, { kind: 'unique', columns: ['month', 'segment'] }],
  setup: table('monthly_revenue', (t) => {
    t.date('month').notNullable();
    t.text('segment').notNullable();
    t.decimal('revenue', 16, 2).notNullable();
    t.integer('orders').notNullable();
    t.primary(['month', 'segment']);
  }),
  materialize: async ({ db, table, window }) => {
    await db.raw(MONTHLY_REVENUE, { table, daily: 'daily_revenue', start: window!.start, end: window!.end });
  },
});
