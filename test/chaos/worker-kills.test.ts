/**
 * Chaos: two real `retrofill worker` processes share one task queue while a
 * 500-partition backfill runs (250 days of `events`, 250 of the cumulative
 * `running_totals`). At seeded random moments one of them is killed with
 * SIGKILL and started again, alternating; once, one is killed and left dead
 * for a while, and the other carries the backfill alone. Afterwards: the
 * backfill completed, every table equals a one-pass SQL reference, no row is
 * duplicated, and the ledger holds exactly one succeeded materialization per
 * partition.
 */
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RetrofillClient } from '../../client';
import type { BackfillSummary } from '../../core/run/backfill-summary';
import { tableChecksum } from '../../examples/demo/reference';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { CHAOS_TABLES, buildChaosReference } from './fixtures/chaos-assets';
import { waitUntilBusy } from './helpers/in-flight';
import { duplicateRows, ledgerFigures, succeededSoFar, type LedgerFigures } from './helpers/ledger-checks';
import { chaosSeed, seededPrng, sleep } from './helpers/prng';
import { report } from './helpers/report';
import { WorkerProcess, killAllWorkers } from '../helpers/worker-process';

const SEED = chaosSeed(20_240_101);
const FROM = '2024-01-01';
// Long enough to outlast the seeded kills and the solo stretch: 150 days once ended before the solo kill.
const TO = '2024-09-06'; // 250 days, inclusive
const END = '2024-09-07';
const DAYS = 250;
/** Partitions the backfill runs at once, all workers together. */
const MAX_CONCURRENCY = 4;
/** Kill-and-restart cycles, then one kill left dead for SOLO_MS. */
const KILL_RESTARTS = 6;
const KILL_GAP_MS: [number, number] = [1_000, 4_000];
/** After the random gap, how long a kill may wait for its victim to be mid-partition. */
const BUSY_WAIT_MS = 3_000;
const SOLO_MS = 12_000;
/** The chaos stops after this long even if the backfill is still running (and the test then waits for it). */
const CHAOS_BUDGET_MS = 120_000;
const RESULT_TIMEOUT_MS = 170_000;

let database: TestDatabase;
let client: RetrofillClient;
let temporalConnection: Connection | undefined;
const workers: WorkerProcess[] = [];
let summary: BackfillSummary;
let ledger: LedgerFigures;
let kills = 0;
let killsMidPartition = 0;
let soloProgress = -1;
let soloKilled = false;
const killLog: Array<{ atMs: number; worker: string; midPartition: boolean; restartMs: number | null }> = [];

beforeAll(async () => {
  database = await createTestDatabase();
  const taskQueue = `chaos-kills-${randomBytes(4).toString('hex')}`;
  const env = { DATABASE_URL: database.url, TEMPORAL_ADDRESS: inject('temporalAddress'), RETROFILL_TASK_QUEUE: taskQueue };
  for (const name of ['a', 'b']) {
    workers.push(new WorkerProcess({ name: `kills-worker-${name}`, assets: 'test/chaos/fixtures/chaos-assets.ts', env, concurrency: MAX_CONCURRENCY }));
  }
  // One after the other: workers starting at once on a fresh database race on its migrations (see concurrent-start.test.ts).
  for (const w of workers) await w.start();
  client = await RetrofillClient.connect({ address: inject('temporalAddress'), taskQueue });
  temporalConnection = await Connection.connect({ address: inject('temporalAddress') });
  const temporalClient = new Client({ connection: temporalConnection });

  const prng = seededPrng(SEED);
  const started = Date.now();
  const handle = await client.start({ assets: ['events', 'running_totals'], from: FROM, to: TO, maxConcurrency: MAX_CONCURRENCY });
  let done = false;
  const result = handle.result().finally(() => (done = true));
  result.catch(() => undefined);
  /** Sleeps `ms`, cut short when the backfill ends. */
  const pause = async (ms: number) => {
    const until = Date.now() + ms;
    while (!done && Date.now() < until) await sleep(Math.min(100, until - Date.now()));
  };
  const chaosOver = () => done || Date.now() - started > CHAOS_BUDGET_MS;
  /**
   * SIGKILLs `victim`: after the seeded random gap, the kill waits (bounded) for a moment when the
   * victim is inside a partition (an attempt started in the ledger, its activity on the victim), so
   * that most kills really interrupt work instead of falling between partitions.
   */
  const kill = async (victim: WorkerProcess) => {
    const midPartition = await waitUntilBusy(database.db, temporalClient, handle.backfillId, victim.pid!, BUSY_WAIT_MS);
    const atMs = Date.now() - started;
    await victim.kill9();
    kills++;
    if (midPartition) killsMidPartition++;
    return { atMs, worker: victim.options.name, midPartition };
  };

  for (let i = 0; i < KILL_RESTARTS && !chaosOver(); i++) {
    await pause(prng.int(...KILL_GAP_MS));
    if (chaosOver()) break;
    const victim = workers[i % 2]!;
    const killed = await kill(victim);
    killLog.push({ ...killed, restartMs: await victim.start() });
  }
  if (!chaosOver()) {
    // One worker stays dead for a while: the other must carry on alone.
    await pause(prng.int(...KILL_GAP_MS));
    const victim = workers[KILL_RESTARTS % 2]!;
    if (!done) {
      const killed = await kill(victim);
      soloKilled = true;
      const before = await succeededSoFar(database.db, handle.backfillId);
      await pause(SOLO_MS);
      soloProgress = (await succeededSoFar(database.db, handle.backfillId)) - before;
      killLog.push({ ...killed, restartMs: done ? null : await victim.start() });
    }
  }

  summary = await Promise.race([
    result,
    sleep(RESULT_TIMEOUT_MS).then(() => {
      throw new Error(`backfill ${handle.backfillId} did not end within ${RESULT_TIMEOUT_MS} ms`);
    }),
  ]);
  const elapsedMs = Date.now() - started;
  ledger = await ledgerFigures(database.db, handle.backfillId);
  report('worker-kills', {
    seed: SEED,
    partitions: summary.total,
    outcome: summary.outcome,
    kills,
    killsMidPartition,
    killLog,
    soloKilled,
    succeededWhileOneWorkerWasDead: soloProgress,
    partitionsReExecuted: ledger.reExecuted,
    reExecutedBound: kills * MAX_CONCURRENCY,
    maxLedgerRowsPerPartition: ledger.maxAttempts,
    ledgerByStatus: ledger.byStatus,
    reExecutedSample: ledger.reExecutedSample,
    workerStartMs: workers.flatMap((w) => w.startDurations),
    backfillMs: elapsedMs,
  });
  await buildChaosReference(database.db, FROM, END);
});

