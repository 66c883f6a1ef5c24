/**
 * A partition whose PostgreSQL goes away mid-transaction, through the real
 * servers: an in-process worker on the shared Temporal dev server, and an
 * embedded PostgreSQL of this file's own (persistent, so it can be stopped and
 * started again on the same port).
 *
 * - Within the wait limit, the attempt waits and starts over like a retry:
 *   staged pages resume from their checkpoint (none fetched or published
 *   twice), the cut-off attempt is recorded failed (`database unavailable`),
 *   and no Temporal retry is spent.
 * - Cancelled while it waits, the partition ends at once, database still down.
 * - Beyond the limit (3 s here), the attempt fails retryably naming the
 *   database and the limit; the next attempt records the one cut off as
 *   failed (`database unavailable`), not abandoned.
 */
import { resolve } from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadAssetsModule } from '../../assets/load-assets-module';
import type { AssetCatalog } from '../../assets/asset-catalog';
import { RetrofillClient } from '../../client';
import { materializationWorkflowId } from '../../contract';
import { connectDatabase } from '../../db/connect';
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from '../../local/embedded-postgres';
import { PAGES, control } from '../fixtures/outage-assets';
import { startTestWorker, type TestWorker } from '../helpers/test-worker';
import { waitFor } from '../helpers/wait-for';

const DATABASE = 'outage_test';

let postgres: EmbeddedPostgresServer;
let db: Knex;
let catalog: AssetCatalog;
let worker: TestWorker | undefined;
let workerDb: Knex | undefined;
let client: RetrofillClient | undefined;

type LedgerRow = { status: string; attempt: number; error: string | null };

const ledgerOf = (asset: string, key: string): Promise<LedgerRow[]> =>
  db('retrofill_ledger').where({ asset, partition_key: key }).orderBy('id').select('status', 'attempt', 'error');

async function startWorker(databaseWait?: string): Promise<void> {
  await client?.close();
  await worker?.stop();
  await workerDb?.destroy();
  workerDb = connectDatabase({ url: postgres.urlFor(DATABASE), poolMax: 6 });
  worker = await startTestWorker({ catalog, db: workerDb, ...(databaseWait && { databaseWait }) });
  client = await RetrofillClient.connect({ address: inject('temporalAddress'), taskQueue: worker.taskQueue });
}

/** Starts a one-partition backfill and returns once its attempt holds its transaction (ledger row running). */
async function startHeld(asset: string, day: string) {
  control.holdSeconds = 120;
  const handle = await client!.start({ assets: [asset], from: day, to: day });
  const result = handle.result();
  result.catch(() => undefined);
  await waitFor(`${asset}/${day} running`, () => ledgerOf(asset, day), (rows) => rows.some((r) => r.status === 'running'), 60_000);
  return { handle, result };
}

beforeAll(async () => {
  postgres = await startEmbeddedPostgres({ persistent: true });
  const admin = connectDatabase({ url: postgres.url, poolMax: 1 });
  await admin.raw('CREATE DATABASE ??', [DATABASE]);
  await admin.destroy();
  db = connectDatabase({ url: postgres.urlFor(DATABASE), poolMax: 2 });
  catalog = await loadAssetsModule(resolve(__dirname, '../fixtures/outage-assets.ts'));
});

afterAll(async () => {
  control.holdSeconds = 0;
  await client?.close();
  await worker?.stop();
  await workerDb?.destroy();
  await db?.destroy();
  await postgres?.stop();
});

