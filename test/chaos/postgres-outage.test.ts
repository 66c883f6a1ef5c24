/**
 * Chaos: a PostgreSQL outage of a minute only delays a backfill. The test
 * runs its own embedded PostgreSQL (persistent, restarted on the same port);
 * a 200-partition backfill runs through a real `retrofill worker` process
 * whose assets keep the DEFAULT retry policy (5 attempts, 1–8 s apart: about
 * 15 s of patience). Mid-run the server is stopped (fast shutdown: the
 * attempts in flight lose their connection inside their transaction) and
 * left down 60 s. The attempts wait for the database instead of failing,
 * then start over: the backfill completes equal to the one-pass reference,
 * no attempt spends a retry, and the ledger holds one succeeded row per
 * partition, the cut-off attempts as `failed` with `database unavailable`,
 * none `running`. Then a second outage (25 s, longer than the other
 * activities' retries) catches `status --asset` and the planning of a new
 * backfill: both answer once the server is back.
 */
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RetrofillClient, type AssetStatus } from '../../client';
import type { BackfillSummary } from '../../core/run/backfill-summary';
import { connectDatabase } from '../../db/connect';
import { tableChecksum } from '../../examples/demo/reference';
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from '../../local/embedded-postgres';
import { waitFor } from '../helpers/wait-for';
import { WorkerProcess, killAllWorkers } from '../helpers/worker-process';
import { CHAOS_TABLES, buildChaosReference } from './fixtures/chaos-assets';
import { pendingHeartbeatDetails } from './helpers/heartbeat-details';
import { duplicateRows, ledgerFigures, succeededSoFar, type LedgerFigures } from './helpers/ledger-checks';
import { sleep } from './helpers/prng';
import { report } from './helpers/report';

const OUTAGE = {
  from: '2024-01-01',
  /** Inclusive: 100 days, 200 partitions. */
  to: '2024-04-09',
  /** Exclusive end, for the reference. */
  end: '2024-04-10',
  days: 100,
  maxConcurrency: 4,
  /** The server is stopped once this many partitions have succeeded. */
  stopAfterSucceeded: 40,
  downMs: 60_000,
  /** The second outage: longer than the ~15 s the other activities' 5 attempts last. */
  secondDownMs: 25_000,
  resultTimeoutMs: 240_000,
} as const;
const DATABASE = 'outage';

let postgres: EmbeddedPostgresServer | undefined;
let db: Knex | undefined;
let client: RetrofillClient | undefined;
let temporal: Connection | undefined;
let worker: WorkerProcess;
let workerPidBefore: number | undefined;
let summary: BackfillSummary;
let ledger: LedgerFigures;
let failedErrors: string[] = [];
let attempts: number[] = [];
let waitingDetails: unknown[] = [];
let failedDuringOutage = -1;
let assetStatus: AssetStatus | Error;
let secondSummary: BackfillSummary | Error;
const outage = { runningAtStop: 0, downMs: 0, secondDownMs: 0 };

/** Workflow ids of the partition runs with an attempt in progress. */
async function runningRuns(db: Knex, backfillId: string): Promise<string[]> {
  const rows: Array<{ workflow_id: string }> = await db('retrofill_ledger').distinct('workflow_id').where({ backfill_id: backfillId, status: 'running' });
  return rows.map((r) => r.workflow_id);
}

/** Partitions per status. */
function statusCounts(status: AssetStatus): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { status: s } of status.entries) counts[s] = (counts[s] ?? 0) + 1;
  return counts;
}

/** `promise`, or an error once `ms` have passed. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, sleep(ms).then(() => Promise.reject(new Error(`${what} did not end within ${ms} ms`)))]);
}

/** Stops the server for `ms` (counted from the stop), running `meanwhile` while it is down. */
async function outageOf(server: EmbeddedPostgresServer, ms: number, meanwhile: () => void | Promise<void> = () => undefined): Promise<number> {
  await server.halt();
  const downSince = Date.now();
  await meanwhile();
  await sleep(Math.max(0, ms - (Date.now() - downSince)));
  await server.restart();
  return Date.now() - downSince;
}

