/**
 * Chaos: the Temporal server goes away mid-backfill. The test runs its own
 * dev server persisted in a SQLite file (`--db-filename`) on a port chosen
 * once; while a ~100-partition backfill runs through a real `retrofill worker`
 * process, the server is stopped (SIGTERM), left down ~2 s, and started again
 * on the same address with the same file. The worker and the test's client
 * carry on; the backfill completes equal to the one-pass SQL reference, with
 * one succeeded ledger row per partition.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RetrofillClient } from '../../client';
import type { BackfillSummary } from '../../core/run/backfill-summary';
import { tableChecksum } from '../../examples/demo/reference';
import { freePort } from '../../local/free-port';
import { startTemporalDevServer, type DevServer } from '../../local/temporal-dev-server';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { waitFor } from '../helpers/wait-for';
import { CHAOS_TABLES, buildChaosReference, RESTART_SCENARIO } from './fixtures/chaos-assets';
import { duplicateRows, ledgerFigures, succeededSoFar, type LedgerFigures } from './helpers/ledger-checks';
import { sleep } from './helpers/prng';
import { report } from './helpers/report';
import { WorkerProcess, killAllWorkers } from '../helpers/worker-process';

const {
  from: FROM,
  to: TO,
  end: END,
  days: DAYS,
  maxConcurrency: MAX_CONCURRENCY,
  stopAfterSucceeded: STOP_AFTER_SUCCEEDED,
  downMs: DOWN_MS,
  resultTimeoutMs: RESULT_TIMEOUT_MS,
} = RESTART_SCENARIO;

let dbFilename: string;
let server: DevServer | undefined;
let database: TestDatabase;
let worker: WorkerProcess;
let summary: BackfillSummary;
let ledger: LedgerFigures;
let workerPidBefore: number | undefined;
let clientReconnects = 0;
const restart = { stopMs: 0, downMs: 0, startMs: 0, succeededAtStop: 0, succeededWhileDown: 0 };

/** The backfill's result, asking again (with a new connection when needed) while the server is away. */
async function resultAcrossRestarts(address: string, taskQueue: string, backfillId: string): Promise<BackfillSummary> {
  const deadline = Date.now() + RESULT_TIMEOUT_MS;
  for (;;) {
    const client = await RetrofillClient.connect({ address, taskQueue }).catch(() => undefined);
    try {
      if (client) return await client.result(backfillId);
    } catch (error) {
      if (Date.now() > deadline) throw error;
    } finally {
      await client?.close().catch(() => undefined);
    }
    if (Date.now() > deadline) throw new Error(`no result for ${backfillId} within ${RESULT_TIMEOUT_MS} ms`);
    clientReconnects++;
    await sleep(500);
  }
}

beforeAll(async () => {
  dbFilename = join(tmpdir(), `retrofill-chaos-temporal-${randomBytes(6).toString('hex')}.db`);
  // Chosen once: the restarted server must answer on the same address.
  const port = await freePort();
  server = await startTemporalDevServer({ port, dbFilename, uiPort: false });
  const address = server.address;
  database = await createTestDatabase();
  const taskQueue = `chaos-temporal-${randomBytes(4).toString('hex')}`;
  worker = new WorkerProcess({
    name: 'temporal-restart-worker',
    assets: 'test/chaos/fixtures/chaos-assets.ts',
    env: { DATABASE_URL: database.url, TEMPORAL_ADDRESS: address, RETROFILL_TASK_QUEUE: taskQueue },
    concurrency: MAX_CONCURRENCY,
  });
  await worker.start();
  workerPidBefore = worker.pid;

  const client = await RetrofillClient.connect({ address, taskQueue });
  const started = Date.now();
  const { backfillId } = await client.start({ assets: ['events', 'running_totals'], from: FROM, to: TO, maxConcurrency: MAX_CONCURRENCY });
  const result = resultAcrossRestarts(address, taskQueue, backfillId);
  result.catch(() => undefined);

  restart.succeededAtStop = await waitFor('partitions to succeed before the stop', () => succeededSoFar(database.db, backfillId), (n) => n >= STOP_AFTER_SUCCEEDED, 120_000, 100);
  let t = Date.now();
  await server.stop();
  server = undefined;
  restart.stopMs = Date.now() - t;
  const downSince = Date.now();
  await sleep(DOWN_MS);
  t = Date.now();
  server = await startTemporalDevServer({ port, dbFilename, uiPort: false });
  restart.startMs = Date.now() - t;
  restart.downMs = Date.now() - downSince;
  restart.succeededWhileDown = (await succeededSoFar(database.db, backfillId)) - restart.succeededAtStop;
  await client.close().catch(() => undefined);

  summary = await result;
  const backfillMs = Date.now() - started;
  ledger = await ledgerFigures(database.db, backfillId);
  report('temporal-restart', {
    partitions: summary.total,
    outcome: summary.outcome,
    ...restart,
    workerSurvived: worker.alive && worker.pid === workerPidBefore,
    clientReconnects,
    partitionsReExecuted: ledger.reExecuted,
    ledgerByStatus: ledger.byStatus,
    reExecutedSample: ledger.reExecutedSample,
    backfillMs,
  });
  await buildChaosReference(database.db, FROM, END);
});

afterAll(async () => {
  await killAllWorkers();
  await server?.stop();
  await database?.drop();
  if (dbFilename) await rm(dbFilename, { force: true });
});

describe('a backfill whose Temporal server restarts mid-run', () => {
  it('keeps the same worker process running through the restart', () => {
    expect(worker.alive).toBe(true);
    expect(worker.pid).toBe(workerPidBefore);
    expect(worker.starts).toBe(1);
  });

  it('completes every partition', () => {
    expect(summary).toMatchObject({ outcome: 'completed', total: 2 * DAYS, succeeded: 2 * DAYS, failed: 0, skipped: 0 });
  });

  it('leaves every table equal to the one-pass SQL reference, without duplicate rows', async () => {
    for (const [table, order] of Object.entries(CHAOS_TABLES)) {
      const actual = await tableChecksum(database.db, table, order);
      expect(actual, table).toEqual(await tableChecksum(database.db, `ref_${table}`, order));
      expect(await duplicateRows(database.db, table, order), table).toBe(0);
    }
  });

  it('records exactly one succeeded materialization per partition, none left running', () => {
    expect(ledger.partitions).toBe(2 * DAYS);
    expect(ledger.notExactlyOneSuccess).toEqual({});
    expect(ledger.byStatus.running ?? 0).toBe(0);
  });
});
