/**
 * Checks on a real shadow: production and shadow tables in PostgreSQL, rows
 * written as a shadow partition write leaves them, then `runChecks` called as
 * the worker would call it (it needs no activity context).
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssetCatalog } from '../../assets/asset-catalog';
import { dailyPartitions } from '../../assets/partitions';
import { defineAsset, type Asset } from '../../assets/define-asset';
import { runChecksActivity } from '../../activities/run-checks';
import { blockingFailures, formatCheckOutcome, type CheckOutcome } from '../../core/checks/check-outcome';
import type { CheckSpec } from '../../core/checks/check-spec';
import { migrate } from '../../db/migrate';
import { CHECK_RESULTS_TABLE, SHADOW_PARTITIONS_TABLE } from '../../db/rows';
import { prepareShadow } from '../../db/shadow/prepare-shadow';
import { shadowTables } from '../../db/shadow/shadow-names';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

type Row = { day: string; segment: string | null; revenue: number | null; orders: number };

const CHECKS: CheckSpec[] = [
  { kind: 'rowCount', tolerance: 0.1 },
  { kind: 'notNull', columns: ['segment', 'revenue'] },
  { kind: 'unique', columns: ['day', 'segment'] },
  { kind: 'coverage' },
  { kind: 'coverage', minRows: 2, severity: 'warn', name: 'two segments a day' },
  { kind: 'sql', name: 'no negative revenue', sql: 'SELECT day, segment, revenue FROM :table: WHERE revenue < 0 ORDER BY day' },
];

const dailyRevenue = (checks: CheckSpec[]): Asset =>
  defineAsset({ name: 'daily_revenue', partitions: dailyPartitions({ start: '2023-01-01' }), partitionColumn: 'day', materialize: async () => {}, checks });

const both = (day: string, revenue = 10): Row[] => [
  { day, segment: 'gold', revenue, orders: 1 },
  { day, segment: 'silver', revenue, orders: 1 },
];

let database: TestDatabase;
let db: Knex;
const asset = dailyRevenue(CHECKS);
const runChecks = () => runChecksActivity({ db, catalog: new AssetCatalog([asset]) });

/** What a shadow partition write leaves: the partition recorded, its rows in the data table. */
async function writePartition(backfillId: string, day: string, rows: Row[]): Promise<void> {
  const start = new Date(`${day}T00:00:00Z`);
  const end = new Date(start.getTime() + 86_400_000);
  await db(SHADOW_PARTITIONS_TABLE).insert({ backfill_id: backfillId, asset: 'daily_revenue', partition_key: day, window_start: start, window_end: end });
  if (rows.length > 0) await db(shadowTables(backfillId, asset).data).insert(rows);
}

async function storedResults(backfillId: string) {
  return db(CHECK_RESULTS_TABLE)
    .where({ backfill_id: backfillId })
    .orderBy('id')
    .select('asset', 'check_name', 'severity', 'passed', 'message', 'failing_count', 'failing_sample');
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  await migrate(db);
  // No primary key: the shadow copies production's constraints, and duplicates must be possible to check for.
  await db.schema.createTable('daily_revenue', (t) => {
    t.date('day').notNullable();
    t.text('segment');
    t.decimal('revenue', 14, 2);
    t.integer('orders').notNullable();
  });
  // Production: 2023-01-01 to 03 and 05, two segments a day.
  await db('daily_revenue').insert([...both('2023-01-01'), ...both('2023-01-02'), ...both('2023-01-03'), ...both('2023-01-05')]);

  await prepareShadow({ knex: db }, { backfillId: 'good', assets: [asset], keepReplacedDays: 7 });
  for (const day of ['2023-01-01', '2023-01-02', '2023-01-03']) await writePartition('good', day, both(day, 11));

  await prepareShadow({ knex: db }, { backfillId: 'bad', assets: [asset], keepReplacedDays: 7 });
  await writePartition('bad', '2023-01-01', [
    { day: '2023-01-01', segment: 'gold', revenue: 10, orders: 1 },
    { day: '2023-01-01', segment: 'gold', revenue: 12, orders: 2 },
    { day: '2023-01-01', segment: null, revenue: 5, orders: 1 },
  ]);
  await writePartition('bad', '2023-01-02', [
    { day: '2023-01-02', segment: 'gold', revenue: 10, orders: 1 },
    { day: '2023-01-02', segment: 'gold', revenue: 11, orders: 1 },
    { day: '2023-01-02', segment: 'gold', revenue: 12, orders: 1 },
    { day: '2023-01-02', segment: 'silver', revenue: -4, orders: 1 },
  ]);
  await writePartition('bad', '2023-01-03', []);
  await writePartition('bad', '2023-01-04', [{ day: '2023-01-04', segment: 'gold', revenue: null, orders: 1 }]);
});

