/**
 * One word for one outcome, recorded once and shown the same everywhere:
 * - a partition refused because its inputs were never materialized is
 *   `failed`, with the refusal as its reason, in the summary, `progress`,
 *   the ledger and `status --asset` (which showed it `missing`: the refusal
 *   left no ledger row);
 * - a shadow backfill whose blocking check failed is `checksFailed` in the
 *   summary and in `status` (which said `failed`), its shadow `checks_failed`
 *   in retrofill_shadows (which said `building`), and `publish` says it
 *   cannot publish, naming the check and what to do (it said `not running (completed)`).
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadAssetsModule } from '../../assets/load-assets-module';
import { ChecksFailedError, RetrofillClient } from '../../client';
import type { BackfillSummary } from '../../core/run/backfill-summary';
import { LEDGER_TABLE, SHADOWS_TABLE } from '../../db/rows';
import { UNPASSABLE_CHECK } from '../fixtures/unpassable-check-assets';
import { runCommand } from '../helpers/run-command';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { startTestWorker, type TestWorker } from '../helpers/test-worker';

const ROOT = resolve(__dirname, '../..');
const BIN = resolve(ROOT, 'bin/retrofill.js');
const DAYS = ['2023-01-01', '2023-01-02', '2023-01-03'];
const RANGE = { from: DAYS[0]!, to: DAYS.at(-1)! };

let database: TestDatabase;
let worker: TestWorker;
let client: RetrofillClient;

beforeAll(async () => {
  database = await createTestDatabase();
  worker = await startTestWorker({ catalog: await loadAssetsModule(resolve(__dirname, '../fixtures/unpassable-check-assets.ts')), db: database.db });
  client = await RetrofillClient.connect({ address: inject('temporalAddress'), taskQueue: worker.taskQueue });
});

afterAll(async () => {
  await client?.close();
  await worker?.stop();
  await database?.drop();
});

const retrofill = (...args: string[]) =>
  runCommand(process.execPath, [BIN, ...args], { TEMPORAL_ADDRESS: inject('temporalAddress'), RETROFILL_TASK_QUEUE: worker.taskQueue });

describe('a partition refused for inputs never materialized', () => {
  let summary: BackfillSummary;
  /** The refusal of each day, as the backfill reported it. */
  let reasons: Record<string, string>;

  beforeAll(async () => {
    // Nothing upstream was ever materialized: every day of daily_revenue is refused.
    const handle = await client.start({ assets: ['daily_revenue'], ...RANGE });
    summary = await handle.result();
    reasons = Object.fromEntries(summary.assets[0]!.failures.map((f) => [f.partition, f.reason]));
  });

  it('is failed in the summary, naming the inputs', () => {
    expect(summary).toMatchObject({ outcome: 'completedWithFailures', total: 3, failed: 3, succeeded: 0, skipped: 0 });
    expect(Object.keys(reasons).sort()).toEqual(DAYS);
    for (const day of DAYS) {
      expect(reasons[day]).toMatch(new RegExp(`^cannot materialize daily_revenue/${day}: upstream partitions not materialized: .*raw_events/${day}`));
    }
  });

  it('is failed in the ledger, with the same reason, once per partition', async () => {
    const rows = await database.db(LEDGER_TABLE).where({ backfill_id: summary.backfillId }).select('asset', 'partition_key', 'status', 'error', 'finished_at');
    expect(rows.map((r) => [r.asset, r.partition_key, r.status, r.error]).sort()).toEqual(DAYS.map((day) => ['daily_revenue', day, 'failed', reasons[day]]));
    for (const r of rows) expect(r.finished_at).not.toBeNull();
  });

  it('is failed in status --asset (client and CLI), with the same reason, not missing', async () => {
    const status = await client.assetStatus('daily_revenue');
    const shown = Object.fromEntries(status.entries.filter((e) => DAYS.includes(e.key)).map((e) => [e.key, [e.status, e.reason]]));
    expect(shown).toEqual(Object.fromEntries(DAYS.map((day) => [day, ['failed', `failed: ${reasons[day]}`]])));
    const cli = await retrofill('status', '--asset', 'daily_revenue', '--json');
    expect(cli.code, cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({ asset: 'daily_revenue', statuses: expect.stringMatching(/^fff/) });
  });

  it('is failed in progress and in retrofill status', async () => {
    const progress = await client.progress(summary.backfillId);
    expect(progress.totals).toMatchObject({ failed: 3, succeeded: 0 });
    expect(Object.fromEntries(progress.recentFailures.map((f) => [f.partition, f.reason]))).toEqual(reasons);
    const cli = await retrofill('status', summary.backfillId);
    expect(cli.code, cli.stderr).toBe(0);
    for (const day of DAYS) expect(cli.stdout).toContain(`  failed  daily_revenue/${day}: ${reasons[day]}`);
  });
});

describe('a shadow backfill whose blocking check failed', () => {
  let summary: BackfillSummary;

  beforeAll(async () => {
    const production = await (await client.start({ assets: ['customers', 'raw_events'], ...RANGE })).result();
    expect(production.outcome).toBe('completed');
    summary = await (await client.start({ assets: ['daily_revenue'], ...RANGE, mode: 'all', isolation: 'shadow' })).result();
  });

  it('is checksFailed in the summary', () => {
    expect(summary).toMatchObject({ outcome: 'checksFailed', succeeded: 3, failed: 0 });
    expect(summary.shadow).toMatchObject({ phase: 'notPublished' });
  });

  it('is checksFailed in progress and in retrofill status', async () => {
    expect((await client.progress(summary.backfillId)).state).toBe('checksFailed');
    const cli = await retrofill('status', summary.backfillId);
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toContain(`Backfill ${summary.backfillId}: checksFailed, `);
    expect(cli.stdout).toContain(`Shadow: not published: blocking check failed: daily_revenue ${UNPASSABLE_CHECK}`);
  });

  it('is checks_failed in retrofill_shadows', async () => {
    expect(await database.db(SHADOWS_TABLE).where({ backfill_id: summary.backfillId }).first()).toMatchObject({ state: 'checks_failed' });
  });

  it('cannot be published: publish names the failed check and what to do', async () => {
    const expected =
      `backfill ${summary.backfillId} cannot be published: its blocking check failed (daily_revenue ${UNPASSABLE_CHECK}); production is untouched. ` +
      `Discard its shadow (retrofill discard ${summary.backfillId}), or fix the data or the checks and run the backfill again`;
    const error = await client.publish(summary.backfillId).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ChecksFailedError);
    expect(error).toMatchObject({ type: 'ChecksFailed', backfillId: summary.backfillId, checks: [`daily_revenue ${UNPASSABLE_CHECK}`], message: expected });
    const cli = await retrofill('publish', summary.backfillId);
    expect(cli).toEqual({ code: 5, stdout: '', stderr: `retrofill: ${expected}\n` });
  });

  it('can be diffed, and discarded as publish says', async () => {
    expect((await client.diff(summary.backfillId)).assets.map((a) => [a.asset, a.partitions])).toEqual([['daily_revenue', 3]]);
    const cli = await retrofill('discard', summary.backfillId);
    expect(cli).toMatchObject({ code: 0, stdout: `Discarded the shadow of ${summary.backfillId}\n` });
    expect(await database.db(SHADOWS_TABLE).where({ backfill_id: summary.backfillId }).first()).toMatchObject({ state: 'discarded' });
  });
});
