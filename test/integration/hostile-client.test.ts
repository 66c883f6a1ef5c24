/**
 * `RetrofillClient` given arguments no caller should send: each public method
 * refuses them with its typed error and a message naming the problem, before
 * anything is sent (no workflow is started, no update or signal reaches the
 * backfill) and nothing is written: every table keeps its rows and checksum,
 * the ledger its row count. Before, `assetStatus(undefined)` threw a raw
 * TypeError, `throttle(NaN)` reached the workflow as `null`, `list({limit: -1})`
 * and NaN were taken as they came, and a bad connection option or an
 * unreachable address surfaced as the SDK's own error.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadAssetsModule } from '../../assets/load-assets-module';
import {
  InvalidBackfillRequestError,
  InvalidConcurrencyError,
  InvalidOptionsError,
  InvalidStatusRequestError,
  RetrofillClient,
  TemporalConnectionError,
  type BackfillHandle,
} from '../../client';
import { RetrofillError } from '../../core/errors';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { expectNothingWritten } from '../helpers/table-digests';
import { startTestWorker, type TestWorker } from '../helpers/test-worker';
import { startQuietBackfill } from '../helpers/quiet-backfill';
import { RAW_CONTROL_OR_NEWLINE } from '../helpers/raw-control';

const ROOT = resolve(__dirname, '../..');

let database: TestDatabase;
let worker: TestWorker;
let client: RetrofillClient;
let quiet: BackfillHandle;
/** The quiet backfill's concurrency: no refused throttle may change it. */
let concurrency: number;

beforeAll(async () => {
  database = await createTestDatabase();
  worker = await startTestWorker({ catalog: await loadAssetsModule(resolve(ROOT, 'examples/demo/assets.ts')), db: database.db });
  client = await RetrofillClient.connect({ address: inject('temporalAddress'), taskQueue: worker.taskQueue });
  quiet = await startQuietBackfill(client);
  concurrency = (await quiet.progress()).maxConcurrency;
});

afterAll(async () => {
  await quiet?.cancel().catch(() => undefined);
  await client?.close();
  await worker?.stop();
  await database?.drop();
});

type AnyArgs = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- hostile callers ignore the types
type ErrorClass = abstract new (...args: AnyArgs[]) => RetrofillError;

/** [what, the call, the error class, its `type`, the message] */
type Case = [string, (c: RetrofillClient) => unknown, ErrorClass, string, RegExp];

const NO_ID = /^Invalid backfill request: backfillId: expected a non-empty string, got /;
const CONCURRENCY = (got: string) => new RegExp(`^maxConcurrency must be a whole number from 1 to 500, got ${got}$`);
const LIMIT = (got: string) => new RegExp(`^Invalid list options: limit: expected a whole number from 1 to 10000, got ${got}$`);
const ASSET = (got: string) => new RegExp(`^Invalid status request: asset: expected an asset name matching .*, got ${got}$`);
const REQUEST = { assets: ['raw_events'], from: '2023-01-01', to: '2023-01-02' };
const q = (c: RetrofillClient) => c as AnyArgs;

