/**
 * The demo DAG backfilled over 90 days through a real Temporal dev server and
 * real PostgreSQL, compared with a one-pass SQL reference.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAssetsModule } from '../../assets/load-assets-module';
import { RetrofillClient } from '../../client';
import type { BackfillSummary } from '../../core/run/backfill-summary';
import { buildReference } from '../../examples/demo/reference';
import { demoChecksums } from '../helpers/demo-state';
import { peakOverlap, succeededIntervals, type LedgerInterval } from '../helpers/ledger-queries';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { startTestWorker, type TestWorker } from '../helpers/test-worker';
import { inject } from 'vitest';

const REQUEST = {
  assets: ['customers', 'raw_events'],
  from: '2023-01-01',
  to: '2023-03-31', // Q1 2023: 90 days, whole months
  downstream: true,
  maxConcurrency: 4,
};
const RANGE = { start: new Date('2023-01-01T00:00:00Z'), end: new Date('2023-04-01T00:00:00Z') };

let database: TestDatabase;
let worker: TestWorker;
let client: RetrofillClient;
const runs: Array<{ summary: BackfillSummary; checksums: Record<string, { rows: number; md5: string }> }> = [];

const checksums = (prefix = '') => demoChecksums(database.db, prefix);

beforeAll(async () => {
  database = await createTestDatabase();
  const catalog = await loadAssetsModule(resolve(__dirname, '../../examples/demo/assets.ts'));
  worker = await startTestWorker({ catalog, db: database.db });
  client = await RetrofillClient.connect({ address: inject('temporalAddress'), taskQueue: worker.taskQueue });
  for (let run = 0; run < 2; run++) {
    // The re-run forces every partition (mode all): by default it would find nothing to do.
    const handle = await client.start(run === 0 ? REQUEST : { ...REQUEST, mode: 'all' });
    runs.push({ summary: await handle.result(), checksums: await checksums() });
  }
  await buildReference(database.db, RANGE.start, RANGE.end);
});

afterAll(async () => {
  await client?.close();
  await worker?.stop();
  await database?.drop();
});

describe('a 90-day backfill of the demo DAG', () => {
  it('succeeds for every partition of every asset, downstream included', () => {
    const { summary } = runs[0]!;
    expect(summary.outcome).toBe('completed');
    const totals = Object.fromEntries(summary.assets.map((a) => [a.asset, [a.total, a.succeeded]]));
    expect(totals).toEqual({
      customers: [1, 1],
      raw_events: [90, 90],
      daily_revenue: [90, 90],
      customer_lifetime_value: [90, 90],
      monthly_revenue: [3, 3],
    });
    expect(summary.assets.find((a) => a.asset === 'raw_events')!.rows).toBe(90 * 200);
  });

  it('leaves every table equal to the one-pass SQL reference', async () => {
    const reference = await checksums('ref_');
    expect(reference.raw_events!.rows).toBe(90 * 200);
    expect(runs[0]!.checksums).toEqual(reference);
  });

  it('joins segments as of each event, which differs from joining as of now', async () => {
    const asOfNow = await database.db.raw(`
      SELECT (e.occurred_at AT TIME ZONE 'UTC')::date AS day, c.segment, sum(e.amount) AS revenue
      FROM raw_events e JOIN customers c ON c.customer_id = e.customer_id AND c.valid_to IS NULL
      GROUP BY 1, 2`);
    const pointInTime = await database.db('daily_revenue').select('day', 'segment', 'revenue');
    const key = (r: { day: Date; segment: string }) => `${r.day.toISOString()}|${r.segment}`;
    const nowRevenue = new Map(asOfNow.rows.map((r: { day: Date; segment: string; revenue: string }) => [key(r), r.revenue]));
    const differing = pointInTime.filter((r) => nowRevenue.get(key(r)) !== r.revenue);
    expect(differing.length).toBeGreaterThan(0);
    // Both attribute the same total: only the segment attribution differs.
    const total = (rows: Array<{ revenue: string }>) => rows.reduce((s, r) => s + Number(r.revenue), 0);
    expect(total(pointInTime)).toBeCloseTo(total(asOfNow.rows), 2);
  });

  it('computes the cumulative lifetime value from day-by-day increments', async () => {
    const [last] = await database.db('customer_lifetime_value').where({ day: '2023-03-31' }).sum({ total: 'lifetime_revenue' });
    const [events] = await database.db('raw_events').sum({ total: 'amount' });
    expect(Number(last!.total)).toBeCloseTo(Number(events!.total), 2);
  });
});

describe('running the same backfill twice', () => {
  it('leaves identical tables without duplicate rows', async () => {
    expect(runs[1]!.checksums).toEqual(runs[0]!.checksums);
    const [{ n }] = (await database.db.raw('SELECT count(*) - count(DISTINCT event_id) AS n FROM raw_events')).rows;
    expect(Number(n)).toBe(0);
  });

  it('records two succeeded ledger entries per partition', async () => {
    const counts = await database.db('retrofill_ledger')
      .select('asset', 'partition_key')
      .count({ n: '*' })
      .where({ status: 'succeeded' })
      .groupBy('asset', 'partition_key');
    expect(counts).toHaveLength(1 + 90 + 90 + 90 + 3);
    expect(new Set(counts.map((c) => Number(c.n)))).toEqual(new Set([2]));
  });
});

describe('the ledger timestamps of one run', () => {
  let intervals: LedgerInterval[];
  beforeAll(async () => {
    intervals = await succeededIntervals(database.db, runs[0]!.summary.backfillId);
  });
  const of = (asset: string) => intervals.filter((i) => i.asset === asset);

  it('show parallel partitions overlapping but never more than maxConcurrency at once', () => {
    expect(peakOverlap(intervals)).toBeLessThanOrEqual(REQUEST.maxConcurrency);
    expect(peakOverlap(of('raw_events'))).toBeGreaterThan(1);
  });

  it('show the dependsOnPast asset never overlapping, in key order', () => {
    const clv = of('customer_lifetime_value');
    expect(peakOverlap(clv)).toBe(1);
    const keys = clv.map((i) => i.partition_key);
    expect(keys).toEqual([...keys].sort());
  });

  it('show no partition starting before the partitions it reads have finished', () => {
    const at = new Map(intervals.map((i) => [`${i.asset}/${i.partition_key}`, i]));
    const reads = (i: LedgerInterval): string[] => {
      const day = i.partition_key;
      const previous = () => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
      switch (i.asset) {
        case 'daily_revenue':
          return [`raw_events/${day}`, 'customers/all'];
        case 'customer_lifetime_value':
          return [`raw_events/${day}`, ...(day === '2023-01-01' ? [] : [`customer_lifetime_value/${previous()}`])];
        case 'monthly_revenue':
          return intervals.filter((u) => u.asset === 'daily_revenue' && u.partition_key.startsWith(day)).map((u) => `daily_revenue/${u.partition_key}`);
        default:
          return [];
      }
    };
    let checked = 0;
    for (const i of intervals) {
      for (const input of reads(i)) {
        expect(at.get(input), input).toBeDefined();
        expect(i.started_at.getTime(), `${i.asset}/${i.partition_key} after ${input}`).toBeGreaterThanOrEqual(at.get(input)!.finished_at.getTime());
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(90 * 4);
  });
});
