/**
 * The bench's own assets compute what its references say, on a real
 * PostgreSQL: the four-asset DAG partition by partition equals its one-pass
 * reference, the chain computed as one window equals it day by day, and the
 * fingerprint that compares tables notices a changed row.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAssetsModule } from '../../assets/load-assets-module';
import { plainScript } from '../../bench/baselines';
import { buildDagReference, dagReferenceFingerprints } from '../../bench/daily-dag/reference';
import { materializeDirectly } from '../../bench/materialize-directly';
import { differingTables, tableFingerprint } from '../../bench/table-fingerprint';
import { prepareDatabase } from '../../worker/prepare-database';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

const BENCH = join(__dirname, '..', '..', 'bench');
/** January and February 2019: 59 days, 2 months. */
const START = new Date('2019-01-01T00:00:00Z');
const END = new Date('2019-03-01T00:00:00Z');

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

describe('the bench DAG', () => {
  it('partition by partition, in order, equals one pass per table', async () => {
    const catalog = await loadAssetsModule(join(BENCH, 'daily-dag', 'assets.ts'));
    await prepareDatabase(database.db, catalog);
    const script = await plainScript(database.db, catalog, START, END);
    expect(script.perAsset).toEqual({
      dag_raw_sales: { ms: expect.any(Number), partitions: 59 },
      dag_daily_sales: { ms: expect.any(Number), partitions: 59 },
      dag_sales_ytd: { ms: expect.any(Number), partitions: 59 },
      dag_monthly_sales: { ms: expect.any(Number), partitions: 2 },
    });
    await buildDagReference(database.db, START, END);
    const expected = await dagReferenceFingerprints(database.db);
    // 6,000 lines a day over 100 stores × 20 products: every pair every day.
    expect(Object.fromEntries(Object.entries(expected).map(([t, f]) => [t, f.rows]))).toEqual({
      dag_raw_sales: 59 * 6000,
      dag_daily_sales: 59 * 2000,
      dag_sales_ytd: 59 * 2000,
      dag_monthly_sales: 2 * 100,
    });
    expect(await differingTables(database.db, expected)).toEqual([]);

    // Year to date restarts on January 1st: 2019-01-31 is the sum of January's daily rows.
    const { rows } = await database.db.raw<{ rows: Array<{ ytd: string; january: string }> }>(
      `SELECT (SELECT sum(ytd_revenue_cents) FROM dag_sales_ytd WHERE day = '2019-01-31')::text AS ytd,
              (SELECT sum(revenue_cents) FROM dag_daily_sales WHERE day < '2019-02-01')::text AS january`,
    );
    expect(rows[0]!.ytd).toBe(rows[0]!.january);
  });
});

describe('the bench chain', () => {
  it('computed as one window of 40 days equals its days one by one', async () => {
    const catalog = await loadAssetsModule(join(BENCH, 'chain', 'assets.ts'));
    await prepareDatabase(database.db, catalog);
    const end = new Date(START.getTime() + 40 * 86_400_000);
    await plainScript(database.db, catalog, START, end);
    const dayByDay = await tableFingerprint(database.db, 'chain_running_totals');
    expect(dayByDay.rows).toBe(40 * 500);
    const keys = Array.from({ length: 40 }, (_, i) => new Date(START.getTime() + i * 86_400_000).toISOString().slice(0, 10));
    await materializeDirectly(database.db, catalog.get('chain_running_totals'), keys);
    expect(await tableFingerprint(database.db, 'chain_running_totals')).toEqual(dayByDay);
  });
});

describe('a table fingerprint', () => {
  it('is the same for the same rows in any order, and notices one changed row', async () => {
    await database.db.raw('CREATE TABLE fingerprint_a (id int, v text)');
    await database.db.raw('CREATE TABLE fingerprint_b (id int, v text)');
    await database.db.raw(`INSERT INTO fingerprint_a SELECT g, 'v' || g FROM generate_series(1, 1000) AS g`);
    await database.db.raw(`INSERT INTO fingerprint_b SELECT g, 'v' || g FROM generate_series(1000, 1, -1) AS g`);
    const a = await tableFingerprint(database.db, 'fingerprint_a');
    expect(a.rows).toBe(1000);
    expect(await tableFingerprint(database.db, 'fingerprint_b')).toEqual(a);
    await database.db.raw(`UPDATE fingerprint_b SET v = 'changed' WHERE id = 7`);
    expect(await differingTables(database.db, { fingerprint_b: a })).toEqual(['fingerprint_b (1000 rows, expected 1000)']);
  });
});