const CASES: Case[] = [
  ['assetStatus(undefined) (a raw TypeError before)', (c) => q(c).assetStatus(undefined), InvalidStatusRequestError, 'InvalidStatusRequest', ASSET('undefined')],
  ['assetStatus("")', (c) => c.assetStatus(''), InvalidStatusRequestError, 'InvalidStatusRequest', ASSET('""')],
  ['assetStatus of a path', (c) => c.assetStatus('../../etc/passwd'), InvalidStatusRequestError, 'InvalidStatusRequest', ASSET('"\\.\\./\\.\\./etc/passwd"')],
  ['assetStatus with SQL in it', (c) => c.assetStatus('raw_events; DROP TABLE retrofill_ledger'), InvalidStatusRequestError, 'InvalidStatusRequest', ASSET('"raw_events; DROP TABLE retrofill_ledger"')],
  ['assetStatus(42)', (c) => q(c).assetStatus(42), InvalidStatusRequestError, 'InvalidStatusRequest', ASSET('42')],
  ['throttle(NaN) ("got null" before)', (c) => c.throttle(quiet.backfillId, NaN), InvalidConcurrencyError, 'InvalidConcurrency', CONCURRENCY('NaN')],
  ['throttle(Infinity)', (c) => c.throttle(quiet.backfillId, Infinity), InvalidConcurrencyError, 'InvalidConcurrency', CONCURRENCY('Infinity')],
  ['throttle(1.5)', (c) => c.throttle(quiet.backfillId, 1.5), InvalidConcurrencyError, 'InvalidConcurrency', CONCURRENCY('1.5')],
  ['throttle(0)', (c) => c.throttle(quiet.backfillId, 0), InvalidConcurrencyError, 'InvalidConcurrency', CONCURRENCY('0')],
  ['throttle(-3)', (c) => c.throttle(quiet.backfillId, -3), InvalidConcurrencyError, 'InvalidConcurrency', CONCURRENCY('-3')],
  ['throttle("8")', (c) => q(c).throttle(quiet.backfillId, '8'), InvalidConcurrencyError, 'InvalidConcurrency', CONCURRENCY('"8"')],
  ['throttle(501)', (c) => c.throttle(quiet.backfillId, 501), InvalidConcurrencyError, 'InvalidConcurrency', CONCURRENCY('501')],
  ['list({limit: -1}) (accepted before)', (c) => c.list({ limit: -1 }), InvalidOptionsError, 'InvalidOptions', LIMIT('-1')],
  ['list({limit: NaN}) (accepted before)', (c) => c.list({ limit: NaN }), InvalidOptionsError, 'InvalidOptions', LIMIT('NaN')],
  ['list({limit: 2.5})', (c) => c.list({ limit: 2.5 }), InvalidOptionsError, 'InvalidOptions', LIMIT('2.5')],
  ['list({limit: 1e9})', (c) => c.list({ limit: 1e9 }), InvalidOptionsError, 'InvalidOptions', LIMIT('1000000000')],
  ['list({runningOnly: "yes"})', (c) => q(c).list({ runningOnly: 'yes' }), InvalidOptionsError, 'InvalidOptions', /^Invalid list options: runningOnly: expected true or false, got "yes"$/],
  ['list with a misspelt option', (c) => q(c).list({ limt: 5 }), InvalidOptionsError, 'InvalidOptions', /^Invalid list options: unknown option "limt" \(accepted: runningOnly, all, limit\)$/],
  ['progress("")', (c) => c.progress(''), InvalidBackfillRequestError, 'InvalidBackfillRequest', NO_ID],
  ['pause(undefined)', (c) => q(c).pause(undefined), InvalidBackfillRequestError, 'InvalidBackfillRequest', NO_ID],
  ['resume(42)', (c) => q(c).resume(42), InvalidBackfillRequestError, 'InvalidBackfillRequest', NO_ID],
  ['cancel(null)', (c) => q(c).cancel(null), InvalidBackfillRequestError, 'InvalidBackfillRequest', NO_ID],
  ['result("")', (c) => c.result(''), InvalidBackfillRequestError, 'InvalidBackfillRequest', NO_ID],
  ['publish("")', (c) => c.publish(''), InvalidBackfillRequestError, 'InvalidBackfillRequest', NO_ID],
  ['throttle("", 4)', (c) => c.throttle('', 4), InvalidBackfillRequestError, 'InvalidBackfillRequest', NO_ID],
  ['diff("")', (c) => c.diff(''), InvalidBackfillRequestError, 'InvalidBackfillRequest', NO_ID],
  ['rollback(undefined)', (c) => q(c).rollback(undefined), InvalidBackfillRequestError, 'InvalidBackfillRequest', NO_ID],
  ['discard("")', (c) => c.discard(''), InvalidBackfillRequestError, 'InvalidBackfillRequest', NO_ID],
  ['backfill({})', (c) => q(c).backfill({}), InvalidBackfillRequestError, 'InvalidBackfillRequest', NO_ID],
  ['start with an empty id', (c) => c.start(REQUEST, ''), InvalidBackfillRequestError, 'InvalidBackfillRequest', NO_ID],
  ['start(undefined)', (c) => q(c).start(undefined), InvalidBackfillRequestError, 'InvalidBackfillRequest', /^Invalid backfill request: request: /],
  ['plan(null)', (c) => q(c).plan(null), InvalidBackfillRequestError, 'InvalidBackfillRequest', /^Invalid backfill request: request: /],
];

