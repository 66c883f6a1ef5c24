/** j. The console's grid at the size of its target: a no-op asset of exactly 100,000 hourly partitions. */
import type { Knex } from 'knex';
import { defineAsset, hourlyPartitions } from '../../index';

export const consoleHours = defineAsset({
  name: 'console_hours',
  // 100,000 hours: `end` is exclusive.
  partitions: hourlyPartitions({ start: '2010-01-01', end: '2021-05-29T16' }),
  partitionColumn: 'hour',
  setup: async (db: Knex) => {
    if (!(await db.schema.hasTable('console_hours'))) await db.schema.createTable('console_hours', (t) => t.specificType('hour', 'timestamptz'));
  },
  materialize: async () => {},
});
