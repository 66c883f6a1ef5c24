/**
 * A known bug fix backfilled in isolation: production holds daily revenue
 * computed with a point-in-time bug; the fixed code rewrites daily_revenue and
 * monthly_revenue into a shadow, waits for approval, is diffed, published in
 * one transaction while a reader keeps reading, then rolled back.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadAssetsModule } from '../../assets/load-assets-module';
import { RetrofillClient } from '../../client';
import type { BackfillHandle } from '../../client/backfill-handle';
import { formatShadowDiff } from '../../cli/views/shadow-diff-view';
import type { BackfillSummary } from '../../core/run/backfill-summary';
import type { ShadowDiff } from '../../core/shadow/shadow-diff';
import { DEMO_TABLES, buildReference } from '../../examples/demo/reference';
import { demoChecksums, type Checksums } from '../helpers/demo-state';
import { runCommand } from '../helpers/run-command';
import { startSnapshotReader } from '../helpers/snapshot-reader';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { startTestWorker, type TestWorker } from '../helpers/test-worker';

const RANGE = { from: '2023-01-01', to: '2023-03-31' };
const REWRITTEN = ['daily_revenue', 'monthly_revenue'];

let database: TestDatabase;
let fixed: TestWorker;
let client: RetrofillClient;
let handle: BackfillHandle;
let before: Checksums;
let reference: Checksums;
const whileRunning: Checksums[] = [];

/** Runs the `retrofill` CLI against this test's workers. */
const retrofill = (...args: string[]) =>
  runCommand(process.execPath, [resolve(__dirname, '../../bin/retrofill.js'), ...args], {
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    RETROFILL_TASK_QUEUE: fixed.taskQueue,
  });
const checksums = (prefix = '') => demoChecksums(database.db, prefix);

beforeAll(async () => {
  database = await createTestDatabase();
  const buggy = await startTestWorker({ catalog: await loadAssetsModule(resolve(__dirname, '../fixtures/point-in-time-bug-assets.ts')), db: database.db });
  const buggyClient = await RetrofillClient.connect({ address: inject('temporalAddress'), taskQueue: buggy.taskQueue });
  const production = await (await buggyClient.start({ assets: ['customers', 'raw_events'], ...RANGE, downstream: true, maxConcurrency: 4 })).result();
  expect(production.outcome).toBe('completed');
  await buggyClient.close();
  await buggy.stop();
  before = await checksums();
  await buildReference(database.db, new Date('2023-01-01T00:00:00Z'), new Date('2023-04-01T00:00:00Z'));
  reference = await checksums('ref_');

  fixed = await startTestWorker({ catalog: await loadAssetsModule(resolve(__dirname, '../../examples/demo/assets.ts')), db: database.db });
  client = await RetrofillClient.connect({ address: inject('temporalAddress'), taskQueue: fixed.taskQueue });
  handle = await client.start({ assets: ['daily_revenue'], ...RANGE, downstream: true, maxConcurrency: 4, isolation: 'shadow', publishApproval: true });
  for (;;) {
    whileRunning.push(await checksums());
    const { state } = await handle.progress();
    if (state === 'awaitingPublish' || state === 'completed' || state === 'failed' || state === 'cancelled') break;
    await new Promise((r) => setTimeout(r, 200));
  }
});

afterAll(async () => {
  await client?.close();
  await fixed?.stop();
  await database?.drop();
});

