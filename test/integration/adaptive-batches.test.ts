/**
 * The adaptive policy through the real servers: cheap partitions run in
 * batches (a child and an activity for many partitions), and every
 * per-partition guarantee still holds — one succeeded ledger row per
 * partition with its own rows, timings and inputs, a failure fails that
 * partition alone, and the ledger agrees with the summary.
 */
import { resolve } from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadAssetsModule } from '../../assets/load-assets-module';
import { RetrofillClient } from '../../client';
import type { BackfillSummary } from '../../core/run/backfill-summary';
import { connectDatabase } from '../../db/connect';
import { control } from '../fixtures/batch-assets';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { startTestWorker, type TestWorker } from '../helpers/test-worker';

let database: TestDatabase;
let worker: TestWorker;
let client: RetrofillClient;
let logDb: Knex;

beforeAll(async () => {
  database = await createTestDatabase();
  logDb = connectDatabase({ url: database.url, poolMax: 4 });
  control.log = logDb;
  const catalog = await loadAssetsModule(resolve(__dirname, '../fixtures/batch-assets.ts'));
  worker = await startTestWorker({ catalog, db: database.db });
  client = await RetrofillClient.connect({ address: inject('temporalAddress'), taskQueue: worker.taskQueue });
});

afterAll(async () => {
  control.log = undefined;
  await client?.close();
  await worker?.stop();
  await logDb?.destroy();
  await database?.drop();
});

interface LedgerRow {
  id: string;
  asset: string;
  partition_key: string;
  status: string;
  attempt: number;
  row_count: string | null;
  error: string | null;
  workflow_id: string;
  run_id: string;
  upstream_versions: Record<string, string>;
  started_at: Date;
  finished_at: Date | null;
}

const ledgerOf = (backfillId: string): Promise<LedgerRow[]> =>
  database.db('retrofill_ledger').where({ backfill_id: backfillId }).orderBy('id') as Promise<LedgerRow[]>;