beforeAll(async () => {
  postgres = await startEmbeddedPostgres({ persistent: true });
  const admin = connectDatabase({ url: postgres.url, poolMax: 1 });
  await admin.raw('CREATE DATABASE ??', [DATABASE]);
  await admin.destroy();
  const url = postgres.urlFor(DATABASE);
  db = connectDatabase({ url, poolMax: 4 });

  const taskQueue = `chaos-outage-${randomBytes(4).toString('hex')}`;
  worker = new WorkerProcess({
    name: 'postgres-outage-worker',
    assets: 'test/chaos/fixtures/outage-assets.ts',
    // No RETROFILL_DATABASE_WAIT: the default limit (10 minutes).
    env: { DATABASE_URL: url, TEMPORAL_ADDRESS: inject('temporalAddress'), RETROFILL_TASK_QUEUE: taskQueue },
    concurrency: OUTAGE.maxConcurrency,
  });
  await worker.start();
  workerPidBefore = worker.pid;
  client = await RetrofillClient.connect({ address: inject('temporalAddress'), taskQueue });
  temporal = await Connection.connect({ address: inject('temporalAddress') });
  const workflows = new Client({ connection: temporal });

  const started = Date.now();
  const request = { assets: ['events', 'running_totals'], from: OUTAGE.from, to: OUTAGE.to, maxConcurrency: OUTAGE.maxConcurrency };
  const handle = await client.start(request);
  const result = handle.result();
  result.catch(() => undefined);

  await waitFor('partitions to succeed before the stop', () => succeededSoFar(db!, handle.backfillId), (n) => n >= OUTAGE.stopAfterSucceeded, 120_000, 100);
  // Stop while attempts are inside their transaction (started in the ledger, not yet committed).
  const inFlight = await waitFor('an attempt in progress', () => runningRuns(db!, handle.backfillId), (ids) => ids.length > 0, 30_000, 5);
  outage.runningAtStop = inFlight.length;
  outage.downMs = await outageOf(postgres, OUTAGE.downMs, async () => {
    const downSince = Date.now();
    // What Temporal (and its UI) shows of the partitions cut off: they wait, heartbeating (asserted below).
    waitingDetails = await waitFor(
      'a cut-off partition to report it waits for the database',
      () => pendingHeartbeatDetails(workflows, inFlight),
      (details) => details.some((d) => typeof (d as { waitingForDatabase?: unknown } | undefined)?.waitingForDatabase === 'object'),
      40_000,
      500,
    ).catch(() => []);
    // Near the end of the outage: 45 s in, three times the default retries' patience.
    await sleep(Math.max(0, 45_000 - (Date.now() - downSince)));
    failedDuringOutage = (await handle.progress()).totals.failed;
  });

  summary = await within(result, OUTAGE.resultTimeoutMs, `backfill ${handle.backfillId}`);
  const backfillMs = Date.now() - started;
  ledger = await ledgerFigures(db, handle.backfillId);
  failedErrors = (await db('retrofill_ledger').where({ backfill_id: handle.backfillId, status: 'failed' }).select('error')).map((r) => String(r.error));
  attempts = (await db('retrofill_ledger').where({ backfill_id: handle.backfillId }).distinct('attempt')).map((r) => Number(r.attempt));

  // The other activities that read the ledger: `status --asset` and a new backfill's planning.
  let pendingStatus: Promise<AssetStatus | Error> | undefined;
  let pendingBackfill: Promise<BackfillSummary | Error> | undefined;
  outage.secondDownMs = await outageOf(postgres, OUTAGE.secondDownMs, () => {
    pendingStatus = client!.assetStatus('events').catch((error: Error) => error);
    pendingBackfill = client!
      .start(request)
      .then((h) => h.result())
      .catch((error: Error) => error);
  });
  [assetStatus, secondSummary] = await within(Promise.all([pendingStatus!, pendingBackfill!]), 120_000, 'status and the second backfill');

  report('postgres-outage', {
    partitions: summary.total,
    outcome: summary.outcome,
    ...outage,
    workerSurvived: worker.alive && worker.pid === workerPidBefore,
    failedDuringOutage,
    waitingDetailsSample: waitingDetails.slice(0, 2),
    attempts,
    partitionsReExecuted: ledger.reExecuted,
    ledgerByStatus: ledger.byStatus,
    reExecutedSample: ledger.reExecutedSample,
    failedAttemptErrors: [...new Set(failedErrors.map((e) => e.slice(0, 120)))].slice(0, 10),
    backfillMs,
    secondOutage: {
      assetStatus: assetStatus instanceof Error ? assetStatus.message : statusCounts(assetStatus),
      secondBackfill: secondSummary instanceof Error ? secondSummary.message : secondSummary.outcome,
    },
  });
  await buildChaosReference(db, OUTAGE.from, OUTAGE.end);
});

