/**
 * Chaos: the worker dies in the middle of publishing a shadow backfill. The
 * publish transaction of a real `retrofill worker` process is caught while it
 * is open (seen in pg_stat_activity) and the process is killed with SIGKILL.
 * Nothing of the cut transaction may remain: production stays as it was until
 * a restarted worker publishes again, then equals the reference; rollback
 * restores the previous tables exactly, so the rows kept for it were kept once.
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadAssetsModule } from '../../assets/load-assets-module';
import { RetrofillClient } from '../../client';
import type { BackfillSummary } from '../../core/run/backfill-summary';
import { buildReference } from '../../examples/demo/reference';
import { SHADOWS_TABLE } from '../../db/rows';
import { demoChecksums, type Checksums } from '../helpers/demo-state';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { startTestWorker } from '../helpers/test-worker';
import { waitFor } from '../helpers/wait-for';
import { sleep } from './helpers/prng';
import { report } from './helpers/report';
import { WorkerProcess, killAllWorkers } from '../helpers/worker-process';

const RANGE = { from: '2023-01-01', to: '2023-03-31' };

let database: TestDatabase;
let worker: WorkerProcess;
let client: RetrofillClient;
let before: Checksums;
let reference: Checksums;
let summary: BackfillSummary;
const seen = { killedInsidePublish: false, stateAfterKill: '', productionAfterKill: {} as Checksums, publishAttempts: 0, ms: 0 };

/** True while a session other than ours is inside publish's transaction, copying the rows it replaces. */
async function publishOpen(): Promise<boolean> {
  const { rows } = await database.db.raw(
    `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL AND query LIKE '%retrofill_replaced_%'`,
  );
  return rows[0].n > 0;
}

beforeAll(async () => {
  database = await createTestDatabase();
  // Production first: daily revenue as a known bug computed it, so the publish has rows to replace.
  const buggy = await startTestWorker({ catalog: await loadAssetsModule(resolve(__dirname, '../fixtures/point-in-time-bug-assets.ts')), db: database.db });
  const buggyClient = await RetrofillClient.connect({ address: inject('temporalAddress'), taskQueue: buggy.taskQueue });
  expect((await (await buggyClient.start({ assets: ['customers', 'raw_events'], ...RANGE, downstream: true })).result()).outcome).toBe('completed');
  await buggyClient.close();
  await buggy.stop();
  before = await demoChecksums(database.db);
  await buildReference(database.db, new Date('2023-01-01T00:00:00Z'), new Date('2023-04-01T00:00:00Z'));
  reference = await demoChecksums(database.db, 'ref_');

  const taskQueue = `chaos-publish-${randomBytes(4).toString('hex')}`;
  worker = new WorkerProcess({
    name: 'publish-crash-worker',
    assets: 'examples/demo/assets.ts',
    env: { DATABASE_URL: database.url, TEMPORAL_ADDRESS: inject('temporalAddress'), RETROFILL_TASK_QUEUE: taskQueue },
  });
  await worker.start();
  client = await RetrofillClient.connect({ address: inject('temporalAddress'), taskQueue });
  const started = Date.now();
  const handle = await client.start({ assets: ['customers', 'raw_events'], ...RANGE, downstream: true, mode: 'all', isolation: 'shadow', publishApproval: true });
  await waitFor('the shadow to await publish', () => handle.progress(), (p) => p.state === 'awaitingPublish', 240_000, 500);

  await handle.publish();
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && !(await publishOpen())) await sleep(2);
  seen.killedInsidePublish = await publishOpen();
  await worker.kill9();
  // The cut session's transaction can only roll back: give PostgreSQL a moment to notice the dead client.
  await waitFor('the cut publish to end', publishOpen, (open) => !open, 30_000);
  seen.stateAfterKill = (await database.db(SHADOWS_TABLE).where({ backfill_id: handle.backfillId }).first('state')).state;
  seen.productionAfterKill = await demoChecksums(database.db);

  await worker.start();
  summary = await handle.result();
  seen.ms = Date.now() - started;
  seen.publishAttempts = await publishAttempts(handle.backfillId);
}, 600_000);

afterAll(async () => {
  await client?.close();
  await killAllWorkers();
  await database?.drop();
});

describe('a worker killed inside the publish transaction', () => {
  it('was caught inside it', () => {
    expect(seen.killedInsidePublish).toBe(true);
  });

  it('left nothing of the cut transaction: production as it was, the shadow still unpublished', () => {
    expect(seen.stateAfterKill).toBe('building');
    expect(seen.productionAfterKill).toEqual(before);
  });

  it('is published by the restarted worker, every table equal to the reference', async () => {
    expect(summary.outcome).toBe('completed');
    expect(summary.shadow!.phase).toBe('published');
    expect(seen.publishAttempts).toBeGreaterThanOrEqual(2);
    expect(await demoChecksums(database.db)).toEqual(reference);
  });

  it('kept the replaced rows once: rollback restores the previous tables exactly', async () => {
    await client.rollback(summary.backfillId);
    expect(await demoChecksums(database.db)).toEqual(before);
    report('publish-crash', { ...seen, productionAfterKill: undefined, published: summary.shadow!.publication });
  });
});

/** The attempt of the publish activity that completed, read from the backfill's history (1 when it never had to be retried). */
async function publishAttempts(backfillId: string): Promise<number> {
  const connection = await Connection.connect({ address: inject('temporalAddress') });
  try {
    const events = (await new Client({ connection }).workflow.getHandle(backfillId).fetchHistory()).events ?? [];
    const scheduled = events.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'publishShadow');
    const started = events.find((e) => e.activityTaskStartedEventAttributes?.scheduledEventId?.toString() === scheduled?.eventId?.toString());
    return started?.activityTaskStartedEventAttributes?.attempt ?? 0;
  } finally {
    await connection.close();
  }
}