describe('an attempt whose database goes away, within the wait limit', () => {
  it('waits, then starts over like a retry: staged pages resume, the cut-off attempt is recorded, no retry is spent', async () => {
    await startWorker();
    const day = '2024-01-01';
    const { result } = await startHeld('paged_days', day);
    // Every page staged (committed with its checkpoint): the outage cuts the partition's transaction, not a page.
    await waitFor(
      'the last page staged',
      async () => (await db('retrofill_checkpoints').select('checkpoint')).map((r) => r.checkpoint),
      (checkpoints) => checkpoints.some((c) => (c as { page?: number } | null)?.page === PAGES - 1),
      30_000,
    );
    await postgres.halt();
    await new Promise((r) => setTimeout(r, 3_000));
    control.holdSeconds = 0;
    await postgres.restart();

    expect(await result).toMatchObject({ outcome: 'completed', succeeded: 1, failed: 0 });
    // Each page fetched once: the second start resumed after the checkpoint the first committed.
    expect(control.pagesFetched.get(day)).toEqual([...Array(PAGES).keys()]);
    const { rows } = await db.raw('SELECT count(*)::int AS n, count(DISTINCT n)::int AS distinct_n FROM paged_days WHERE day = ?', [day]);
    expect(rows[0]).toEqual({ n: PAGES * 4, distinct_n: PAGES * 4 });
    const ledger = await ledgerOf('paged_days', day);
    expect(ledger.map(({ status, attempt }) => ({ status, attempt }))).toEqual([
      { status: 'failed', attempt: 1 },
      { status: 'succeeded', attempt: 1 },
    ]);
    expect(ledger[0]!.error).toMatch(/^database unavailable: /);
  });

  it('ends at once when cancelled while it waits, the database still down', async () => {
    const { handle, result } = await startHeld('held_days', '2024-01-02');
    await postgres.halt();
    try {
      const started = Date.now();
      await handle.cancel();
      const summary = await Promise.race([result, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('cancel took over 30 s')), 30_000))]);
      expect(summary).toMatchObject({ outcome: 'cancelled', succeeded: 0 });
      // Bounded well below the wait limit (10 minutes): the wait heard the cancellation.
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      control.holdSeconds = 0;
      await postgres.restart();
    }
  });
});

describe('an attempt whose database stays away beyond the wait limit', () => {
  it('fails retryably naming the database and the limit; the next attempt records the cut-off one as failed', async () => {
    await startWorker('3 seconds');
    const day = '2024-01-03';
    const { result } = await startHeld('held_days', day);
    const childId = materializationWorkflowId(worker!.taskQueue, 'held_days', day);
    await postgres.halt();
    let lastFailure: { message?: string | null; applicationFailureInfo?: { type?: string | null; nonRetryable?: boolean | null } | null } | undefined;
    try {
      const pending = await waitFor(
        'the attempt to give up waiting',
        async () => (await worker!.client.workflow.getHandle(childId).describe()).raw.pendingActivities?.[0],
        (activity) => (activity?.attempt ?? 0) >= 2 && !!activity?.lastFailure,
        30_000,
        250,
      );
      lastFailure = pending!.lastFailure ?? undefined;
    } finally {
      control.holdSeconds = 0;
      await postgres.restart();
    }
    const port = new URL(postgres.url).port;
    expect(lastFailure?.message).toMatch(
      new RegExp(`^PostgreSQL at 127\\.0\\.0\\.1:${port}/${DATABASE} did not answer for 3 s \\(the limit, RETROFILL_DATABASE_WAIT\\): .*ECONNREFUSED`),
    );
    expect(lastFailure?.message).not.toContain('retrofill@');
    expect(lastFailure?.applicationFailureInfo).toMatchObject({ type: 'DatabaseUnavailable', nonRetryable: false });

    expect(await result).toMatchObject({ outcome: 'completed', succeeded: 1, failed: 0 });
    // The attempts made while the database was down wrote nothing; the one it cut off is failed, not abandoned.
    const ledger = await ledgerOf('held_days', day);
    expect(ledger).toEqual([
      { status: 'failed', attempt: 1, error: expect.stringMatching(/^database unavailable: /) },
      { status: 'succeeded', attempt: expect.any(Number), error: null },
    ]);
    expect(ledger[1]!.attempt).toBeGreaterThanOrEqual(2);
    const { rows } = await db.raw('SELECT count(*)::int AS n FROM held_days WHERE day = ?', [day]);
    expect(rows[0].n).toBe(3);
  });
});
