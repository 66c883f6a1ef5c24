/**
 * `retrofill diff` against real PostgreSQL: a known bug fix (daily revenue
 * joined to each customer's current segment instead of the one valid when the
 * event happened) rebuilt correctly in a shadow, compared with production.
 */
import { resolve } from 'node:path';
import { ApplicationFailure } from '@temporalio/activity';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffShadowActivity } from '../../activities/diff-shadow';
import { AssetCatalog } from '../../assets/asset-catalog';
import { defineAsset } from '../../assets/define-asset';
import { loadAssetsModule } from '../../assets/load-assets-module';
import { staticPartitions } from '../../assets/partitions';
import { formatShadowDiff } from '../../cli/views/shadow-diff-view';
import type { ShadowDiff } from '../../core/shadow/shadow-diff';
import { migrate } from '../../db/migrate';
import { SHADOWS_TABLE, SHADOW_PARTITIONS_TABLE, type DbShadowPartitionRow } from '../../db/rows';
import { prepareShadow } from '../../db/shadow/prepare-shadow';
import { shadowTables } from '../../db/shadow/shadow-names';
import { DAILY_REVENUE, GENERATE_CUSTOMERS, GENERATE_RAW_EVENTS, MONTHLY_REVENUE } from '../../examples/demo/sql';
import { golden } from '../helpers/golden';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

const DAY_MS = 86_400_000;
const FIX = 'fix-point-in-time';
const MARCH = { start: new Date('2023-03-01T00:00:00Z'), end: new Date('2023-04-01T00:00:00Z') };

/** The bug being fixed: every event gets its customer's segment of today. */
const DAILY_REVENUE_CURRENT_SEGMENT = `
  INSERT INTO daily_revenue (day, segment, revenue, orders)
  SELECT (e.occurred_at AT TIME ZONE 'UTC')::date, c.segment, sum(e.amount), count(*)
  FROM raw_events e JOIN customers c ON c.customer_id = e.customer_id AND c.valid_to IS NULL
  WHERE e.occurred_at >= :start AND e.occurred_at < :end
  GROUP BY 1, 2`;

let database: TestDatabase;
let db: Knex;
let demo: AssetCatalog;

/** What a backfill records as it writes the daily partitions of `[start, end)` to a shadow. */
function dailyShadowPartitions(backfillId: string, asset: string, start: Date, end: Date): DbShadowPartitionRow[] {
  const rows: DbShadowPartitionRow[] = [];
  for (let ms = start.getTime(); ms < end.getTime(); ms += DAY_MS) {
    const window_start = new Date(ms);
    rows.push({ backfill_id: backfillId, asset, partition_key: window_start.toISOString().slice(0, 10), window_start, window_end: new Date(ms + DAY_MS) });
  }
  return rows;
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  await migrate(db);
  demo = await loadAssetsModule(resolve(__dirname, '../../examples/demo/assets.ts'));
  for (const name of ['customers', 'raw_events', 'daily_revenue', 'monthly_revenue']) await demo.get(name).setup!(db);
  // Production: February and March, computed with the bug.
  const feb = new Date('2023-02-01T00:00:00Z');
  await db.raw(GENERATE_CUSTOMERS, { table: 'customers' });
  await db.raw(GENERATE_RAW_EVENTS, { table: 'raw_events', start: feb, end: MARCH.end, perDay: 200 });
  await db.raw(DAILY_REVENUE_CURRENT_SEGMENT, { start: feb, end: MARCH.end });
  await db.raw(MONTHLY_REVENUE, { table: 'monthly_revenue', daily: 'daily_revenue', start: feb, end: MARCH.end });
  // The fix, backfilled into a shadow for March: daily partitions, then the month reading them through the read view.
  const daily = demo.get('daily_revenue');
  const monthly = demo.get('monthly_revenue');
  await prepareShadow({ knex: db }, { backfillId: FIX, assets: [daily, monthly], keepReplacedDays: 7 });
  await db(SHADOW_PARTITIONS_TABLE).insert(dailyShadowPartitions(FIX, 'daily_revenue', MARCH.start, MARCH.end));
  await db.raw(DAILY_REVENUE, { table: shadowTables(FIX, daily).data, events: 'raw_events', customers: 'customers', ...MARCH });
  await db(SHADOW_PARTITIONS_TABLE).insert({ backfill_id: FIX, asset: 'monthly_revenue', partition_key: '2023-03', window_start: MARCH.start, window_end: MARCH.end });
  await db.raw(MONTHLY_REVENUE, { table: shadowTables(FIX, monthly).data, daily: shadowTables(FIX, daily).read, ...MARCH });
});

afterAll(async () => {
  await database?.drop();
});

