/**
 * Real `retrofill worker` processes whose partitions are stuck in a
 * `materialize` that never settles (holding its transaction open): the
 * worker still exits after SIGTERM, and after SIGINT, within its grace
 * period (`RETROFILL_SHUTDOWN_GRACE`, here 2 s) plus the cancellation's few
 * seconds, leaving no connection behind and its attempts `abandoned`. Then
 * `retrofill cancel --wait` stops the backfill with its partitions stuck
 * again: every stopped partition's newest ledger row is `cancelled`, as the
 * summary counts them, and the table is untouched.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RetrofillClient, type BackfillHandle } from '../../client';
import { SHUTDOWN_FORCE_AFTER_MS } from '../../worker/create-worker';
import { keysByStatus, newestLedgerRows, otherSessions } from '../helpers/partition-outcomes';
import { runCommand } from '../helpers/run-command';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { waitFor } from '../helpers/wait-for';
import { ROOT, WorkerProcess, killAllWorkers } from '../helpers/worker-process';

const DAYS = ['2024-01-01', '2024-01-02', '2024-01-03'];
const GRACE_MS = 2_000;
/** What the worker promises: the grace period, then the cancelled partitions' time to stop. */
const EXIT_BOUND_MS = GRACE_MS + SHUTDOWN_FORCE_AFTER_MS;
const CANCEL_BOUND_MS = 20_000;

let database: TestDatabase;
let client: RetrofillClient;
let handle: BackfillHandle;
let taskQueue: string;

/** A worker process whose database sessions carry `application_name` = its name. */
function stuckWorker(name: string): WorkerProcess {
  const url = new URL(database.url);
  url.searchParams.set('application_name', name);
  return new WorkerProcess({
    name,
    assets: 'test/fixtures/stuck-assets.ts',
    env: {
      DATABASE_URL: url.toString(),
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      RETROFILL_TASK_QUEUE: taskQueue,
      RETROFILL_SHUTDOWN_GRACE: `${GRACE_MS / 1000} seconds`,
      STUCK_HANG: '1',
    },
    concurrency: 2,
  });
}

/** Waits until two partitions of the backfill hang in `materialize` (ledger rows running). */
async function twoStuck(): Promise<string[]> {
  const { running } = await waitFor(
    'two partitions stuck inside their transaction',
    async () => keysByStatus(await newestLedgerRows(database.db, handle.backfillId, 'hanging')),
    (byStatus) => byStatus.running?.length === 2,
    90_000,
  );
  return running!;
}

beforeAll(async () => {
  database = await createTestDatabase();
  taskQueue = `stuck-shutdown-${randomBytes(4).toString('hex')}`;
  client = await RetrofillClient.connect({ address: inject('temporalAddress'), taskQueue });
});

afterAll(async () => {
  await client?.close();
  await killAllWorkers();
  await database?.drop();
});

describe.each([
  ['SIGTERM', 'stuck-worker-term'],
  ['SIGINT', 'stuck-worker-int'],
] as const)('a worker with stuck partitions, sent %s', (signal, name) => {
  let stuck: string[];
  let exit: Awaited<ReturnType<WorkerProcess['signalAndWait']>>;

  beforeAll(async () => {
    const worker = stuckWorker(name);
    await worker.start();
    // The first worker starts the backfill; the second takes over its retried partitions.
    handle ??= await client.start({ assets: ['hanging'], from: DAYS[0]!, to: DAYS.at(-1)!, maxConcurrency: 3 });
    stuck = await twoStuck();
    exit = await worker.signalAndWait(signal, EXIT_BOUND_MS + 20_000);
  }, 180_000);

  it(`exits on its own within ${EXIT_BOUND_MS / 1000} s, cleanly`, () => {
    expect(exit, 'still running').toBeDefined();
    expect(exit!.ms).toBeLessThan(EXIT_BOUND_MS);
    expect(exit).toMatchObject({ code: 0, signal: null });
  });

  it('leaves no database session behind, and its attempts abandoned, not running', async () => {
    expect(await otherSessions(database.db, name)).toEqual([]);
    const rows = await database.db('retrofill_ledger')
      .select('partition_key', 'status', 'error')
      .where({ backfill_id: handle.backfillId })
      .whereIn('partition_key', stuck)
      .orderBy('id', 'desc')
      .limit(2);
    expect(rows.map((r) => r.partition_key).sort()).toEqual(stuck);
    for (const row of rows) expect(row).toMatchObject({ status: 'abandoned', error: 'abandoned: the worker shut down during the attempt' });
  });
});

describe('retrofill cancel --wait with partitions stuck again', () => {
  let worker: WorkerProcess;
  let cancel: Awaited<ReturnType<typeof runCommand>>;
  let cancelMs: number;

  beforeAll(async () => {
    worker = stuckWorker('stuck-worker-cancel');
    await worker.start();
    await twoStuck();
    const started = Date.now();
    const env = { TEMPORAL_ADDRESS: inject('temporalAddress'), RETROFILL_TASK_QUEUE: taskQueue };
    cancel = await runCommand(process.execPath, [join(ROOT, 'bin/retrofill.js'), 'cancel', handle.backfillId, '--wait'], env, CANCEL_BOUND_MS + 30_000);
    cancelMs = Date.now() - started;
  }, 180_000);

  afterAll(async () => worker?.stop());

  it(`returns the summary within ${CANCEL_BOUND_MS / 1000} s, exit code 2`, () => {
    expect(cancel.code, cancel.stderr).toBe(2);
    expect(cancelMs).toBeLessThan(CANCEL_BOUND_MS);
    expect(cancel.stdout).toMatch(/cancelled/);
  });

  it('records every partition it stopped cancelled, as the summary counts them, and leaves the table untouched', async () => {
    const summary = await handle.result();
    expect(summary).toMatchObject({ outcome: 'cancelled', total: DAYS.length, cancelled: DAYS.length, succeeded: 0, failed: 0 });
    expect(keysByStatus(await newestLedgerRows(database.db, handle.backfillId, 'hanging'))).toEqual({ cancelled: DAYS });
    expect(await database.db('hanging').count({ n: '*' })).toEqual([{ n: '0' }]);
    expect((await otherSessions(database.db)).filter((s) => s.state !== 'idle')).toEqual([]);
  });
});
