/**
 * The wait for a database that stopped answering, against real PostgreSQL:
 * the shared server (it answers) and an address where nothing listens (a
 * server that is down). Probes use a connection of their own, so a pool
 * that is full does not look like an outage.
 */
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { databaseAddress, databaseProbe } from '../../activities/database-probe';
import { waitForDatabase, type DatabaseWait, type WaitingDetails } from '../../activities/wait-for-database';
import { connectDatabase } from '../../db/connect';
import { freePort } from '../../local/free-port';

const PASSWORD = 'sekrit-pw';
const lost = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });

let live: Knex;
let down: Knex;
let downPort: number;

function waitOn(db: Knex, limitMs: number, signal = new AbortController().signal) {
  const beats: WaitingDetails[] = [];
  const wait: DatabaseWait = { probe: databaseProbe(db), address: databaseAddress(db), limitMs, heartbeat: (d) => beats.push(d), signal };
  return { wait, beats };
}

beforeAll(async () => {
  live = connectDatabase({ url: inject('adminDatabaseUrl'), poolMax: 2 });
  downPort = await freePort();
  down = connectDatabase({ url: `postgres://someone:${PASSWORD}@127.0.0.1:${downPort}/ledger_db`, poolMax: 2 });
});

afterAll(async () => {
  await live?.destroy();
  await down?.destroy();
});

describe('waitForDatabase', () => {
  it('names the database by host, port and name, never its user or password', () => {
    expect(databaseAddress(down)).toBe(`127.0.0.1:${downPort}/ledger_db`);
  });

  it('does not wait when the database answers at once, even with every pooled connection busy', async () => {
    const held = await Promise.all([live.transaction(), live.transaction()]);
    try {
      await Promise.all(held.map((trx) => trx.raw('SELECT 1')));
      const { wait, beats } = waitOn(live, 60_000);
      const started = Date.now();
      await expect(waitForDatabase(wait, lost)).resolves.toBe(false);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(beats).toEqual([]);
    } finally {
      await Promise.all(held.map((trx) => trx.rollback()));
    }
  });

  it('gives up after the limit with a retryable failure naming the database and the limit, heartbeating meanwhile', async () => {
    const { wait, beats } = waitOn(down, 2_500);
    const started = Date.now();
    const failure = await waitForDatabase(wait, lost).catch((error: unknown) => error);
    const tookMs = Date.now() - started;

    expect(failure).toBeInstanceOf(ApplicationFailure);
    const { type, nonRetryable, message } = failure as ApplicationFailure;
    expect({ type, nonRetryable }).toEqual({ type: 'DatabaseUnavailable', nonRetryable: false });
    expect(message).toMatch(new RegExp(`^PostgreSQL at 127\\.0\\.0\\.1:${downPort}/ledger_db did not answer for 2500 ms \\(the limit, RETROFILL_DATABASE_WAIT\\): .*ECONNREFUSED`));
    expect(message).not.toContain(PASSWORD);
    expect(message).not.toContain('someone');
    expect(tookMs).toBeGreaterThanOrEqual(2_500);
    expect(tookMs).toBeLessThan(15_000);
    // Once at once, then every second.
    expect(beats.length).toBeGreaterThanOrEqual(2);
    expect(beats[0]).toEqual({ waitingForDatabase: { address: `127.0.0.1:${downPort}/ledger_db`, since: expect.any(String), error: 'connect ECONNREFUSED' } });
  });

  it('stops waiting as soon as it is cancelled', async () => {
    const cancel = new AbortController();
    const { wait } = waitOn(down, 600_000, cancel.signal);
    const waiting = waitForDatabase(wait, lost).catch((error: unknown) => error);
    await new Promise((r) => setTimeout(r, 1_500));
    const cancelledAt = Date.now();
    cancel.abort();
    expect(await waiting).toBeInstanceOf(CancelledFailure);
    expect(Date.now() - cancelledAt).toBeLessThan(5_000);
  });
});