afterAll(async () => {
  await killAllWorkers();
  await client?.close();
  await temporal?.close();
  await db?.destroy();
  await postgres?.stop();
});

describe('a backfill whose PostgreSQL is down for a minute', () => {
  it('keeps the same worker process running through the outage', () => {
    expect(worker.alive, worker.output()).toBe(true);
    expect(worker.pid).toBe(workerPidBefore);
  });

  it('completes every partition: none failed, none skipped', () => {
    expect(summary).toMatchObject({ outcome: 'completed', total: 2 * OUTAGE.days, succeeded: 2 * OUTAGE.days, failed: 0, skipped: 0 });
  });

  it('leaves every table equal to the one-pass SQL reference, without duplicate rows', async () => {
    for (const [table, order] of Object.entries(CHAOS_TABLES)) {
      const actual = await tableChecksum(db!, table, order);
      expect(actual, table).toEqual(await tableChecksum(db!, `ref_${table}`, order));
      expect(await duplicateRows(db!, table, order), table).toBe(0);
    }
  });

  it('waits for the database while it is down: the cut-off partitions heartbeat what they wait for, nothing fails', () => {
    const port = new URL(postgres!.url).port;
    expect(waitingDetails).toContainEqual({
      waitingForDatabase: { address: `127.0.0.1:${port}/${DATABASE}`, since: expect.any(String), error: expect.any(String) },
    });
    expect(JSON.stringify(waitingDetails)).not.toContain('retrofill@');
    expect(failedDuringOutage).toBe(0);
  });

  it('spends no retry on the outage: every attempt is the first', () => {
    expect(attempts).toEqual([1]);
  });

  it('records one succeeded materialization per partition, the cut-off attempts failed with "database unavailable", none running', () => {
    expect(ledger.partitions).toBe(2 * OUTAGE.days);
    expect(ledger.notExactlyOneSuccess).toEqual({});
    expect(ledger.byStatus.running ?? 0).toBe(0);
    expect(Object.keys(ledger.byStatus).filter((s) => !['succeeded', 'failed'].includes(s))).toEqual([]);
    expect(failedErrors.length).toBeGreaterThanOrEqual(outage.runningAtStop);
    for (const error of failedErrors) expect(error).toMatch(/^database unavailable: /);
  });

  it('answers `status --asset` and plans a new backfill asked for during a second outage, once the database is back', () => {
    expect(assetStatus).not.toBeInstanceOf(Error);
    // The cut-off attempts' failures came before their partitions' successes: nothing shows failed.
    expect(statusCounts(assetStatus as AssetStatus)).toMatchObject({ materialized: OUTAGE.days });
    expect(statusCounts(assetStatus as AssetStatus).failed ?? 0).toBe(0);
    expect(secondSummary).not.toBeInstanceOf(Error);
    // Selection mode `stale`: nothing is missing, stale or failed, so nothing runs again.
    expect(secondSummary).toMatchObject({ outcome: 'completed', total: 0, failed: 0, skipped: 0 });
  });
});