describe('a shadow backfill of a bug fix, before publish', () => {
  it('starts from production that differs from the reference exactly in the rewritten tables', () => {
    for (const table of Object.keys(DEMO_TABLES)) {
      expect(before[table]!.md5 === reference[table]!.md5, table).toBe(!REWRITTEN.includes(table));
    }
  });

  it('waits for approval with every check passed', async () => {
    const progress = await handle.progress();
    expect(progress.state).toBe('awaitingPublish');
    expect(progress.totals).toMatchObject({ total: 93, succeeded: 93 });
    expect(progress.shadow!.phase).toBe('awaitingPublish');
    expect(progress.shadow!.checks.length).toBeGreaterThan(0);
    expect(progress.shadow!.checks.filter((c) => !c.passed)).toEqual([]);
  });

  it('keeps its shadow while it runs: discarding is refused', async () => {
    await expect(client.discard(handle.backfillId)).rejects.toMatchObject({ type: 'BackfillStillRunning' });
  });

  it('leaves production byte-identical while it runs and until publish', async () => {
    expect(whileRunning.length).toBeGreaterThan(3);
    for (const seen of [...whileRunning, await checksums()]) expect(seen).toEqual(before);
  });

  it('keeps its writes out of the ledger that planning reads', async () => {
    const plan = await client.plan({ assets: ['daily_revenue'], ...RANGE, downstream: true });
    expect(plan.assets.map((a) => [a.asset, a.selected])).toEqual([
      ['daily_revenue', 90],
      ['monthly_revenue', 3],
    ]);
  });
});

describe('diff before publish', () => {
  let diff: ShadowDiff;
  beforeAll(async () => {
    diff = await client.diff(handle.backfillId);
  });

  it('lists exactly the partitions the fix changes, per asset', async () => {
    const changedDays = await differingKeys('daily_revenue', 'day', "to_char(day, 'YYYY-MM-DD')");
    const changedMonths = await differingKeys('monthly_revenue', 'month', "to_char(month, 'YYYY-MM')");
    expect(changedDays.length).toBeGreaterThan(0);
    expect(changedDays.length).toBeLessThan(90);
    const listed = Object.fromEntries(diff.assets.map((a) => [a.asset, a.differences.map((d) => d.partition)]));
    expect(listed).toEqual({ daily_revenue: changedDays, monthly_revenue: changedMonths });
    expect(diff.assets.map((a) => a.partitions)).toEqual([90, 3]);
  });

  it('prints the same from `retrofill diff`', async () => {
    const result = await retrofill('diff', handle.backfillId);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(`${formatShadowDiff(diff)}\n`);
  });

  it('shows the checks and the wait in `retrofill status`', async () => {
    const result = await retrofill('status', handle.backfillId);
    expect(result.stdout).toContain('Shadow: checks passed; awaiting publish (retrofill publish <id>)');
    expect(result.stdout).toMatch(/✓ error daily_revenue unique\(day, segment\)/);
  });
});

describe('publish', () => {
  let summary: BackfillSummary;
  let passes: Checksums[];
  beforeAll(async () => {
    const reader = startSnapshotReader(database.db, Object.fromEntries(REWRITTEN.map((t) => [t, DEMO_TABLES[t]!])));
    await new Promise((r) => setTimeout(r, 100));
    await client.publish(handle.backfillId);
    summary = await handle.result();
    await new Promise((r) => setTimeout(r, 100));
    passes = await reader.stop();
  });

  it('completes, reporting what it replaced', () => {
    expect(summary.outcome).toBe('completed');
    expect(summary.shadow!.phase).toBe('published');
    expect(summary.shadow!.publication!.assets.map((a) => [a.asset, a.partitions])).toEqual([
      ['daily_revenue', 90],
      ['monthly_revenue', 3],
    ]);
  });

  it('leaves every table equal to the reference', async () => {
    expect(await checksums()).toEqual(reference);
  });

  it('is seen by a concurrent reader all at once: each snapshot is all old or all new', () => {
    const states = passes.map((seen) => {
      const old = REWRITTEN.every((t) => seen[t]!.md5 === before[t]!.md5);
      const fresh = REWRITTEN.every((t) => seen[t]!.md5 === reference[t]!.md5);
      return old ? 'old' : fresh ? 'new' : `mixed: ${JSON.stringify(seen)}`;
    });
    expect(states.filter((s) => s !== 'old' && s !== 'new')).toEqual([]);
    expect(states[0]).toBe('old');
    expect(states[states.length - 1]).toBe('new');
  });

  it('makes its writes production in the ledger', async () => {
    const plan = await client.plan({ assets: ['daily_revenue'], ...RANGE, downstream: true });
    expect(plan.assets.map((a) => a.selected)).toEqual([0, 0]);
  });
});

