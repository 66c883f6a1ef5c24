/**
 * A backfill far larger than one workflow history can hold: 100,000 no-op
 * hourly partitions (in batches: the default policy) with a small
 * continue-as-new threshold. It completes, every partition runs exactly once,
 * and no run's history passes the bound.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadAssetsModule } from '../../assets/load-assets-module';
import { RetrofillClient } from '../../client';
import type { BackfillProgress } from '../../core/run/backfill-progress';
import type { BackfillSummary } from '../../core/run/backfill-summary';
import { LEDGER_TABLE } from '../../db/rows';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { startTestWorker, type TestWorker } from '../helpers/test-worker';

const PARTITIONS = Number(process.env.RETROFILL_SCALE_PARTITIONS ?? 100_000);
/** Small on purpose, so the test crosses continue-as-new boundaries (batches make few events). */
const CONTINUE_AFTER = 500;
/** What the issue bounds every history by; the threshold plus a drain stays far below. */
const HISTORY_BOUND = 10_000;
/** The fixture's first hour: 100,000 hours from it end in 2021, all complete. */
const FROM = Date.UTC(2010, 0, 1);

let database: TestDatabase;
let worker: TestWorker;
let client: RetrofillClient;
let summary: BackfillSummary;
let progress: BackfillProgress;
let backfillId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const catalog = await loadAssetsModule(resolve(__dirname, '../fixtures/noop-assets.ts'));
  worker = await startTestWorker({ catalog, db: database.db, limits: { maxPartitions: 100_000, continueAsNewAfterEvents: CONTINUE_AFTER } });
  client = await RetrofillClient.connect({ address: inject('temporalAddress'), taskQueue: worker.taskQueue });
  const last = new Date(FROM + (PARTITIONS - 1) * 3_600_000).toISOString().slice(0, 13);
  const handle = await client.start({ assets: ['noop_hours'], from: new Date(FROM).toISOString().slice(0, 13), to: last, maxConcurrency: 100 });
  backfillId = handle.backfillId;
  summary = await handle.result();
  progress = await handle.progress();
}, 3_600_000);

afterAll(async () => {
  await client?.close();
  await worker?.stop();
  await database?.drop();
});

describe(`a backfill of ${PARTITIONS} partitions`, () => {
  it('completes across many runs of the workflow', () => {
    expect(summary).toMatchObject({ outcome: 'completed', total: PARTITIONS, succeeded: PARTITIONS });
    expect(progress.state).toBe('completed');
    expect(progress.continuedAsNew).toBeGreaterThanOrEqual(2);
  });

  it('ran them in batches: far fewer child workflows than partitions', async () => {
    const [row] = await database.db(LEDGER_TABLE).where({ backfill_id: backfillId }).select(database.db.raw('count(DISTINCT workflow_id)::int AS children'));
    // A batch holds what fits its one-second budget at the cost its members measure, and with 100
    // batches sharing one worker that cost is mostly waiting for the event loop: on 2 cores, runs
    // gave just under and just over 5,000 children. Ten times fewer is what any machine should give.
    expect(row.children).toBeLessThan(PARTITIONS / 10);
  });

  it('ran every partition exactly once', async () => {
    const [row] = await database
      .db(LEDGER_TABLE)
      .where({ backfill_id: backfillId })
      .select(database.db.raw('count(*)::int AS attempts'), database.db.raw('count(DISTINCT partition_key)::int AS partitions'))
      .select(database.db.raw(`count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded`));
    expect(row).toEqual({ attempts: PARTITIONS, partitions: PARTITIONS, succeeded: PARTITIONS });
  });

  it('kept every run of the workflow under the history bound', async () => {
    const runs = [];
    for await (const w of worker.client.workflow.list({ query: `WorkflowId = '${backfillId}'` })) runs.push(w);
    expect(runs.length).toBe(progress.continuedAsNew! + 1);
    const longest = Math.max(...runs.map((w) => w.historyLength));
    expect(longest).toBeLessThanOrEqual(HISTORY_BOUND);
    expect(progress.largestHistory).toBeLessThanOrEqual(HISTORY_BOUND);
    expect(progress.largestHistory).toBeGreaterThanOrEqual(CONTINUE_AFTER);
  });
});