describe('a cheap daily DAG (a load, a cumulative chain, a monthly rollup)', () => {
  let summary: BackfillSummary;
  let ledger: LedgerRow[];

  beforeAll(async () => {
    summary = await (await client.start({ assets: ['raw'], from: '2024-01-01', to: '2024-06-30', downstream: true, maxConcurrency: 4 })).result();
    ledger = await ledgerOf(summary.backfillId);
  });

  it('completes every partition, counted as partitions', () => {
    expect(summary).toMatchObject({ outcome: 'completed', total: 182 * 2 + 6, succeeded: 182 * 2 + 6, failed: 0, skipped: 0 });
  });

  it('runs them in batches: far fewer children than partitions', () => {
    const chain = ledger.filter((r) => r.asset === 'running_total');
    const children = new Set(chain.map((r) => r.workflow_id));
    expect(children.size).toBeLessThan(182 / 4);
    // A member of a batch is a partition run of its own: `<batch run id>/<key>`.
    expect(chain.filter((r) => r.run_id.endsWith(`/${r.partition_key}`)).length).toBeGreaterThan(182 / 2);
  });

  it('records exactly one succeeded row per partition, none left running, each with its own rows and timings', () => {
    expect(ledger.filter((r) => r.status !== 'succeeded')).toEqual([]);
    const keys = ledger.map((r) => `${r.asset}/${r.partition_key}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const r of ledger) expect(Number(r.row_count)).toBe(r.asset === 'raw' ? 10 : 1);
    for (const r of ledger) expect(r.finished_at!.getTime()).toBeGreaterThanOrEqual(r.started_at.getTime());
    // The chain ran one link after the other: each started once the one before it had finished.
    const chain = ledger.filter((r) => r.asset === 'running_total').sort((a, b) => a.partition_key.localeCompare(b.partition_key));
    for (let i = 1; i < chain.length; i++) expect(chain[i]!.started_at.getTime()).toBeGreaterThanOrEqual(chain[i - 1]!.finished_at!.getTime());
  });

  it('records the inputs each partition read: its raw day and the link before it', () => {
    const idOf = new Map(ledger.map((r) => [`${r.asset}/${r.partition_key}`, String(r.id)]));
    const link = ledger.find((r) => r.asset === 'running_total' && r.partition_key === '2024-03-15')!;
    expect(link.upstream_versions).toEqual({ 'raw/2024-03-15': idOf.get('raw/2024-03-15'), 'running_total/2024-03-14': idOf.get('running_total/2024-03-14') });
  });

  it('is counted by partitions in status --asset and in the plan, as in the summary', async () => {
    const status = await client.assetStatus('running_total');
    const first182 = status.statuses.slice(0, 182);
    expect(first182).toBe('m'.repeat(182));
    const plan = await client.plan({ assets: ['raw'], from: '2024-01-01', to: '2024-06-30', downstream: true, mode: 'all', maxConcurrency: 4 });
    expect(plan.total).toBe(182 * 2 + 6);
    expect(plan.estimate.ms).toBeGreaterThan(0);
  });

  it('writes the same tables as one SQL pass', async () => {
    const { rows } = await database.db.raw(
      `SELECT count(*)::int AS wrong FROM running_total t
         JOIN (SELECT day, sum(sum(n)) OVER (ORDER BY day) AS total FROM raw GROUP BY day) r USING (day)
        WHERE t.total <> r.total`,
    );
    expect(rows[0].wrong).toBe(0);
    expect(Number((await database.db('running_total').count({ n: '*' }))[0]!.n)).toBe(182);
  });
});

describe('a failure in a batch', () => {
  let summary: BackfillSummary;
  let ledger: LedgerRow[];

  beforeAll(async () => {
    control.flakyKeys.add('2024-01-10');
    control.brokenKeys.add('2024-01-20');
    try {
      summary = await (await client.start({ assets: ['raw'], from: '2024-01-01', to: '2024-01-31', downstream: true, mode: 'all', maxConcurrency: 2 })).result();
    } finally {
      control.brokenKeys.clear();
    }
    ledger = await ledgerOf(summary.backfillId);
  });

  const asset = (name: string) => summary.assets.find((a) => a.asset === name)!;

  it('fails that partition alone; its neighbours in the batch succeed', () => {
    expect(asset('raw')).toMatchObject({ total: 31, succeeded: 30, failed: 1, skipped: 0 });
    expect(asset('raw').failures).toEqual([{ partition: '2024-01-20', reason: 'raw feed for 2024-01-20 is corrupt' }]);
  });

  it('skips only what reads it, naming it', () => {
    expect(asset('running_total')).toMatchObject({ total: 31, succeeded: 19, failed: 0, skipped: 12 });
    expect(asset('running_total').skips[0]).toEqual({ partition: '2024-01-20', reason: 'upstream raw/2024-01-20 failed' });
    expect(asset('monthly')).toMatchObject({ total: 1, skipped: 1 });
  });

  it('retries a retryable failure alone, counting the batch attempt, and the ledger tells the same story', () => {
    const flaky = ledger.filter((r) => r.asset === 'raw' && r.partition_key === '2024-01-10');
    expect(flaky.map((r) => ({ status: r.status, attempt: r.attempt }))).toEqual([
      { status: 'failed', attempt: 1 },
      { status: 'succeeded', attempt: 2 },
    ]);
    expect(flaky[0]!.error).toBe('raw feed for 2024-01-10 timed out');
    // The failed attempt ran in a batch; the retry in a child of its own.
    expect(flaky[0]!.run_id.endsWith('/2024-01-10')).toBe(true);
    expect(flaky[1]!.run_id).not.toContain('/');
    const broken = ledger.filter((r) => r.asset === 'raw' && r.partition_key === '2024-01-20');
    expect(broken.map((r) => [r.status, r.attempt, r.error])).toEqual([['failed', 1, 'raw feed for 2024-01-20 is corrupt']]);
    const succeeded = ledger.filter((r) => r.status === 'succeeded');
    expect(succeeded.length).toBe(summary.succeeded);
    expect(new Set(succeeded.map((r) => `${r.asset}/${r.partition_key}`)).size).toBe(succeeded.length);
    expect(ledger.filter((r) => r.status === 'running')).toEqual([]);
  });
});

/** The raw partitions that started after `at` (PostgreSQL's clock, as the log's). */
async function startsAfter(at: Date): Promise<number> {
  const { rows } = await logDb.raw(`SELECT count(*)::int AS n FROM batch_log WHERE asset = 'raw' AND event = 'start' AND at > ?`, [at]);
  return rows[0].n;
}

const now = async (): Promise<Date> => (await logDb.raw('SELECT clock_timestamp() AS t')).rows[0].t as Date;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('steering a backfill whose partitions run in batches', () => {
  it('pauses within 1 s, runs one at a time once throttled, cancels within 2 s; the ledger agrees with the summary', async () => {
    control.rawSeconds = 0.05;
    try {
      const handle = await client.start({ assets: ['raw'], from: '2024-01-01', to: '2024-12-31', mode: 'all', maxConcurrency: 3 });
      const waitSucceeded = async (n: number) => {
        for (let i = 0; i < 600 && (await handle.progress()).totals.succeeded < n; i++) await sleep(100);
      };
      await waitSucceeded(40);
      const running = (await handle.progress()).running;
      expect(running.some((r) => (r.partitions ?? 1) > 1)).toBe(true);

      const pausedAt = await now();
      await handle.pause();
      await sleep(3_000);
      expect(await startsAfter(new Date(pausedAt.getTime() + 1_000))).toBe(0);
      const paused = await handle.progress();
      expect(paused.state).toBe('paused');
      expect(paused.running).toEqual([]);

      await handle.throttle(1);
      const resumedAt = await now();
      await handle.resume();
      await sleep(3_000);
      const { rows: overlaps } = await logDb.raw(
        `SELECT count(*)::int AS n FROM
           (SELECT partition_key, min(at) FILTER (WHERE event = 'start') AS s, max(at) FILTER (WHERE event = 'end') AS e
              FROM batch_log WHERE asset = 'raw' GROUP BY partition_key) a
           JOIN (SELECT partition_key, min(at) FILTER (WHERE event = 'start') AS s, max(at) FILTER (WHERE event = 'end') AS e
              FROM batch_log WHERE asset = 'raw' GROUP BY partition_key) b
             ON a.partition_key < b.partition_key AND a.s < b.e AND b.s < a.e
          WHERE a.s > ? AND b.s > ?`,
        [resumedAt, resumedAt],
      );
      expect(overlaps[0].n).toBe(0);

      const cancelledAt = await now();
      await handle.cancel();
      const summary = await handle.result().catch((error: unknown) => {
        throw error;
      });
      expect(await startsAfter(new Date(cancelledAt.getTime() + 2_000))).toBe(0);
      expect(summary.outcome).toBe('cancelled');
      const ledger = await ledgerOf(summary.backfillId);
      const count = (status: string) => ledger.filter((r) => r.status === status).length;
      expect(count('succeeded')).toBe(summary.succeeded);
      expect(count('cancelled')).toBe(summary.cancelled);
      expect(count('running')).toBe(0);
      expect(summary.succeeded + summary.cancelled + summary.pending).toBe(366);
    } finally {
      control.rawSeconds = 0;
    }
  });
});

describe('two backfills that cut the same range differently', () => {
  it('never write the same partition at once, and each records one success per partition', async () => {
    control.rawSeconds = 0.01;
    try {
      await logDb.raw('TRUNCATE batch_log');
      const [a, b] = await Promise.all([
        client.start({ assets: ['raw'], from: '2024-01-01', to: '2024-03-31', mode: 'all', maxConcurrency: 3 }),
        client.start({ assets: ['raw'], from: '2024-02-15', to: '2024-04-30', mode: 'all', maxConcurrency: 2 }),
      ]);
      const [first, second] = await Promise.all([a.result(), b.result()]);
      expect([first.outcome, second.outcome]).toEqual(['completed', 'completed']);
      const { rows } = await logDb.raw(
        `WITH starts AS (SELECT partition_key, at, row_number() OVER (PARTITION BY partition_key ORDER BY at) AS n FROM batch_log WHERE event = 'start'),
              ends AS (SELECT partition_key, at, row_number() OVER (PARTITION BY partition_key ORDER BY at) AS n FROM batch_log WHERE event = 'end'),
              spans AS (SELECT s.partition_key, s.at AS s, e.at AS e FROM starts s JOIN ends e USING (partition_key, n))
         SELECT count(*)::int AS n FROM spans x JOIN spans y ON x.partition_key = y.partition_key AND x.s < y.s AND y.s < x.e`,
      );
      expect(rows[0].n).toBe(0);
      for (const summary of [first, second]) {
        const succeeded = (await ledgerOf(summary.backfillId)).filter((r) => r.status === 'succeeded');
        expect(succeeded.length).toBe(summary.total);
        expect(new Set(succeeded.map((r) => r.partition_key)).size).toBe(summary.total);
      }
    } finally {
      control.rawSeconds = 0;
    }
  });
});
