/**
 * A `retrofill worker` that cannot start exits, non-zero, naming why, and
 * leaves nothing behind: before, one started with a namespace the server does
 * not have printed the error and never exited, ignoring SIGTERM (the SDK's
 * workflow threads, the Temporal connection and the database pool stayed
 * open), after migrating the database it was given.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

const ROOT = resolve(__dirname, '../..');
const BIN = resolve(ROOT, 'bin/retrofill.js');
/** Loading the module and connecting take seconds under load; hanging is forever. */
const EXIT_BOUND_MS = 60_000;

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.drop());

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** Whether a SIGTERM was sent (the process was still there once it printed its error). */
  terminated: boolean;
}

/**
 * Starts a worker; once it printed an error, sends it SIGTERM if it is still
 * there; resolves when it exits, or with `code: null, signal: null` after the bound
 * (then SIGKILLs it).
 */
function runWorker(env: Record<string, string>): Promise<Outcome> {
  const child = spawn(process.execPath, [BIN, 'worker', '--assets', 'examples/demo/assets.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stderr = '';
  let terminated = false;
  return new Promise((done) => {
    const bound = setTimeout(() => {
      process.kill(-child.pid!, 'SIGKILL');
      done({ code: null, signal: null, stderr, terminated });
    }, EXIT_BOUND_MS);
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (!terminated && stderr.includes('retrofill: ') && child.exitCode === null) {
        terminated = true;
        // Its own: a second after the error, as an operator (or systemd) would.
        setTimeout(() => child.exitCode === null && child.signalCode === null && child.kill('SIGTERM'), 1_000);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(bound);
      done({ code, signal, stderr, terminated });
    });
  });
}

const tables = async () =>
  (await database.db('information_schema.tables').where({ table_schema: 'public' }).pluck('table_name')) as string[];

describe('a worker started with a namespace the server does not have', () => {
  it('exits non-zero within the bound, naming the namespace and the server, and touches no table', async () => {
    const namespace = `no-such-namespace-${randomBytes(3).toString('hex')}`;
    const outcome = await runWorker({ TEMPORAL_ADDRESS: inject('temporalAddress'), TEMPORAL_NAMESPACE: namespace, DATABASE_URL: database.url });
    // By itself, without waiting for the SIGTERM sent a second after its error (which it ignored before).
    expect(outcome, 'exits by itself with code 1').toMatchObject({ code: 1, signal: null });
    expect(outcome.stderr).toContain(
      `retrofill: namespace "${namespace}" not found on Temporal at ${inject('temporalAddress')}: set TEMPORAL_NAMESPACE to an existing one, ` +
        `or create it (temporal operator namespace create --namespace "${namespace}")`,
    );
    // The namespace is checked before the database is prepared: no migration ran.
    expect(await tables()).toEqual([]);
  });
});

describe('a worker whose Temporal address has no server', () => {
  it('exits non-zero within the bound, naming the address', async () => {
    const outcome = await runWorker({ TEMPORAL_ADDRESS: '127.0.0.1:1', DATABASE_URL: database.url });
    expect(outcome, 'exits by itself with code 1').toMatchObject({ code: 1, signal: null });
    expect(outcome.stderr).toMatch(/^retrofill: cannot connect to Temporal at 127\.0\.0\.1:1: /m);
    expect(await tables()).toEqual([]);
  });
});

describe('a worker on a namespace where a Retrofill search attribute has another type', () => {
  it('refuses to start, naming the attribute, both types and the fix, and touches no table', async () => {
    const namespace = `mistyped-${randomBytes(3).toString('hex')}`;
    const connection = await Connection.connect({ address: inject('temporalAddress') });
    try {
      await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
      // As another team might have: an asset name, one per workflow, where Retrofill sets a list.
      await connection.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: { RetrofillAsset: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD },
      });
    } finally {
      await connection.close();
    }
    const outcome = await runWorker({ TEMPORAL_ADDRESS: inject('temporalAddress'), TEMPORAL_NAMESPACE: namespace, DATABASE_URL: database.url });
    expect(outcome, 'exits by itself with code 1').toMatchObject({ code: 1, signal: null });
    expect(outcome.stderr).toContain(
      "retrofill: the namespace's search attributes do not match what Retrofill sets, so every backfill would fail: " +
        `RetrofillAsset is Keyword, Retrofill needs KeywordList: remove it (temporal operator search-attribute remove --namespace "${namespace}" --name RetrofillAsset)`,
    );
    expect(await tables()).toEqual([]);
  });
});
