/**
 * A backfill fed by a rate-limited API that also fails 10% of requests with
 * 503: every worker's requests share one limit, failures are retried from the
 * last staged page, and the partitions are published whole.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadAssetsModule } from '../../assets/load-assets-module';
import { RetrofillClient } from '../../client';
import type { BackfillSummary } from '../../core/run/backfill-summary';
import { startCrmApi, type CrmApiStats } from '../../examples/crm-api/crm-api-server';
import { reserveSlot } from '../../db/rate-limits/reserve-slot';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { expectContactsPublished } from '../helpers/crm-expectations';
import { startTestWorker, type TestWorker } from '../helpers/test-worker';

const LIMIT = 5;
const PAGES = 3;
const DAYS = Array.from({ length: 10 }, (_, i) => `2024-01-${String(i + 1).padStart(2, '0')}`);

let database: TestDatabase;
let worker: TestWorker;
let client: RetrofillClient;
let api: Awaited<ReturnType<typeof startCrmApi>>;
let summary: BackfillSummary;
let stats: CrmApiStats;

beforeAll(async () => {
  api = await startCrmApi({ limitPerSecond: LIMIT, failureRate: 0.1, pagesPerDay: PAGES, pageSize: 20 });
  process.env.CRM_API_URL = api.url;
  process.env.CRM_API_RATE_LIMIT = String(LIMIT);
  database = await createTestDatabase();
  const catalog = await loadAssetsModule(resolve(__dirname, '../../examples/crm-api/assets.ts'));
  worker = await startTestWorker({ catalog, db: database.db });
  client = await RetrofillClient.connect({ address: inject('temporalAddress'), taskQueue: worker.taskQueue });
  summary = await (await client.start({ assets: ['crm_contacts'], from: DAYS[0]!, to: DAYS.at(-1)!, maxConcurrency: 8 })).result();
  stats = api.stats();
});

afterAll(async () => {
  await client?.close();
  await worker?.stop();
  await database?.drop();
  await api?.close();
});

describe('a backfill from a rate-limited, flaky API', () => {
  it('completes every partition', () => {
    expect(summary).toMatchObject({ outcome: 'completed', succeeded: DAYS.length, failed: 0 });
  });

  it('keeps every worker under the API limit together', () => {
    expect(stats.peakPerSecond).toBeLessThanOrEqual(LIMIT);
    expect(stats.tooManyRequests).toBe(0);
  });

  it('retries the 503s from the last staged page, fetching each page successfully exactly once', async () => {
    expect(stats.unavailable).toBeGreaterThan(0);
    const expected = Object.fromEntries(DAYS.flatMap((d) => [1, 2, 3].map((p) => [`${d}/${p}`, 1])));
    expect(stats.served).toEqual(expected);
    const failed = await database.db('retrofill_ledger').where({ status: 'failed' }).select('error');
    expect(failed.length).toBe(stats.unavailable);
    for (const f of failed) expect(f.error).toMatch(/^GET \/contacts\?day=2024-01-\d\d&page=[123] failed: HTTP 503/);
  });

  it('publishes whole partitions equal to what the API serves, without duplicates', async () => {
    await expectContactsPublished(database.db, DAYS, PAGES, 20);
  });
});

describe('the shared limiter', () => {
  it('hands concurrent callers distinct slots one interval apart', async () => {
    const waits = await Promise.all(Array.from({ length: 10 }, () => reserveSlot({ knex: database.db }, 'slot-test', 100)));
    const sorted = [...waits].sort((a, b) => a - b);
    expect(sorted[0]).toBeLessThan(50);
    sorted.slice(1).forEach((w, i) => expect(w - sorted[i]!).toBeGreaterThan(90));
  });
});
