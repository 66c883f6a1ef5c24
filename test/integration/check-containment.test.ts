/**
 * Custom SQL checks that attack the worker (test/fixtures/hostile-check-assets.ts),
 * each in a shadow backfill through a real worker: reading a server file or
 * password hashes, writing large objects, poisoning the worker's pooled
 * connections, sleeping for ten minutes (under the checks' timeout, and under
 * a cancel), killing other sessions while a materialization runs. Each is
 * refused or contained, reported as the check's failure, and followed by an
 * unrelated backfill on the same worker that must succeed.
 */
import { resolve } from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadAssetsModule } from '../../assets/load-assets-module';
import { RetrofillClient, type BackfillHandle } from '../../client';
import type { CheckOutcome } from '../../core/checks/check-outcome';
import type { BackfillSummary } from '../../core/run/backfill-summary';
import { connectDatabase } from '../../db/connect';
import { CHECK_RESULTS_TABLE } from '../../db/rows';
import { control } from '../fixtures/hostile-check-assets';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { startTestWorker, type TestWorker } from '../helpers/test-worker';
import { waitFor } from '../helpers/wait-for';

const FIXTURE = resolve(__dirname, '../fixtures/hostile-check-assets.ts');
const DAY = { from: '2024-01-02', to: '2024-01-02' };
/** The checks' statement timeout of the worker most attacks run on. */
const TIMEOUT_MS = 3_000;
/** Connections of that worker's pool: few, so a poisoned one would be met again. */
const POOL = 4;
/** A check's sleep, in this test's database (other test files share the server). */
const SLEEPING = "query LIKE '%pg_sleep(600)%' AND datname = current_database()";

/** A worker with its own pool and client. */
interface Deployment {
  db: Knex;
  worker: TestWorker;
  client: RetrofillClient;
}

let database: TestDatabase;
let quick: Deployment;
let patient: Deployment;
let passwordHash: string;
let hbaLine: string;

async function deploy(checks: { timeoutMs?: number }): Promise<Deployment> {
  const db = connectDatabase({ url: database.url, poolMax: POOL });
  const worker = await startTestWorker({ catalog: await loadAssetsModule(FIXTURE), db, checks });
  const client = await RetrofillClient.connect({ address: inject('temporalAddress'), taskQueue: worker.taskQueue });
  return { db, worker, client };
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not end within ${ms / 1000} s`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

interface ShadowRun {
  handle: BackfillHandle;
  summary: BackfillSummary;
  /** Every place a check's result shows: the summary, `progress`, the stored results. */
  shown: string;
  check(name: string): CheckOutcome;
}

async function shadowBackfill(d: Deployment, asset: string, limitMs = 120_000): Promise<ShadowRun> {
  const handle = await d.client.start({ assets: [asset], ...DAY, mode: 'all', isolation: 'shadow' });
  return shadowResult(handle, limitMs);
}

async function shadowResult(handle: BackfillHandle, limitMs = 120_000): Promise<ShadowRun> {
  const summary = await within(handle.result(), limitMs, `backfill ${handle.backfillId}`);
  const progress = await handle.progress();
  const stored = await database.db(CHECK_RESULTS_TABLE).where({ backfill_id: handle.backfillId });
  return {
    handle,
    summary,
    shown: JSON.stringify([summary, progress, stored]),
    check: (name) => summary.shadow!.checks.find((c) => c.check === name)!,
  };
}

/** An unrelated backfill of four partitions on `d`'s worker: it must succeed. */
async function expectUnrelatedBackfillSucceeds(d: Deployment): Promise<void> {
  const handle = await d.client.start({ assets: ['plain'], from: '2024-01-01', to: '2024-01-04', mode: 'all', maxConcurrency: 2 });
  const summary = await within(handle.result(), 120_000, 'the unrelated backfill');
  expect(summary).toMatchObject({ outcome: 'completed', total: 4, succeeded: 4, failed: 0 });
  const { rows } = await database.db.raw('SELECT count(*)::int AS n FROM plain');
  expect(rows[0].n).toBe(4);
}

async function sleepingQueries(): Promise<number> {
  const { rows } = await database.db.raw(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE ${SLEEPING} AND pid <> pg_backend_pid()`);
  return rows[0].n;
}

/** The settings of every connection of `db`'s pool, each held at once so none is read twice. */
async function pooledSettings(db: Knex): Promise<Array<{ search_path: string; read_only: string }>> {
  let arrived = 0;
  let allArrived!: () => void;
  const together = new Promise<void>((r) => (allArrived = r));
  const reads = Array.from({ length: POOL }, () =>
    db.transaction(async (trx) => {
      const { rows } = await trx.raw("SELECT current_setting('search_path') AS search_path, current_setting('default_transaction_read_only') AS read_only");
      if (++arrived === POOL) allArrived();
      await together;
      return rows[0];
    }),
  );
  return within(Promise.all(reads), 30_000, 'reading every pooled connection');
}

beforeAll(async () => {
  database = await createTestDatabase();
  passwordHash = (await database.db.raw('SELECT rolpassword FROM pg_authid WHERE rolname = current_user')).rows[0].rolpassword;
  const hba: string = (await database.db.raw("SELECT pg_read_file('pg_hba.conf') AS f")).rows[0].f;
  hbaLine = hba.split('\n').find((line) => line.trim() !== '')!;
  expect(passwordHash).toMatch(/^SCRAM-SHA-256\$/);
  quick = await deploy({ timeoutMs: TIMEOUT_MS });
  // The default timeout (60 s), far beyond the test: only the cancel can stop its check.
  patient = await deploy({});
});

