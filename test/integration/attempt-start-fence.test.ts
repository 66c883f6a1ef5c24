/**
 * Where an attempt starts and where its transaction opens, on a real
 * database: a first attempt records its running rows in one fenced statement
 * (refused, writing nothing, once the run holds rows of its attempt number or
 * a later one), and a partition's transaction takes its first lock at once
 * when it is free, or waits for it, cancellably, when another writer holds it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockPartitions } from '../../db/partitions/lock-partitions';
import { openPartitionTransaction } from '../../db/partitions/open-partition-transaction';
import { recordAttemptsStart } from '../../db/ledger/record-attempt-start';
import { migrate } from '../../db/migrate';
import { LEDGER_TABLE } from '../../db/rows';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

let database: TestDatabase;
const identity = (runId: string, attempt = 1) => ({ asset: 'daily_revenue', codeVersion: 'v1', workflowId: 'fence-test', runId, backfillId: 'bf', attempt });
const rowsOf = (runId: string) =>
  database.db(LEDGER_TABLE).where({ workflow_id: 'fence-test', run_id: runId }).orderBy('id').select('partition_key', 'status', 'attempt', 'upstream_versions');

beforeAll(async () => {
  database = await createTestDatabase();
  await migrate(database.db);
});
afterAll(async () => database?.drop());

describe('a first attempt starting', () => {
  it('records one running row per partition with the inputs it reads, and returns their ids in order', async () => {
    const keys = ['2024-03-02', '2024-03-01'];
    const started = await recordAttemptsStart({ knex: database.db }, identity('fresh'), keys.map((partitionKey) => ({ partitionKey, upstreamVersions: { [`raw/${partitionKey}`]: '7' } })));
    expect('ledgerIds' in started && started.ledgerIds).toHaveLength(2);
    const rows = await rowsOf('fresh');
    expect(rows.map((r) => [r.partition_key, r.status, r.attempt, r.upstream_versions])).toEqual(keys.map((k) => [k, 'running', 1, { [`raw/${k}`]: '7' }]));
    const ids = (started as { ledgerIds: string[] }).ledgerIds;
    const byId = await database.db(LEDGER_TABLE).whereIn('id', ids).select('id', 'partition_key');
    expect(ids.map((id) => byId.find((r) => String(r.id) === id)!.partition_key)).toEqual(keys);
  });

  it('is refused, writing nothing, when the run already holds rows of its attempt number or a later one', async () => {
    // A settlement (or a later attempt) wrote rows of attempt 2: attempts 1 and 2 are given up on.
    await database.db(LEDGER_TABLE).insert({
      asset: 'daily_revenue',
      partition_key: '2024-03-01',
      code_version: 'v1',
      upstream_versions: {},
      status: 'failed',
      error: 'settled',
      started_at: new Date(),
      finished_at: new Date(),
      workflow_id: 'fence-test',
      run_id: 'settled',
      backfill_id: 'bf',
      attempt: 2,
    });
    const partitions = [{ partitionKey: '2024-03-01', upstreamVersions: {} }];
    expect(await recordAttemptsStart({ knex: database.db }, identity('settled', 1), partitions)).toEqual({ superseded: true });
    expect(await recordAttemptsStart({ knex: database.db }, identity('settled', 2), partitions)).toEqual({ superseded: true });
    expect((await rowsOf('settled')).map((r) => r.attempt)).toEqual([2]);
  });
});

describe("a partition's transaction opening", () => {
  it('takes the first lock at once when it is free, and tells the backend running it', async () => {
    await database.db.transaction(async (trx) => {
      const opened = await openPartitionTransaction({ knex: trx }, 'daily_revenue', ['2024-03-02', '2024-03-01']);
      expect(opened.firstHeld).toBe(true);
      const { rows } = await trx.raw('SELECT pg_backend_pid() AS pid');
      expect(opened.backend.pid).toBe(rows[0].pid);
      await lockPartitions({ knex: trx }, 'daily_revenue', ['2024-03-02', '2024-03-01'], { firstHeld: true });
      const held = await trx.raw(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted`);
      expect(held.rows[0].n).toBe(2);
    });
  });

  it('does not wait for a lock another writer holds: the lock that follows waits, and a cancel of its backend ends the wait', async () => {
    const holder = await database.db.transaction();
    try {
      await lockPartitions({ knex: holder }, 'daily_revenue', ['2024-03-05']);
      const trx = await database.db.transaction();
      const opened = await openPartitionTransaction({ knex: trx }, 'daily_revenue', ['2024-03-05']);
      expect(opened.firstHeld).toBe(false);
      const waiting = lockPartitions({ knex: trx }, 'daily_revenue', ['2024-03-05'], { firstHeld: false }).then(
        () => 'locked',
        (error: Error) => error.message,
      );
      await expect.poll(() => database.db.raw(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`).then((r) => r.rows[0].n)).toBe(1);
      await database.db.raw('SELECT pg_cancel_backend(?)', [opened.backend.pid]);
      expect(await waiting).toMatch(/canceling statement due to user request/);
      await trx.rollback().catch(() => undefined);
    } finally {
      await holder.commit();
    }
  });
});
