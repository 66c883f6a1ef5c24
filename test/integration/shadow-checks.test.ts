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
import { formatCheckOutcome } from '../../cli/views/shadow-view';
import { blockingFailures, type CheckOutcome } from '../../core/checks/check-outcome';
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

describe('checks that cannot run', () => {
  const broken = dailyRevenue([
    { kind: 'notNull', columns: ['segmnt'] },
    // The marker that separates knex's SQL from the database's message must survive a ' - ' in the SQL.
    { kind: 'sql', name: 'typo', sql: 'SELECT revenue - 1 AS r FROM :table: WHERE nosuch > 0' },
    { kind: 'sql', name: 'writes', sql: "SELECT setval('check_writes', 42) AS v", severity: 'warn' },
    { kind: 'sql', name: 'escapes', sql: 'SELECT 1 AS x) AS y; COMMIT; DELETE FROM daily_revenue; SELECT * FROM (SELECT 1 AS x' },
    {
      kind: 'sql',
      name: 'segments production lacks',
      sql: 'SELECT DISTINCT segment FROM :table: AS t WHERE NOT EXISTS (SELECT 1 FROM :production: AS p WHERE p.segment = t.segment);\n',
    },
    { kind: 'sql', name: 'question marks', sql: "SELECT * FROM :table: AS t WHERE to_jsonb(t) ? 'nosuch' OR segment = '?' -- no bindings?" },
  ]);
  const run = (backfillId: string) => runChecksActivity({ db, catalog: new AssetCatalog([broken]) })({ backfillId, assets: ['daily_revenue'] });

  it("fail with the database's message instead of crashing, and custom SQL cannot write", async () => {
    await db.raw('CREATE SEQUENCE check_writes');
    const outcomes = await run('good');
    expect(outcomes.map(({ check, severity, passed, message }) => ({ check, severity, passed, message }))).toEqual([
      { check: 'notNull(segmnt)', severity: 'error', passed: false, message: 'could not run: column "segmnt" does not exist' },
      { check: 'typo', severity: 'error', passed: false, message: 'could not run: column "nosuch" does not exist' },
      // The checks' role may read the check's two tables only (docs/security.md#custom-sql-checks).
      { check: 'writes', severity: 'warn', passed: false, message: 'could not run: permission denied for sequence check_writes' },
      { check: 'escapes', severity: 'error', passed: false, message: 'could not run: cannot insert multiple commands into a prepared statement' },
      // Both bindings and a trailing semicolon: it runs, and finds every segment in production.
      { check: 'segments production lacks', severity: 'error', passed: true, message: 'no failing rows' },
      // Question marks are SQL's own, and a trailing comment does not swallow the wrapping query.
      { check: 'question marks', severity: 'error', passed: true, message: 'no failing rows' },
    ]);
    const { rows } = await db.raw('SELECT last_value, is_called FROM check_writes');
    expect(rows[0]).toEqual({ last_value: '1', is_called: false });
    expect(await db('daily_revenue').count({ n: '*' })).toEqual([{ n: '8' }]);
  });

  it('fail, naming the missing table, on a backfill whose shadow was never prepared', async () => {
    const outcomes = await run('never-prepared');
    const data = shadowTables('never-prepared', broken).data;
    expect(outcomes).toHaveLength(6);
    for (const o of outcomes) {
      expect(o).toMatchObject({ passed: false, message: `could not run: the shadow of backfill never-prepared has no table ${data} for asset daily_revenue: it was not prepared` });
    }
  });

  it('refuse an unknown asset', async () => {
    await expect(runChecks()({ backfillId: 'good', assets: ['daily_revenue', 'nope'] })).rejects.toThrow('unknown asset "nope" (known: daily_revenue)');
  });
});

describe('stored check results', () => {
  it('hold one row per check, replaced (not duplicated) by a second run, other backfills untouched', async () => {
    const first = await runChecks()({ backfillId: 'bad', assets: ['daily_revenue'] });
    await runChecks()({ backfillId: 'good', assets: ['daily_revenue'] });
    const stored = await storedResults('bad');
    expect(stored).toHaveLength(6);
    expect(stored[2]).toEqual({
      asset: 'daily_revenue',
      check_name: 'unique(day, segment)',
      severity: 'error',
      passed: false,
      message: '2 duplicated keys',
      failing_count: '2',
      failing_sample: [
        { day: '2023-01-01', segment: 'gold', count: 2 },
        { day: '2023-01-02', segment: 'gold', count: 3 },
      ],
    });
    expect(stored.map((r) => r.check_name)).toEqual(first.map((o) => o.check));
    expect(stored.map((r) => r.passed)).toEqual(first.map((o) => o.passed));

    // The data is fixed and the checks run again (as an activity retry would): the results are replaced.
    await db(shadowTables('bad', asset).data).where({ revenue: -4 }).update({ revenue: 4 });
    await runChecks()({ backfillId: 'bad', assets: ['daily_revenue'] });
    const again = await storedResults('bad');
    expect(again).toHaveLength(6);
    expect(again[5]).toMatchObject({ check_name: 'no negative revenue', passed: true, message: 'no failing rows', failing_count: '0', failing_sample: [] });
    expect(await storedResults('good')).toHaveLength(6);
  });
});

describe('checks of several assets', () => {
  it('run those declared, on unpartitioned assets too, and skip assets without checks', async () => {
    const customers = defineAsset({
      name: 'customers',
      materialize: async () => {},
      checks: [{ kind: 'rowCount', tolerance: 0.25 }, { kind: 'coverage', minRows: 3 }],
    });
    const quiet = defineAsset({ name: 'quiet', materialize: async () => {} });
    await db.schema.createTable('customers', (t) => t.integer('customer_id').primary());
    await db.schema.createTable('quiet', (t) => t.integer('id'));
    await db('customers').insert([{ customer_id: 1 }, { customer_id: 2 }]);
    await prepareShadow({ knex: db }, { backfillId: 'several', assets: [customers, quiet, asset], keepReplacedDays: 7 });
    await db(SHADOW_PARTITIONS_TABLE).insert({ backfill_id: 'several', asset: 'customers', partition_key: 'all' });
    await db(shadowTables('several', customers).data).insert([{ customer_id: 1 }, { customer_id: 2 }, { customer_id: 3 }]);

    const catalog = new AssetCatalog([customers, quiet, asset]);
    const outcomes = await runChecksActivity({ db, catalog })({ backfillId: 'several', assets: ['quiet', 'customers'] });
    expect(outcomes.map(formatCheckOutcome)).toEqual([
      '✗ error customers rowCount ±25%: 3 rows vs 2 in production (+50%, tolerance ±25%)',
      '✓ error customers coverage ≥ 3 rows: its one partition has ≥ 3 rows',
    ]);
    expect((await storedResults('several')).map((r) => r.check_name)).toEqual(['rowCount ±25%', 'coverage ≥ 3 rows']);
  });
});
