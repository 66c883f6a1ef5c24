/**
 * The priority bench's asset: hourly partitions of 200 ms of work each (a
 * wait, holding an activity slot, as a slow query or an API call would),
 * under the default policy: a backfill of them keeps more activities waiting
 * on the shared task queue than the worker has slots.
 */
import type { Knex } from 'knex';
import { defineAsset, hourlyPartitions } from '../../index';

export const WORK_MS = 200;

export const busyHours = defineAsset({
  name: 'busy_hours',
  partitions: hourlyPartitions({ start: '2010-01-01' }),
  partitionColumn: 'hour',
  setup: async (db: Knex) => {
    if (!(await db.schema.hasTable('busy_hours'))) await db.schema.createTable('busy_hours', (t) => t.specificType('hour', 'timestamptz').index());
  },
  materialize: async () => {
    await new Promise((resolve) => setTimeout(resolve, WORK_MS));
  },
});