describe('diff of a shadow that fixes a point-in-time join', () => {
  let diff: ShadowDiff;
  beforeAll(async () => {
    diff = await diffShadowActivity({ db, catalog: demo })({ backfillId: FIX });
  });

  it('finds exactly the days a plain SQL comparison of the two results finds', async () => {
    const shadow = shadowTables(FIX, demo.get('daily_revenue')).data;
    const { rows } = await db.raw(
      `WITH prod AS (SELECT * FROM daily_revenue WHERE day >= '2023-03-01' AND day < '2023-04-01'), fixed AS (SELECT * FROM ??)
       SELECT DISTINCT to_char(day, 'YYYY-MM-DD') AS day FROM ((SELECT * FROM prod EXCEPT SELECT * FROM fixed) UNION (SELECT * FROM fixed EXCEPT SELECT * FROM prod)) AS d
        ORDER BY 1`,
      [shadow],
    );
    const expected = rows.map((r: { day: string }) => r.day);
    const daily = diff.assets.find((a) => a.asset === 'daily_revenue')!;
    // The scenario has both: customers still changing segment during March, and days after the last change.
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(31);
    expect(daily.differences.map((d) => d.partition)).toEqual(expected);
    expect(daily.partitions).toBe(31);
    expect(daily.changedPartitions).toBe(expected.length);
    expect(daily.matchedBy).toEqual(['day', 'segment']);
  });

  it('counts rows as plain SQL does, and leaves February (not in the shadow) out', async () => {
    const shadow = shadowTables(FIX, demo.get('daily_revenue')).data;
    const { rows } = await db.raw(
      `WITH prod AS (SELECT * FROM daily_revenue WHERE day >= '2023-03-01' AND day < '2023-04-01'), fixed AS (SELECT * FROM ??)
       SELECT (SELECT count(*) FROM prod)::int AS before, (SELECT count(*) FROM fixed)::int AS after,
              (SELECT count(*) FROM fixed f WHERE NOT EXISTS (SELECT 1 FROM prod p WHERE p.day = f.day AND p.segment = f.segment))::int AS added,
              (SELECT count(*) FROM prod p WHERE NOT EXISTS (SELECT 1 FROM fixed f WHERE p.day = f.day AND p.segment = f.segment))::int AS removed,
              (SELECT count(*) FROM prod p JOIN fixed f USING (day, segment) WHERE (p.revenue, p.orders) <> (f.revenue, f.orders))::int AS changed`,
      [shadow],
    );
    const daily = diff.assets.find((a) => a.asset === 'daily_revenue')!;
    expect({ before: daily.rowsBefore, after: daily.rowsAfter, added: daily.added, removed: daily.removed, changed: daily.changed }).toEqual(rows[0]);
    const monthly = diff.assets.find((a) => a.asset === 'monthly_revenue')!;
    expect(monthly).toMatchObject({ partitions: 1, changedPartitions: 1, matchedBy: ['month', 'segment'] });
    expect(monthly.differences.map((d) => d.partition)).toEqual(['2023-03']);
  });

  it('lists assets in the catalog order and reads as the golden file', () => {
    expect(diff.assets.map((a) => a.asset)).toEqual(['daily_revenue', 'monthly_revenue']);
    const text = formatShadowDiff(diff);
    expect(text).toBe(golden('diff-point-in-time-fix', text));
  });
});

describe('a table partitioned by a timestamptz column its key does not include', () => {
  it('matches rows by key within each partition: a row moved to another day is removed from one and added to the other', async () => {
    const backfillId = 'events-fix';
    const events = demo.get('raw_events');
    await prepareShadow({ knex: db }, { backfillId, assets: [events], keepReplacedDays: 7 });
    const start = new Date('2023-03-01T00:00:00Z');
    await db(SHADOW_PARTITIONS_TABLE).insert(dailyShadowPartitions(backfillId, 'raw_events', start, new Date('2023-03-03T00:00:00Z')));
    const shadow = shadowTables(backfillId, events).data;
    await db.raw(`INSERT INTO ?? SELECT * FROM raw_events WHERE occurred_at >= '2023-03-01T00:00:00Z' AND occurred_at < '2023-03-03T00:00:00Z'`, [shadow]);
    await db(shadow).where({ event_id: '2023-03-01-1' }).delete();
    await db(shadow).where({ event_id: '2023-03-01-2' }).update({ amount: db.raw('amount + 1') });
    await db(shadow).where({ event_id: '2023-03-01-3' }).update({ occurred_at: new Date('2023-03-02T12:00:00Z') });
    await db(shadow).insert({ event_id: 'late-1', customer_id: 1, amount: 5, occurred_at: new Date('2023-03-02T23:59:59Z') });

    const diff = await diffShadowActivity({ db, catalog: demo })({ backfillId });
    expect(diff.assets.map((a) => a.asset)).toEqual(['raw_events']);
    expect(diff.assets[0]!.matchedBy).toEqual(['event_id']);
    expect(diff.assets[0]!.differences).toEqual([
      { partition: '2023-03-01', rowsBefore: 200, rowsAfter: 198, added: 0, removed: 2, changed: 1 },
      { partition: '2023-03-02', rowsBefore: 200, rowsAfter: 202, added: 2, removed: 0, changed: 0 },
    ]);
  });
});