afterAll(async () => {
  await database?.drop();
});

const outcome = (check: string, kind: CheckOutcome['kind'], rest: Partial<CheckOutcome>): CheckOutcome => ({
  asset: 'daily_revenue',
  check,
  kind,
  severity: 'error',
  passed: true,
  failingCount: 0,
  failingSample: [],
  message: '',
  ...rest,
});

describe('checks on a shadow', () => {
  it('pass on a good backfill, comparing with production rows of the same partitions only', async () => {
    const outcomes = await runChecks()({ backfillId: 'good', assets: ['daily_revenue'] });
    expect(outcomes).toEqual([
      outcome('rowCount ±10%', 'rowCount', { message: '6 rows vs 6 in production (0%, tolerance ±10%)' }),
      outcome('notNull(segment, revenue)', 'notNull', { message: 'no nulls in segment, revenue' }),
      outcome('unique(day, segment)', 'unique', { message: 'no duplicated (day, segment)' }),
      outcome('coverage ≥ 1 row', 'coverage', { message: 'all 3 partitions have ≥ 1 row' }),
      outcome('two segments a day', 'coverage', { severity: 'warn', message: 'all 3 partitions have ≥ 2 rows' }),
      outcome('no negative revenue', 'sql', { message: 'no failing rows' }),
    ]);
    expect(blockingFailures(outcomes)).toEqual([]);
  });

  it('fail on a bad backfill with what was measured and a sample of the failing rows', async () => {
    const outcomes = await runChecks()({ backfillId: 'bad', assets: ['daily_revenue'] });
    expect(outcomes).toEqual([
      // 2023-01-04 has no production rows; 2023-01-05 is not in the shadow: 8 rows vs 6.
      outcome('rowCount ±10%', 'rowCount', { passed: false, message: '8 rows vs 6 in production (+33.3%, tolerance ±10%)' }),
      outcome('notNull(segment, revenue)', 'notNull', {
        passed: false,
        message: '2 rows have a null in segment, revenue',
        failingCount: 2,
        failingSample: [
          { day: '2023-01-01', segment: null, revenue: 5, orders: 1 },
          { day: '2023-01-04', segment: 'gold', revenue: null, orders: 1 },
        ],
      }),
      outcome('unique(day, segment)', 'unique', {
        passed: false,
        message: '2 duplicated keys',
        failingCount: 2,
        failingSample: [
          { day: '2023-01-01', segment: 'gold', count: 2 },
          { day: '2023-01-02', segment: 'gold', count: 3 },
        ],
      }),
      outcome('coverage ≥ 1 row', 'coverage', {
        passed: false,
        message: '1 of 4 partitions is empty',
        failingCount: 1,
        failingSample: [{ partition: '2023-01-03', rows: 0 }],
      }),
      outcome('two segments a day', 'coverage', {
        severity: 'warn',
        passed: false,
        message: '2 of 4 partitions have fewer than 2 rows',
        failingCount: 2,
        failingSample: [
          { partition: '2023-01-03', rows: 0 },
          { partition: '2023-01-04', rows: 1 },
        ],
      }),
      outcome('no negative revenue', 'sql', {
        passed: false,
        message: '1 failing row',
        failingCount: 1,
        failingSample: [{ day: '2023-01-02', segment: 'silver', revenue: -4 }],
      }),
    ]);
    // The warning is reported, but only the error checks block publish.
    expect(blockingFailures(outcomes).map((o) => o.check)).toEqual([
      'rowCount ±10%',
      'notNull(segment, revenue)',
      'unique(day, segment)',
      'coverage ≥ 1 row',
      'no negative revenue',
    ]);
    expect(formatCheckOutcome(outcomes[2]!)).toBe(
      '✗ error daily_revenue unique(day, segment): 2 duplicated keys — e.g. {"day":"2023-01-01","count":2,"segment":"gold"}',
    );
  });
});