describe('rollback', () => {
  it('restores the previous checksums exactly, and planning sees the old partitions again', async () => {
    const rollback = await client.rollback(handle.backfillId);
    expect(rollback.assets.map((a) => a.asset)).toEqual(REWRITTEN);
    expect(await checksums()).toEqual(before);
    const plan = await client.plan({ assets: ['daily_revenue'], ...RANGE, downstream: true });
    expect(plan.assets.map((a) => a.selected)).toEqual([90, 3]);
  });

  it('repeated, returns the same rollback without touching the tables', async () => {
    const again = await client.rollback(handle.backfillId);
    expect(again.assets.map((a) => a.asset)).toEqual(REWRITTEN);
    expect(await checksums()).toEqual(before);
  });

  it('is refused by `retrofill rollback` with exit code 5 for a backfill that has no shadow', async () => {
    const result = await retrofill('rollback', 'no-such-backfill');
    expect(result.code).toBe(5);
    expect(result.stderr).toContain('has no shadow');
  });

  it('is refused for a backfill without a shadow, naming why', async () => {
    await expect(client.rollback('no-such-backfill')).rejects.toMatchObject({
      failureType: 'ShadowNotFound',
      message: expect.stringContaining("backfill no-such-backfill has no shadow: only a backfill started with isolation 'shadow' has one"),
    });
  });
});

describe('a shadow backfill of the whole demo DAG, approved as soon as it started', () => {
  it('keeps production as it was while it runs, then publishes every table equal to the reference', async () => {
    expect(await checksums()).toEqual(before);
    const whole = await client.start({
      assets: ['customers', 'raw_events'],
      ...RANGE,
      downstream: true,
      mode: 'all',
      maxConcurrency: 4,
      isolation: 'shadow',
      publishApproval: true,
    });
    // Approved before anything ran: it publishes once the checks pass, without waiting.
    await whole.publish();
    // Each read of production, with the state the backfill was in just after it.
    const seen: Array<{ production: Checksums; stateAfter: string }> = [];
    let state = '';
    while (state !== 'completed' && state !== 'failed') {
      const production = await checksums();
      ({ state } = await whole.progress());
      seen.push({ production, stateAfter: state });
      await new Promise((r) => setTimeout(r, 200));
    }
    const summary = await whole.result();
    expect(summary.outcome).toBe('completed');
    expect(summary.shadow!.publication!.assets.map((a) => [a.asset, a.partitions])).toEqual([
      ['customers', 1],
      ['raw_events', 90],
      ['daily_revenue', 90],
      ['customer_lifetime_value', 90],
      ['monthly_revenue', 3],
    ]);
    // A read followed by a state before publishing was made before publish began: production as it was.
    const beforePublish = seen.filter((s) => ['planning', 'running', 'checking'].includes(s.stateAfter));
    expect(beforePublish.length).toBeGreaterThan(3);
    for (const s of beforePublish) expect(s.production).toEqual(before);
    for (const s of seen) expect([before, reference]).toContainEqual(s.production);
    expect(await checksums()).toEqual(reference);
  });
});

/** Keys (formatted by `label`) where production's `table` differs from the reference: an independent answer to the diff. */
async function differingKeys(table: string, column: string, label: string): Promise<string[]> {
  const { rows } = await database.db.raw(
    `SELECT DISTINCT ${label} AS k FROM ((SELECT * FROM ?? EXCEPT SELECT * FROM ??) UNION ALL (SELECT * FROM ?? EXCEPT SELECT * FROM ??)) AS d(${column}) ORDER BY 1`,
    [table, `ref_${table}`, `ref_${table}`, table],
  );
  return rows.map((r: { k: string }) => r.k);
}
