/**
 * Chaos: a backfill fed by a local HTTP API that allows 5 requests per second
 * and fails 10% of them with 503, through TWO real `retrofill worker`
 * processes sharing the `crm-api` rate limit; one of them is killed with
 * SIGKILL mid-run (and started again). Afterwards: the backfill completed,
 * the API never saw more than 5 requests in any second nor answered 429,
 * every page was served successfully once (a page may be fetched once more
 * per kill: the crash can fall between the response and the staging commit),
 * and the table holds exactly what the API serves.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RetrofillClient } from '../../client';
import type { BackfillSummary } from '../../core/run/backfill-summary';
import { startCrmApi, type CrmApiStats } from '../../examples/crm-api/crm-api-server';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { expectContactsPublished } from '../helpers/crm-expectations';
import { waitFor } from '../helpers/wait-for';
import { ledgerFigures, type LedgerFigures } from './helpers/ledger-checks';
import { chaosSeed, seededPrng, sleep } from './helpers/prng';
import { report } from './helpers/report';
import { WorkerProcess, killAllWorkers } from '../helpers/worker-process';

const SEED = chaosSeed(5);
const LIMIT = 5;
const PAGES = 3;
const PAGE_SIZE = 20;
const DAYS = Array.from({ length: 20 }, (_, i) => `2024-01-${String(i + 1).padStart(2, '0')}`);
const MAX_CONCURRENCY = 8;
const RESULT_TIMEOUT_MS = 180_000;

let api: Awaited<ReturnType<typeof startCrmApi>>;
let database: TestDatabase;
let client: RetrofillClient;
const workers: WorkerProcess[] = [];
let summary: BackfillSummary;
let stats: CrmApiStats;
let ledger: LedgerFigures;
let kills = 0;
let killedAfterServed = 0;

beforeAll(async () => {
  api = await startCrmApi({ limitPerSecond: LIMIT, failureRate: 0.1, pagesPerDay: PAGES, pageSize: PAGE_SIZE });
  database = await createTestDatabase();
  const taskQueue = `chaos-api-${randomBytes(4).toString('hex')}`;
  const env = {
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    RETROFILL_TASK_QUEUE: taskQueue,
    CRM_API_URL: api.url,
    CRM_API_RATE_LIMIT: String(LIMIT),
  };
  for (const name of ['a', 'b']) {
    workers.push(new WorkerProcess({ name: `api-worker-${name}`, assets: 'examples/crm-api/assets.ts', env, concurrency: 4 }));
  }
  // One after the other: workers starting at once on a fresh database race on its migrations (see concurrent-start.test.ts).
  for (const w of workers) await w.start();
  client = await RetrofillClient.connect({ address: inject('temporalAddress'), taskQueue });

  const prng = seededPrng(SEED);
  const started = Date.now();
  const handle = await client.start({ assets: ['crm_contacts'], from: DAYS[0]!, to: DAYS.at(-1)!, maxConcurrency: MAX_CONCURRENCY });
  const result = handle.result();
  result.catch(() => undefined);

  // Mid-run: once a third to a half of the pages were served.
  const servedPages = () => Promise.resolve(Object.values(api.stats().served).reduce((a, b) => a + b, 0));
  const killAt = prng.int(DAYS.length, (DAYS.length * PAGES) / 2);
  killedAfterServed = await waitFor('pages to be served', servedPages, (n) => n >= killAt, 120_000, 20);
  const victim = workers[prng.int(0, 1)]!;
  await victim.kill9();
  kills++;
  await victim.start();

  summary = await Promise.race([
    result,
    sleep(RESULT_TIMEOUT_MS).then(() => {
      throw new Error(`backfill ${handle.backfillId} did not end within ${RESULT_TIMEOUT_MS} ms`);
    }),
  ]);
  const backfillMs = Date.now() - started;
  stats = api.stats();
  ledger = await ledgerFigures(database.db, handle.backfillId);
  const perDay: Array<{ day: string; n: number }> = (
    await database.db.raw(`SELECT to_char(day, 'YYYY-MM-DD') AS day, count(*)::int AS n FROM crm_contacts GROUP BY 1 ORDER BY 1`)
  ).rows;
  const counted = new Map(perDay.map((r) => [r.day, r.n]));
  const wrongDays = DAYS.filter((d) => counted.get(d) !== PAGES * PAGE_SIZE).map((d) => `${d}: ${counted.get(d) ?? 0} rows`);
  const ledgerRows = await database.db('retrofill_ledger')
    .where({ backfill_id: handle.backfillId })
    .orderBy('id')
    .select('partition_key', 'status', 'attempt', 'row_count', 'error', 'started_at', 'finished_at');
  const servedTwice = Object.entries(stats.served).filter(([, n]) => n > 1).map(([page, n]) => `${page} x${n}`);
  report('flaky-api', {
    seed: SEED,
    partitions: summary.total,
    outcome: summary.outcome,
    kills,
    killedAfterServed,
    peakPerSecond: stats.peakPerSecond,
    limitPerSecond: LIMIT,
    requests: stats.requests,
    tooManyRequests: stats.tooManyRequests,
    unavailable503: stats.unavailable,
    pagesServed: Object.values(stats.served).reduce((a, b) => a + b, 0),
    pagesExpected: DAYS.length * PAGES,
    pagesFetchedTwice: servedTwice,
    partitionsReExecuted: ledger.reExecuted,
    ledgerByStatus: ledger.byStatus,
    daysWithWrongRowCount: wrongDays,
    ...(wrongDays.length > 0 && { ledgerOfWrongDays: ledgerRows.filter((r) => wrongDays.some((w) => w.startsWith(r.partition_key))) }),
    backfillMs,
    requestsPerSecondOverall: Number((stats.requests / (backfillMs / 1000)).toFixed(2)),
  });
});

afterAll(async () => {
  await killAllWorkers();
  await client?.close();
  await database?.drop();
  await api?.close();
});

describe('a backfill from a flaky, rate-limited API through two worker processes, one killed mid-run', () => {
  it('completes every partition', () => {
    expect(kills).toBe(1);
    expect(summary).toMatchObject({ outcome: 'completed', total: DAYS.length, succeeded: DAYS.length, failed: 0, skipped: 0 });
  });

  it('keeps both processes together under the API limit: never more than 5 requests in a second, no 429', () => {
    expect(stats.unavailable).toBeGreaterThan(0);
    expect(stats.peakPerSecond).toBeLessThanOrEqual(LIMIT);
    expect(stats.tooManyRequests).toBe(0);
  });

  it('serves every page successfully once, plus at most one extra fetch per kill', () => {
    const pages = DAYS.flatMap((d) => Array.from({ length: PAGES }, (_, i) => `${d}/${i + 1}`));
    expect(Object.keys(stats.served).sort()).toEqual(pages.sort());
    const extra = Object.values(stats.served).reduce((sum, n) => sum + (n - 1), 0);
    // A page is fetched again only when a kill fell between its response and the commit of its
    // staged rows: with requests ~220 ms apart, at most one page is in that window at a time.
    expect(extra).toBeLessThanOrEqual(kills);
  });

  it('publishes whole partitions equal to what the API serves, without duplicates or leftovers', async () => {
    await expectContactsPublished(database.db, DAYS, PAGES, PAGE_SIZE);
  });

  it('records exactly one succeeded materialization per partition, none left running', () => {
    expect(ledger.partitions).toBe(DAYS.length);
    expect(ledger.notExactlyOneSuccess).toEqual({});
    expect(ledger.byStatus.running ?? 0).toBe(0);
  });
});