afterAll(async () => {
  await killAllWorkers();
  await client?.close();
  await temporalConnection?.close();
  await database?.drop();
});

describe('a backfill whose workers are killed with SIGKILL again and again', () => {
  it('was really hit: at least 5 kills, one of them leaving a single worker for a while', () => {
    expect(kills).toBeGreaterThanOrEqual(KILL_RESTARTS);
    expect(killsMidPartition).toBeGreaterThan(0);
    expect(soloKilled).toBe(true);
    // Several workers share a backfill: stopping one loses nothing and the other keeps going.
    expect(soloProgress).toBeGreaterThan(0);
  });

  it('completes every partition', () => {
    expect(summary).toMatchObject({ outcome: 'completed', total: 2 * DAYS, succeeded: 2 * DAYS, failed: 0, skipped: 0 });
  });

  it('leaves every table equal to the one-pass SQL reference, without duplicate rows', async () => {
    for (const [table, order] of Object.entries(CHAOS_TABLES)) {
      const actual = await tableChecksum(database.db, table, order);
      const expected = await tableChecksum(database.db, `ref_${table}`, order);
      expect(expected.rows, table).toBeGreaterThan(0);
      expect(actual, table).toEqual(expected);
      expect(await duplicateRows(database.db, table, order), table).toBe(0);
    }
  });

  it('records exactly one succeeded materialization per partition; the killed attempts are abandoned', () => {
    expect(ledger.partitions).toBe(2 * DAYS);
    expect(ledger.notExactlyOneSuccess).toEqual({});
    expect(ledger.byStatus.succeeded).toBe(2 * DAYS);
    // Every other row is an attempt a kill interrupted (abandoned by the retry) or a failed one; none stays running.
    expect(Object.keys(ledger.byStatus).filter((s) => !['succeeded', 'abandoned', 'failed'].includes(s))).toEqual([]);
  });

  it('ran most partitions in batches (the default policy), so kills hit batches mid-way', async () => {
    // A member of a batch is a partition run of its own: `<batch run id>/<key>` (db/ledger/batch-members.ts).
    const [row] = await database.db('retrofill_ledger')
      .where({ status: 'succeeded' })
      .andWhere('run_id', 'like', '%/%')
      .count({ n: '*' });
    expect(Number(row!.n)).toBeGreaterThan(DAYS);
  });

  it('re-executes some partitions, but no more than were in flight at the kills', () => {
    expect(ledger.reExecuted).toBeGreaterThan(0);
    // A SIGKILL interrupts only the attempts running on the killed worker at that instant, and
    // the backfill never runs more than MAX_CONCURRENCY partitions at once across all workers
    // (a batch runs its partitions one after the other, and its retry resumes after the last committed):
    // so each kill re-executes at most MAX_CONCURRENCY partitions (one retry each; a partition
    // hit by two kills counts once). Nothing else here fails, so no other retry adds rows.
    expect(ledger.reExecuted).toBeLessThanOrEqual(kills * MAX_CONCURRENCY);
  });
});