afterAll(async () => {
  // Should a check still sleep (before the fix), end it so the workers can stop.
  await database?.db.raw(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE ${SLEEPING} AND pid <> pg_backend_pid()`);
  for (const d of [quick, patient]) {
    await d?.client.close();
    await d?.worker.stop();
    await d?.db.destroy();
  }
  await database?.drop();
});

describe('a custom check', () => {
  it('cannot read a server file', async () => {
    const run = await shadowBackfill(quick, 'reads_file');
    expect(run.summary.outcome).toBe('checksFailed');
    expect(run.check('reads_file')).toMatchObject({ passed: false, failingCount: 0, failingSample: [] });
    expect(run.check('reads_file').message).toBe('could not run: permission denied for function pg_read_file');
    expect(run.shown).not.toContain(JSON.stringify(hbaLine).slice(1, -1));
    await expectUnrelatedBackfillSucceeds(quick);
  });

  it('cannot read password hashes', async () => {
    const run = await shadowBackfill(quick, 'reads_authid');
    expect(run.check('reads_authid')).toMatchObject({ passed: false, failingCount: 0, failingSample: [] });
    expect(run.check('reads_authid').message).toBe('could not run: permission denied for table pg_authid');
    expect(run.shown).not.toContain(passwordHash);
    expect(run.shown).not.toContain('SCRAM-SHA-256$');
    await expectUnrelatedBackfillSucceeds(quick);
  });

  it('cannot write large objects or import server files', async () => {
    const count = async () => (await database.db.raw('SELECT count(*)::int AS n FROM pg_largeobject_metadata')).rows[0].n as number;
    const before = await count();
    const run = await shadowBackfill(quick, 'writes_large_objects');
    expect(run.check('lo_from_bytea')).toMatchObject({ passed: false, failingCount: 0 });
    expect(run.check('lo_from_bytea').message).toMatch(/^could not run: /);
    // Refused for want of the privilege, whatever the transaction allows.
    expect(run.check('lo_import')).toMatchObject({ passed: false, failingCount: 0, message: 'could not run: permission denied for function lo_import' });
    expect(await count()).toBe(before);
    await expectUnrelatedBackfillSucceeds(quick);
  });

  it("cannot change the settings of the worker's pooled connections", async () => {
    const run = await shadowBackfill(quick, 'poisons');
    expect(run.summary.outcome).toBe('checksFailed');
    // It ran (its settings were made, on its own connection) and returned a row: a failed check.
    expect(run.check('poisons')).toMatchObject({ passed: false, failingCount: 1, failingSample: [{ read_only: 'on', search_path: 'nowhere' }] });
    for (const settings of await pooledSettings(quick.db)) expect(settings).toEqual({ search_path: '"$user", public', read_only: 'off' });
    await expectUnrelatedBackfillSucceeds(quick);
  });

  it('is stopped by the checks timeout, and its query with it', async () => {
    for (const asset of ['sleeps', 'outwaits']) {
      const run = await shadowBackfill(quick, asset, 90_000);
      expect(run.summary.outcome).toBe('checksFailed');
      expect(run.check(asset)).toMatchObject({ passed: false, failingCount: 0 });
      expect(run.check(asset).message).toContain(`timed out after ${TIMEOUT_MS / 1000} s`);
      await waitFor('the sleeping query to be gone', sleepingQueries, (n) => n === 0, 10_000);
    }
    await expectUnrelatedBackfillSucceeds(quick);
  });

  it('is stopped by cancelling the backfill, and its query with it', async () => {
    const handle = await patient.client.start({ assets: ['sleeps'], ...DAY, mode: 'all', isolation: 'shadow' });
    await waitFor('the check to sleep', sleepingQueries, (n) => n === 1, 90_000);
    await handle.cancel();
    const run = await shadowResult(handle, 60_000);
    expect(run.summary.outcome).toBe('cancelled');
    await waitFor('the sleeping query to be gone', sleepingQueries, (n) => n === 0, 15_000);
    await expectUnrelatedBackfillSucceeds(patient);
  });

  it('cannot kill other sessions, a running materialization among them', async () => {
    const other = connectDatabase({ url: database.url, poolMax: 2 });
    const session = await other.transaction();
    try {
      const pid = async () => (await session.raw('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
      const otherPid = await pid();
      control.released = false;
      control.heldAttempts = 0;
      const materializing = await quick.client.start({ assets: ['held'], ...DAY, mode: 'all' });
      await waitFor('the held partition to run', () => control.heldAttempts, (n) => n === 1, 60_000);

      const run = await shadowBackfill(quick, 'terminates');
      expect(run.check('terminates')).toMatchObject({ passed: false, failingCount: 0 });
      expect(run.check('terminates').message).toMatch(/^could not run: permission denied to terminate process/);

      expect(await pid()).toBe(otherPid);
      control.released = true;
      const held = await within(materializing.result(), 60_000, 'the held backfill');
      expect(held).toMatchObject({ outcome: 'completed', succeeded: 1, failed: 0 });
      expect(control.heldAttempts).toBe(1);
    } finally {
      control.released = true;
      await session.rollback().catch(() => undefined);
      await other.destroy();
    }
    await expectUnrelatedBackfillSucceeds(quick);
  });
});

describe('a legitimate custom check', () => {
  it('still reads the shadow and production, and passes or fails on its rows', async () => {
    const run = await shadowBackfill(quick, 'legit');
    expect(run.summary.outcome).toBe('checksFailed');
    expect(run.check('n is positive')).toMatchObject({ passed: true, message: 'no failing rows' });
    // Production has no row of that day: the shadow's row is reported.
    expect(run.check('days production lacks')).toMatchObject({ passed: false, message: '1 failing row', failingCount: 1, failingSample: [{ day: '2024-01-02' }] });
    await expectUnrelatedBackfillSucceeds(quick);
  });
});
