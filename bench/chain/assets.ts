/**
 * The bench's `dependsOnPast` chain: one daily asset whose day N reads day
 * N-1 (running totals per account), so a backfill must walk its days in order.
 */
import type { Knex } from 'knex';
import { dailyPartitions, defineAsset } from '../../index';
import { benchPolicy } from '../bench-policy';
import { daysOfWindow } from '../days-of-window';
import { CHAIN_VOLUME, RUNNING_TOTALS_FOR_DAY } from './sql';

export const CHAIN_FIRST_DAY = '2019-01-01';

export const runningTotals = defineAsset({
  name: 'chain_running_totals',
  partitions: dailyPartitions({ start: CHAIN_FIRST_DAY }),
  partitionColumn: 'day',
  dependsOnPast: true,
  ...benchPolicy(),
  setup: async (db: Knex) => {
    if (await db.schema.hasTable('chain_running_totals')) return;
    await db.schema.createTable('chain_running_totals', (t) => {
      t.date('day').notNullable();
      t.integer('account').notNullable();
      t.bigInteger('total_cents').notNullable();
      t.integer('events').notNullable();
      t.primary(['day', 'account']);
    });
  },
  // Day by day, so a window of several days (a run-based policy) is computed as its days would be.
  materialize: async ({ db, table, window }) => {
    for (const day of daysOfWindow(window!)) await db.raw(RUNNING_TOTALS_FOR_DAY, { table, day, ...CHAIN_VOLUME });
  },
});
