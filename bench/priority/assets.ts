/**
 * The priority bench's asset: hourly partitions of 50 ms of work each (a
 * wait, holding an activity slot), one child per partition, so a backfill
 * keeps the shared task queue backlogged.
 */
import type { Knex } from 'knex';
import { defineAsset, hourlyPartitions } from '../../index';

export const WORK_MS = 50;

export const busyHours = defineAsset({
  name: 'busy_hours',
  partitions: hourlyPartitions({ start: '2010-01-01' }),
  partitionColumn: 'hour',
  backfillPolicy: { kind: 'perPartition' },
  setup: async (db: Knex) => {
    if (!(await db.schema.hasTable('busy_hours'))) await db.schema.createTable('busy_hours', (t) => t.specificType('hour', 'timestamptz').index());
  },
  materialize: async () => {
    await new Promise((resolve) => setTimeout(resolve, WORK_MS));
  },
});