describe('tables without a primary key', () => {
  const readings = defineAsset({
    name: 'readings',
    partitions: staticPartitions(['east', 'north', 'south', 'west']),
    partitionColumn: 'region',
    materialize: async () => {},
  });
  const settings = defineAsset({ name: 'settings', materialize: async () => {} });
  const catalog = new AssetCatalog([settings, readings]);
  const backfillId = 'no-primary-key';

  it('compare whole rows as multisets, per partition, counting partitions empty on both sides', async () => {
    await db.schema.createTable('readings', (t) => {
      t.text('region').notNullable();
      t.text('sensor').notNullable();
      t.decimal('value', 10, 2);
    });
    await db.schema.createTable('settings', (t) => {
      t.text('name');
      t.text('value');
    });
    const reading = (region: string, sensor: string, value: number | null) => ({ region, sensor, value });
    await db('readings').insert([
      reading('north', 'a', 1),
      reading('north', 'a', 1),
      reading('north', 'b', 2),
      reading('south', 'c', null),
      reading('west', 'd', 4),
    ]);
    await db('settings').insert([
      { name: 'x', value: '1' },
      { name: 'y', value: '2' },
    ]);
    await prepareShadow({ knex: db }, { backfillId, assets: [readings, settings], keepReplacedDays: 7 });
    const tables = { readings: shadowTables(backfillId, readings).data, settings: shadowTables(backfillId, settings).data };
    await db(SHADOW_PARTITIONS_TABLE).insert(
      [['readings', 'north'], ['readings', 'south'], ['readings', 'east'], ['settings', 'all']].map(([asset, partition_key]) => ({
        backfill_id: backfillId,
        asset,
        partition_key,
      })),
    );
    // north: one (a, 1) fewer, one (b, 2) more (2.0 equals 2); south: a NULL equals a NULL; east: empty both sides.
    await db(tables.readings).insert([reading('north', 'a', 1), reading('north', 'b', 2), reading('north', 'b', 2.0), reading('south', 'c', null)]);
    await db(tables.settings).insert([
      { name: 'x', value: '1' },
      { name: 'y', value: '3' },
    ]);

    const diff = await diffShadowActivity({ db, catalog })({ backfillId });
    expect(diff).toEqual({
      backfillId,
      assets: [
        {
          asset: 'settings',
          partitions: 1,
          changedPartitions: 1,
          rowsBefore: 2,
          rowsAfter: 2,
          added: 1,
          removed: 1,
          changed: 0,
          differences: [{ partition: 'all', rowsBefore: 2, rowsAfter: 2, added: 1, removed: 1, changed: 0 }],
          matchedBy: [],
        },
        {
          asset: 'readings',
          partitions: 3,
          changedPartitions: 1,
          rowsBefore: 4,
          rowsAfter: 4,
          added: 1,
          removed: 1,
          changed: 0,
          differences: [{ partition: 'north', rowsBefore: 3, rowsAfter: 3, added: 1, removed: 1, changed: 0 }],
          matchedBy: [],
        },
      ],
    });
    expect(formatShadowDiff(diff)).toContain('readings: 1 of 3 partitions differ');
    expect(formatShadowDiff(diff)).toContain('  2 partitions unchanged');
  });
});

describe('a backfill that cannot be diffed', () => {
  it('without a shadow: ShadowNotFound', async () => {
    const error = await diffShadowActivity({ db, catalog: demo })({ backfillId: 'never-shadowed' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({
      type: 'ShadowNotFound',
      nonRetryable: true,
      message: "backfill never-shadowed has no shadow: only a backfill started with isolation 'shadow' has one",
    });
  });

  it('once published: ShadowState', async () => {
    await prepareShadow({ knex: db }, { backfillId: 'published', assets: [demo.get('daily_revenue')], keepReplacedDays: 7 });
    await db(SHADOWS_TABLE).where({ backfill_id: 'published' }).update({ state: 'published', published_at: db.fn.now() });
    const error = await diffShadowActivity({ db, catalog: demo })({ backfillId: 'published' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ type: 'ShadowState', nonRetryable: true });
    expect((error as Error).message).toContain('backfill published was already published');
  });
});
