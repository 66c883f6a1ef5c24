/**
 * Chaos: PostgreSQL goes away mid-backfill. The test runs its own embedded
 * PostgreSQL (persistent, so it can be restarted on the same port with its
 * data); while a ~100-partition backfill runs through a real `retrofill
 * worker` process, the server is stopped (fast shutdown: connections are cut,
 * open transactions roll back), left down ~2 s and started again. Attempts
 * in flight wait for the database and start over once it answers (a longer
 * outage under the default retry policy: postgres-outage.test.ts). The backfill completes
 * equal to the one-pass SQL reference, with one succeeded ledger row per
 * partition and no row left `running`.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Knex } from 'knex';
import { RetrofillClient } from '../../client';
import type { BackfillSummary } from '../../core/run/backfill-summary';
import { connectDatabase } from '../../db/connect';
import { tableChecksum } from '../../examples/demo/reference';
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from '../../local/embedded-postgres';
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

let postgres: EmbeddedPostgresServer | undefined;
let db: Knex | undefined;
let client: RetrofillClient | undefined;
let worker: WorkerProcess;
let workerPidBefore: number | undefined;
let summary: BackfillSummary;
let ledger: LedgerFigures;
let failedErrors: string[] = [];
const restart = { stopMs: 0, downMs: 0, startMs: 0, runningAtStop: 0 };

/**
 * Partition transactions that began their fixed pause (50–100 ms, see the
 * fixture) at most 20 ms ago: stopped now, the stop surely lands inside one.
 * (A ledger row still `running` is not enough: in a chain the attempt may
 * be a millisecond from its commit, and the stop then falls between two.)
 */
async function freshPausesNow(db: Knex): Promise<number> {
  const { rows } = await db.raw(
    `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE state = 'active' AND query LIKE 'SELECT pg_sleep%' AND clock_timestamp() - query_start < interval '20 milliseconds'`,
  );
  return rows[0].n as number;
}

beforeAll(async () => {
  postgres = await startEmbeddedPostgres({ persistent: true });
  const admin = connectDatabase({ url: postgres.url, poolMax: 1 });
  await admin.raw('CREATE DATABASE chaos');
  await admin.destroy();
  const url = postgres.urlFor('chaos');
  db = connectDatabase({ url, poolMax: 4 });

  const taskQueue = `chaos-postgres-${randomBytes(4).toString('hex')}`;
  worker = new WorkerProcess({
    name: 'postgres-restart-worker',
    assets: 'test/chaos/fixtures/chaos-assets.ts',
    env: { DATABASE_URL: url, TEMPORAL_ADDRESS: inject('temporalAddress'), RETROFILL_TASK_QUEUE: taskQueue },
    concurrency: MAX_CONCURRENCY,
  });
  await worker.start();
  workerPidBefore = worker.pid;

  client = await RetrofillClient.connect({ address: inject('temporalAddress'), taskQueue });
  const started = Date.now();
  const handle = await client.start({ assets: ['events', 'running_totals'], from: FROM, to: TO, maxConcurrency: MAX_CONCURRENCY });
  const result = handle.result();
  result.catch(() => undefined);

  await waitFor('partitions to succeed before the stop', () => succeededSoFar(db!, handle.backfillId), (n) => n >= STOP_AFTER_SUCCEEDED, 120_000, 100);
  // Stop while attempts are inside their transaction (started in the ledger, not yet committed); runningAtStop counts them.
  restart.runningAtStop = await waitFor('an attempt inside its transaction', () => freshPausesNow(db!), (n) => n > 0, 30_000, 2);
  let t = Date.now();
  await postgres.halt();
  restart.stopMs = Date.now() - t;
  const downSince = Date.now();
  await sleep(DOWN_MS);
  t = Date.now();
  await postgres.restart();
  restart.startMs = Date.now() - t;
  restart.downMs = Date.now() - downSince;

  summary = await Promise.race([
    result,
    sleep(RESULT_TIMEOUT_MS).then(() => {
      throw new Error(`backfill ${handle.backfillId} did not end within ${RESULT_TIMEOUT_MS} ms`);
    }),
  ]);
  const backfillMs = Date.now() - started;
  ledger = await ledgerFigures(db, handle.backfillId);
  failedErrors = (await db('retrofill_ledger').where({ backfill_id: handle.backfillId, status: 'failed' }).select('error')).map((r) => String(r.error));
  report('postgres-restart', {
    partitions: summary.total,
    outcome: summary.outcome,
    ...restart,
    workerSurvived: worker.alive && worker.pid === workerPidBefore,
    partitionsReExecuted: ledger.reExecuted,
    maxLedgerRowsPerPartition: ledger.maxAttempts,
    ledgerByStatus: ledger.byStatus,
    reExecutedSample: ledger.reExecutedSample,
    failedAttemptErrors: [...new Set(failedErrors.map((e) => e.slice(0, 120)))].slice(0, 10),
    backfillMs,
  });
  await buildChaosReference(db, FROM, END);
});

afterAll(async () => {
  await killAllWorkers();
  await client?.close();
  await db?.destroy();
  await postgres?.stop();
});

describe('a backfill whose PostgreSQL restarts mid-run', () => {
  it('keeps the same worker process running through the restart', () => {
    expect(worker.alive, worker.output()).toBe(true);
    expect(worker.pid).toBe(workerPidBefore);
  });

  it('completes every partition', () => {
    expect(summary).toMatchObject({ outcome: 'completed', total: 2 * DAYS, succeeded: 2 * DAYS, failed: 0, skipped: 0 });
  });

  it('leaves every table equal to the one-pass SQL reference, without duplicate rows', async () => {
    for (const [table, order] of Object.entries(CHAOS_TABLES)) {
      const actual = await tableChecksum(db!, table, order);
      expect(actual, table).toEqual(await tableChecksum(db!, `ref_${table}`, order));
      expect(await duplicateRows(db!, table, order), table).toBe(0);
    }
  });

  it('really cut attempts short: they failed or were abandoned, and were retried', () => {
    expect(ledger.reExecuted).toBeGreaterThan(0);
    expect((ledger.byStatus.abandoned ?? 0) + (ledger.byStatus.failed ?? 0)).toBeGreaterThan(0);
  });

  it('records exactly one succeeded materialization per partition; interrupted attempts end failed or abandoned, none running', () => {
    expect(ledger.partitions).toBe(2 * DAYS);
    expect(ledger.notExactlyOneSuccess).toEqual({});
    expect(ledger.byStatus.running ?? 0).toBe(0);
    expect(Object.keys(ledger.byStatus).filter((s) => !['succeeded', 'abandoned', 'failed'].includes(s))).toEqual([]);
  });
});