/** [what, connect's options, the message] */
const CONNECT: Array<[string, unknown, RegExp]> = [
  ['an address without a port', { address: 'localhost' }, /^Invalid connection options: address: expected host:port, got "localhost"$/],
  ['a port out of range', { address: 'localhost:99999' }, /^Invalid connection options: address: expected host:port, got "localhost:99999"$/],
  ['an empty namespace', { namespace: '' }, /^Invalid connection options: namespace: expected a non-empty string, got ""$/],
  ['a task queue with terminal escapes, escaped', { taskQueue: 'q\u001b[31m' }, /^Invalid connection options: taskQueue: expected no control, format or separator characters, got "q\\u001b\[31m"$/],
  ['a misspelt option', { adress: 'localhost:7233' }, /^Invalid connection options: unknown option "adress" \(accepted: address, namespace, taskQueue, tls, apiKey\)$/],
  ['a string instead of options', 'localhost:7233', /^Invalid connection options: expected an object, got "localhost:7233"$/],
];

/** The workflows of the test's task queue: only the quiet backfill and its canary's partition, whatever was refused. */
async function workflowsOnQueue(): Promise<string[]> {
  const types: string[] = [];
  for await (const w of worker.client.workflow.list({ query: `TaskQueue = '${worker.taskQueue}'` })) types.push(w.type);
  return types.sort();
}

describe('RetrofillClient refuses what no caller should send', () => {
  it.concurrent.for(CASES)('%s', async ([, call, errorClass, type, message]) => {
    await expectNothingWritten(database.db, async () => {
      let error: unknown;
      try {
        await call(client);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(errorClass);
      expect(error).toMatchObject({ type });
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toMatch(RAW_CONTROL_OR_NEWLINE);
    });
  });

  it.concurrent.for(CONNECT)('connect with %s', async ([, options, message]) => {
    await expectNothingWritten(database.db, async () => {
      const error = await RetrofillClient.connect(options as AnyArgs).then(
        (c) => c.close(),
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(InvalidOptionsError);
      expect(error).toMatchObject({ type: 'InvalidOptions' });
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toMatch(RAW_CONTROL_OR_NEWLINE);
    });
  });

  it.concurrent('connect to an address where nothing listens names the address', async () => {
    await expectNothingWritten(database.db, async () => {
      const error = await RetrofillClient.connect({ address: '127.0.0.1:1', taskQueue: worker.taskQueue }).then(
        (c) => c.close(),
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TemporalConnectionError);
      expect(error).toMatchObject({ type: 'TemporalConnection', address: '127.0.0.1:1' });
      expect((error as Error).message).toMatch(/^cannot connect to Temporal at 127\.0\.0\.1:1: .+ \(is the server running there\? TEMPORAL_ADDRESS sets the address\)$/);
    });
  });
});

describe('after every refused call', () => {
  it('no workflow was started and the backfill was not changed', async () => {
    // The quiet backfill, its check and its one partition: no refused call started anything.
    expect(await workflowsOnQueue()).toEqual(['backfill', 'checkBackfill', 'materializePartition']);
    expect(await quiet.progress()).toMatchObject({ state: 'paused', maxConcurrency: concurrency, running: [] });
  });
});
