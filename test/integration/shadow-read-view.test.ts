/**
 * The read view of a shadow, for every time granularity (minute steps too) and column type: it
 * shows production's rows except those of the partitions the shadow holds,
 * in a session of any time zone (keys are UTC). Checked against plain range
 * queries on real PostgreSQL.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineAsset, type Asset } from '../../assets/define-asset';
import { dailyPartitions, hourlyPartitions, minutePartitions, monthlyPartitions } from '../../assets/partitions';
import { migrate } from '../../db/migrate';
import { prepareShadow } from '../../db/shadow/prepare-shadow';
import { addShadowPartitions } from '../../db/shadow/shadow-partitions';
import { shadowTables } from '../../db/shadow/shadow-names';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

const BACKFILL = 'view-check';

/** One asset per granularity and column type, with the partitions its shadow holds and their UTC windows. */
const CASES: Array<{ asset: Asset; type: string; held: string[]; windows: Array<[string, string]> }> = [
  {
    asset: defineAsset({ name: 'hourly_tz', partitions: hourlyPartitions({ start: '2024-03-01T00' }), partitionColumn: 'at', materialize: async () => {} }),
    type: 'timestamptz',
    held: ['2024-03-01T05', '2024-03-02T23'],
    windows: [['2024-03-01T05:00Z', '2024-03-01T06:00Z'], ['2024-03-02T23:00Z', '2024-03-03T00:00Z']],
  },
  {
    asset: defineAsset({ name: 'hourly_plain', partitions: hourlyPartitions({ start: '2024-03-01T00' }), partitionColumn: 'at', materialize: async () => {} }),
    type: 'timestamp',
    held: ['2024-03-01T00'],
    windows: [['2024-03-01T00:00Z', '2024-03-01T01:00Z']],
  },
  {
    asset: defineAsset({ name: 'daily_date', partitions: dailyPartitions({ start: '2024-03-01' }), partitionColumn: 'at', materialize: async () => {} }),
    type: 'date',
    held: ['2024-03-02'],
    windows: [['2024-03-02T00:00Z', '2024-03-03T00:00Z']],
  },
  {
    asset: defineAsset({ name: 'five_minutes_tz', partitions: minutePartitions({ start: '2024-03-01T00:00', every: 5 }), partitionColumn: 'at', materialize: async () => {} }),
    type: 'timestamptz',
    held: ['2024-03-01T05:55', '2024-03-02T00:05'],
    windows: [['2024-03-01T05:55Z', '2024-03-01T06:00Z'], ['2024-03-02T00:05Z', '2024-03-02T00:10Z']],
  },
  {
    asset: defineAsset({ name: 'quarter_hours_plain', partitions: minutePartitions({ start: '2024-03-01T00:00', every: 15 }), partitionColumn: 'at', materialize: async () => {} }),
    type: 'timestamp',
    held: ['2024-03-01T23:45'],
    windows: [['2024-03-01T23:45Z', '2024-03-02T00:00Z']],
  },
  {
    asset: defineAsset({ name: 'minutes_tz', partitions: minutePartitions({ start: '2024-03-01T00:00' }), partitionColumn: 'at', materialize: async () => {} }),
    type: 'timestamptz',
    held: ['2024-03-01T05:07'],
    windows: [['2024-03-01T05:07Z', '2024-03-01T05:08Z']],
  },
  {
    asset: defineAsset({ name: 'monthly_tz', partitions: monthlyPartitions({ start: '2024-01' }), partitionColumn: 'at', materialize: async () => {} }),
    type: 'timestamptz',
    held: ['2024-02'],
    windows: [['2024-02-01T00:00Z', '2024-03-01T00:00Z']],
  },
];

let database: TestDatabase;
let db: Knex;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  await migrate(db);
  for (const { asset, type } of CASES) {
    await db.raw(`CREATE TABLE ${asset.name} (id int PRIMARY KEY, at ${type} NOT NULL)`);
    // Every 17 minutes over 75 days, as UTC wall-clock times: rows on both sides of every boundary.
    await db.raw(
      `INSERT INTO ${asset.name} SELECT g, (timestamp '2024-01-20 00:00' + g * interval '17 minutes') ${type === 'timestamptz' ? "AT TIME ZONE 'UTC'" : ''} FROM generate_series(0, 6352) g`,
    );
  }
  await prepareShadow({ knex: db }, { backfillId: BACKFILL, assets: CASES.map((c) => c.asset), keepReplacedDays: 1 });
  await db.transaction(async (trx) => {
    for (const { asset, held } of CASES) await addShadowPartitions(trx, BACKFILL, asset, held);
  });
});

afterAll(async () => {
  await database?.drop();
});

describe('a shadow read view', () => {
  for (const zone of ['UTC', 'Asia/Kolkata', 'America/New_York']) {
    it(`shows production's rows outside the held partitions only, in a ${zone} session`, async () => {
      await db.transaction(async (trx) => {
        await trx.raw(`SET LOCAL TimeZone = '${zone}'`);
        for (const { asset, type, windows } of CASES) {
          const read = shadowTables(BACKFILL, asset).read;
          const seen = (await trx.raw(`SELECT id FROM ${read} ORDER BY id`)).rows.map((r: { id: number }) => r.id);
          // The held windows, as the column's own type compares them: UTC wall-clock for date and timestamp.
          const bound = (iso: string) => (type === 'timestamptz' ? `timestamptz '${iso}'` : `(timestamptz '${iso}' AT TIME ZONE 'UTC')`);
          const inside = windows.map(([s, e]) => `(at >= ${bound(s)} AND at < ${bound(e)})`).join(' OR ');
          const expected = (await trx.raw(`SELECT id FROM ${asset.name} WHERE NOT (${inside}) ORDER BY id`)).rows.map((r: { id: number }) => r.id);
          const total = (await trx.raw(`SELECT count(*)::int AS n FROM ${asset.name}`)).rows[0].n;
          expect(expected.length, asset.name).toBeLessThan(total);
          expect(seen, asset.name).toEqual(expected);
        }
      });
    });
  }
});
