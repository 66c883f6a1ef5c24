/**
 * Malformed and hostile backfill requests (test/fixtures/hostile/requests.ts)
 * on every surface: the `backfill` workflow started directly with the raw
 * Temporal client and the real `temporal` binary, `RetrofillClient`, and the
 * `retrofill backfill` command; forged and malformed continue-as-new state
 * (test/fixtures/hostile/continuations.ts); backfill ids with control
 * characters. Each is refused at once with a message naming the problem, and
 * what the CLI prints holds no raw control character; afterwards no table has
 * changed (rows and checksums) and no partition workflow was ever started.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { ApplicationFailure, WorkflowFailedError, WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AssetCatalog } from '../../assets/asset-catalog';
import { loadAssetsModule } from '../../assets/load-assets-module';
import { BackfillFailedError, InvalidBackfillRequestError, RetrofillClient } from '../../client';
import { workflowIdsFilter } from '../../client/backfill-listings';
import type { BackfillRequestInput } from '../../core/backfill-request';
import { createRetrofillWorker } from '../../worker/create-worker';
import { FORGED, FORGED_REQUEST, MALFORMED } from '../fixtures/hostile/continuations';
import { MAX_PARTITIONS, PLAN, SHAPE } from '../fixtures/hostile/requests';
import { runCommand } from '../helpers/run-command';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { startTestWorker, type TestWorker } from '../helpers/test-worker';
import { waitFor } from '../helpers/wait-for';
import { RAW_CONTROL } from '../helpers/raw-control';

const ROOT = resolve(__dirname, '../..');
const BIN = resolve(ROOT, 'bin/retrofill.js');
const RANGE = ['--from', '2023-01-01', '--to', '2023-01-02'];
const id = (surface: string) => `hostile-${surface}-${randomBytes(5).toString('hex')}`;
/** A valid request: what the hostile id or continuation comes with. */
const REQUEST = { assets: ['raw_events'], from: '2023-01-01', to: '2023-01-02' };
/** A backfill id that clears the screen, turns red and forges a line of output. */
const HOSTILE_ID = `hostile-\u001b[2J\u001b[31m\nStarted backfill forged-${randomBytes(3).toString('hex')}\u202e`;
/** How `retrofill list` shows it. */
// eslint-disable-next-line no-control-regex -- finds the escape character the hostile id holds, to show it escaped
const shownHostileId = (id: string) => id.replace(/[\u001b\n\u202e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

let database: TestDatabase;
let catalog: AssetCatalog;
let worker: TestWorker;
let client: RetrofillClient;
let tablesBefore: Record<string, TableDigest>;
/** Backfill workflows the cases started (each must have failed). */
let started = 0;

interface TableDigest {
  rows: number;
  /** md5 of every row's text, in order: any write, even one that keeps the count, changes it. */
  checksum: string | null;
}

/** Rows and checksum of every table of the test database (ledger, the demo assets' tables, anything a migration adds). */
async function tableDigests(): Promise<Record<string, TableDigest>> {
  const tables: Array<{ table_name: string }> = await database
    .db('information_schema.tables')
    .select('table_name')
    .where({ table_schema: 'public', table_type: 'BASE TABLE' })
    .whereNot('table_name', 'like', 'knex_%');
  const digests: Record<string, TableDigest> = {};
  for (const { table_name } of tables) {
    const { rows } = await database.db.raw('SELECT count(*)::int AS rows, md5(string_agg(t::text, chr(10) ORDER BY t::text)) AS checksum FROM ?? t', [table_name]);
    digests[table_name] = rows[0];
  }
  return digests;
}

beforeAll(async () => {
  database = await createTestDatabase();
  catalog = await loadAssetsModule(resolve(ROOT, 'examples/demo/assets.ts'));
  worker = await startTestWorker({ catalog, db: database.db, limits: { maxPartitions: MAX_PARTITIONS } });
  client = await RetrofillClient.connect({ address: inject('temporalAddress'), taskQueue: worker.taskQueue });
  tablesBefore = await tableDigests();
});

afterAll(async () => {
  await client?.close();
  await worker?.stop();
  await database?.drop();
});

/** Starts `backfill` with this exact JSON text as its argument, as any Temporal client in any language can. */
async function startWithJsonText(json: string): Promise<WorkflowHandle> {
  const workflowId = id('raw');
  await worker.client.workflowService.startWorkflowExecution({
    namespace: 'default',
    workflowId,
    requestId: randomUUID(),
    workflowType: { name: 'backfill' },
    taskQueue: { name: worker.taskQueue },
    input: { payloads: [{ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(json) }] },
  });
  return worker.client.workflow.getHandle(workflowId);
}

/** The real `temporal` binary against the test server. */
const temporal = (...args: string[]) => runCommand(inject('temporalCli'), [...args, '--address', inject('temporalAddress')]);

/** Starts a workflow with `temporal workflow start`, one `--input` per argument (JSON text), on the worker's task queue. */
async function startWithTemporal(workflowId: string, inputs: string[], type = 'backfill', options: string[] = []): Promise<WorkflowHandle> {
  const args = ['workflow', 'start', '--type', type, '--task-queue', worker.taskQueue, '--workflow-id', workflowId];
  const result = await temporal(...args, ...inputs.flatMap((input) => ['--input', input]), ...options);
  expect(result.code, result.stderr).toBe(0);
  return worker.client.workflow.getHandle(workflowId);
}

/** Nothing was written while `body` ran: every table has the same rows and checksum. */
async function expectNothingWritten(body: () => Promise<void>): Promise<void> {
  const before = await tableDigests();
  await body();
  expect(await tableDigests()).toEqual(before);
}

/** How each failure type's message begins. */
const PREFIX: Record<string, RegExp> = {
  InvalidBackfillRequest: /^Invalid backfill request: /,
  InvalidContinuation: /^Invalid continuation: /,
  InvalidShadowRequest: /^backfillId: /,
};

/**
 * The workflow fails at once (within 10 s, not after retried workflow tasks), non-retryably,
 * with a failure of `type` naming the problem.
 */
async function expectRejectedRun(handle: WorkflowHandle, message: RegExp, type = 'InvalidBackfillRequest'): Promise<void> {
  started++;
  await expectRefused(handle, message, type);
}

/** As expectRejectedRun, for a workflow the final count of failed backfills does not include (another type or task queue). */
async function expectRefused(handle: WorkflowHandle, message: RegExp, type: string): Promise<void> {
  const startedAt = Date.now();
  const late = new Promise((resolve) => setTimeout(() => resolve('still running after 15 s'), 15_000).unref());
  const error = await Promise.race([handle.result().then(() => 'completed', (e: unknown) => e), late]);
  expect(Date.now() - startedAt).toBeLessThan(10_000);
  expect(error).toBeInstanceOf(WorkflowFailedError);
  const cause = (error as WorkflowFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  expect(cause).toMatchObject({ type, nonRetryable: true });
  expect(cause!.message).toMatch(PREFIX[type]!);
  expect(cause!.message).toMatch(message);
  expect(cause!.message.length).toBeLessThan(2000);
  expect(cause!.message).not.toMatch(RAW_CONTROL);
}

describe('the backfill workflow, started with the raw Temporal client', () => {
  it.concurrent.for([...SHAPE, ...PLAN])('%s', async ([, input, message]) => {
    const handle = await worker.client.workflow.start('backfill', { taskQueue: worker.taskQueue, workflowId: id('workflow'), args: [input] });
    await expectRejectedRun(handle, message);
  });

  it.concurrent.for([
    ['maxConcurrency 1e999 (Infinity once parsed)', '{"assets":["raw_events"],"maxConcurrency":1e999}', /maxConcurrency: expected a whole number from 1 to 500, got Infinity$/],
    ['assets smuggled in through __proto__', '{"__proto__":{"assets":["raw_events"]},"from":"2023-01-01","to":"2023-01-02"}', /^Invalid backfill request: assets: Invalid input: expected array, received undefined; request: Unrecognized key: "__proto__"/],
    ['text that is not JSON (it failed every workflow task)', '{"assets":["raw_events"],"from":"2023-01-01"', /^Invalid backfill request: request: cannot be decoded \(payload encoding "json\/plain"\): send it as JSON$/],
  ] as const)('JSON text: %s', async ([, json, message]) => {
    await expectRejectedRun(await startWithJsonText(json), message);
  });
});

describe('RetrofillClient', () => {
  it.concurrent.for(SHAPE)('start rejects %s before starting anything', async ([, input, message]) => {
    const backfillId = id('client');
    const error = await client.start(input as BackfillRequestInput, backfillId).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidBackfillRequestError);
    expect((error as InvalidBackfillRequestError).type).toBe('InvalidBackfillRequest');
    expect((error as Error).message).toMatch(message);
    await expect(worker.client.workflow.getHandle(backfillId).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
  });

  it.concurrent('refuses a backfill id with control characters before starting anything', async () => {
    const backfillId = `${HOSTILE_ID}-client`;
    const shown = /^Invalid backfill request: backfillId: control, format and separator characters .* got "hostile-\\u001b\[2J\\u001b\[31m\\nStarted /;
    await expectNothingWritten(async () => {
      for (const call of [() => client.start(REQUEST, backfillId), () => client.diff(backfillId), () => client.rollback(backfillId), () => client.discard(backfillId), () => client.pause(backfillId)]) {
        const error = await call().then(() => undefined, (e: unknown) => e);
        expect(error).toBeInstanceOf(InvalidBackfillRequestError);
        expect((error as Error).message).toMatch(shown);
        expect((error as Error).message).not.toMatch(RAW_CONTROL);
      }
    });
    await expect(worker.client.workflow.getHandle(backfillId).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
  });

  it.concurrent.for(PLAN)('start reports %s, as the workers refused it, and starts no backfill', async ([, input, message]) => {
    const backfillId = id('client');
    const error = await client.start(input as BackfillRequestInput, backfillId).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(BackfillFailedError);
    expect(error).toMatchObject({ backfillId, type: 'BackfillFailed', failureType: 'InvalidBackfillRequest' });
    expect((error as Error).message).toMatch(/^the check of the backfill failed: Invalid backfill request: /);
    expect((error as Error).message).toMatch(message);
    await expectNeverStarted(backfillId);
  });

  it.concurrent.for(PLAN)('start without the check: result() reports %s', async ([, input, message]) => {
    const backfillId = id('client');
    const handle = await client.start(input as BackfillRequestInput, backfillId, { check: false });
    started++;
    const error = await handle.result().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(BackfillFailedError);
    expect(error).toMatchObject({ backfillId, type: 'BackfillFailed', failureType: 'InvalidBackfillRequest' });
    expect((error as Error).message).toMatch(new RegExp(`^backfill ${backfillId} failed: Invalid backfill request: `));
    expect((error as Error).message).toMatch(message);
  });

  it.concurrent('start refuses a malformed option before starting anything', async () => {
    const error = await client.start(REQUEST, id('client'), { check: 'no' } as never).then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ type: 'InvalidOptions', message: 'Invalid start options: check: expected true or false, got "no"' });
  });
});

/** [what, exit code, arguments after `backfill`, stderr] */
const CLI: Array<[string, number, string[], RegExp]> = [
  ['SQL injection in --assets', 5, ['--assets', "raw_events'; DROP TABLE retrofill_ledger; --", ...RANGE], /assets\.0: asset names match .*, got "raw_events'; DROP TABLE retrofill_ledger…"/],
  ['path traversal in --assets', 5, ['--assets', '../../etc/passwd', ...RANGE], /assets\.0: asset names match .*, got "\.\.\/\.\.\/etc\/passwd"/],
  ['an RTL override in --assets, escaped', 5, ['--assets', '\u202eraw_events', ...RANGE], /assets\.0: asset names match .*, got "\\u202eraw_events"/],
  ['a 100 KB --assets, cut short', 5, ['--assets', 'y'.repeat(100_000), ...RANGE], /assets\.0: asset names match .*, got "y{40}…"\n$/],
  ['an empty --assets', 5, ['--assets', ' , ', ...RANGE], /assets: name at least one asset/],
  ['a duplicated asset', 5, ['--assets', 'raw_events,raw_events', ...RANGE], /assets: an asset is listed twice/],
  ['--from 2024-02-30', 5, ['--assets', 'raw_events', '--from', '2024-02-30', '--to', '2024-03-01'], /from: expected YYYY, .* of a real date, got "2024-02-30"/],
  ['--to 2024-1-1', 5, ['--assets', 'raw_events', '--from', '2024-01-01', '--to', '2024-1-1'], /to: expected YYYY, .* of a real date, got "2024-1-1"/],
  ['--from 24-01-01', 5, ['--assets', 'raw_events', '--from', '24-01-01', '--to', '2024-01-02'], /from: .* got "24-01-01"/],
  ['--from 2024-01-01T25', 5, ['--assets', 'raw_events', '--from', '2024-01-01T25', '--to', '2024-01-02'], /from: .* got "2024-01-01T25"/],
  ['--from without --to', 5, ['--assets', 'raw_events', '--from', '2023-01-01'], /give both from and to, or neither/],
  ['--concurrency over the ceiling', 5, ['--assets', 'raw_events', ...RANGE, '--concurrency', '1000000000'], /maxConcurrency: expected a whole number from 1 to 500, got 1000000000/],
  ['--concurrency -1', 5, ['--assets', 'raw_events', ...RANGE, '--concurrency', '-1'], /'--concurrency <n>' argument '-1' is invalid\. expected a whole number >= 1, got "-1"/],
  ['--concurrency 1.5', 5, ['--assets', 'raw_events', ...RANGE, '--concurrency', '1.5'], /'--concurrency <n>' .* got "1\.5"/],
  ['--concurrency NaN', 5, ['--assets', 'raw_events', ...RANGE, '--concurrency', 'NaN'], /'--concurrency <n>' .* got "NaN"/],
  ['--concurrency Infinity', 5, ['--assets', 'raw_events', ...RANGE, '--concurrency', 'Infinity'], /'--concurrency <n>' .* got "Infinity"/],
  ['terminal escapes and a newline in --id, escaped', 5, ['--id', `${HOSTILE_ID}-cli`, '--assets', 'raw_events', ...RANGE], /^retrofill: Invalid backfill request: backfillId: control, .* got "hostile-\\u001b\[2J\\u001b\[31m\\nStarted /],
];

/** Requests only the workers can judge: refused by their check, before any backfill starts. */
const CLI_CHECKED: Array<[string, string[], RegExp]> = [
  ['an unknown asset', ['--assets', 'no_such_table', ...RANGE], /unknown asset "no_such_table" \(known: /],
  ['3 years of daily partitions', ['--assets', 'raw_events', '--from', '2023', '--to', '2025'], /the backfill covers more than the maximum of 500 partitions/],
  ['a far-future range', ['--assets', 'raw_events', '--from', '2999-01', '--to', '2999-12'], /asset "raw_events" has no complete partition between 2999-01 and 2999-12/],
  ['SQL injection in --partitions', ['--assets', 'raw_events', '--partitions', "2023-01-01'; DROP TABLE raw_events; --"], /asset "raw_events": "2023-01-01'; DROP TABLE raw_events; --" is not a daily partition key/],
];

const env = () => ({ TEMPORAL_ADDRESS: inject('temporalAddress'), RETROFILL_TASK_QUEUE: worker.taskQueue });

describe('retrofill backfill', () => {

  it.concurrent.for(CLI)('%s: exits %i before starting anything', async ([, code, args, stderr]) => {
    const result = await runCommand(process.execPath, [BIN, 'backfill', ...args], env());
    expect(result.code, result.stderr).toBe(code);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(stderr);
    expect(result.stderr.length).toBeLessThan(4000);
    expect(result.stderr).not.toMatch(RAW_CONTROL);
  });

  it.concurrent.for(CLI_CHECKED)('%s: exits 5 naming it, and no backfill workflow starts', async ([, args, stderr]) => {
    const backfillId = id('cli-checked');
    const result = await runCommand(process.execPath, [BIN, 'backfill', '--id', backfillId, ...args, '--wait'], env());
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^retrofill: the check of the backfill failed: Invalid backfill request: /);
    expect(result.stderr).toMatch(stderr);
    expect(result.code).toBe(5);
    await expectNeverStarted(backfillId);
  });
});

/**
 * No workflow ever had this id: Temporal's visibility (waited for until it
 * lists the refused checks, so it has caught up) and a describe agree.
 */
async function expectNeverStarted(backfillId: string): Promise<void> {
  const count = async (query: string) => (await worker.client.workflow.count(`TaskQueue = '${worker.taskQueue}' AND ${query}`)).count;
  await waitFor('the refused checks to be visible', () => count(`WorkflowType = 'checkBackfill' AND ExecutionStatus = 'Failed'`), (n) => n >= 1);
  expect(await count(`WorkflowId = '${backfillId}'`)).toBe(0);
  await expect(worker.client.workflow.getHandle(backfillId).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
}

describe('continue-as-new state from a caller, started with the real temporal binary', () => {
  it.concurrent('a forged continuation is refused: nothing of it runs', async () => {
    await expectNothingWritten(async () => {
      const handle = await startWithTemporal(id('forged'), [JSON.stringify(FORGED_REQUEST), JSON.stringify(FORGED)]);
      await expectRejectedRun(handle, /is accepted only from its own previous run, and this run was started, not continued$/, 'InvalidContinuation');
    });
  });

  it.concurrent.for(MALFORMED)('a malformed continuation (%s) fails the workflow at once, not its tasks', async ([, json]) => {
    await expectNothingWritten(async () => {
      const handle = await startWithTemporal(id('malformed'), [JSON.stringify(REQUEST), json]);
      await expectRejectedRun(handle, /this run was started, not continued$/, 'InvalidContinuation');
    });
  });

  it.concurrent('a third argument is refused', async () => {
    const handle = await startWithTemporal(id('third'), [JSON.stringify(REQUEST), JSON.stringify(FORGED), '{}']);
    await expectRejectedRun(handle, /: the backfill workflow takes one argument, the request; got 3$/);
  });

  it.concurrent('a request in an encoding no converter decodes is refused, its encoding escaped', async () => {
    const handle = await startWithTemporal(id('encoding'), [JSON.stringify(REQUEST)], 'backfill', ['--input-meta', 'encoding=text/x-hostile\u001b[31m']);
    await expectRejectedRun(handle, /^Invalid backfill request: request: cannot be decoded \(payload encoding "text\/x-hostile\\u001b\[31m"\): send it as JSON$/);
  });
});

describe('continue-as-new state on a retried run (the server marks it continued)', () => {
  it('is refused unless the run it continued wrote it, and malformed state is named', async () => {
    const taskQueue = `hostile-retry-${randomBytes(4).toString('hex')}`;
    const cases: Array<[unknown, RegExp]> = [
      [{ ...FORGED, fromRunId: randomUUID() }, /^Invalid continuation: this run continued from run [0-9a-f-]{36}, but its state was written by run "[0-9a-f-]{36}" /],
      [FORGED, /^Invalid continuation: this run continued from run [0-9a-f-]{36}, but its state was written by an unnamed run /],
      [{ assets: [], limits: {}, run: {} }, /^Invalid continuation: assets: Too small: .*; limits\.maxPartitions: Invalid input: expected number, received undefined; .*; run\.scheduler: Invalid input: expected object, received undefined; /],
    ];
    // Built (bundled) first, but not polling yet: see below.
    const connection = await NativeConnection.connect({ address: inject('temporalAddress') });
    const retryWorker = await createRetrofillWorker({ connection, taskQueue, catalog, db: database.db });
    await expectNothingWritten(async () => {
      // No worker polls this queue: each first run times out, and the server retries it with the same arguments.
      const handles = await Promise.all(
        cases.map(([continuation]) =>
          worker.client.workflow.start('backfill', {
            taskQueue,
            workflowId: id('retried'),
            args: [FORGED_REQUEST, continuation],
            workflowRunTimeout: '3 seconds',
            retry: { maximumAttempts: 2, initialInterval: '1 second' },
          }),
        ),
      );
      for (const h of handles) await waitFor('the retried run', () => h.describe(), (d) => d.runId !== h.firstExecutionRunId);
      // The retried runs, marked continued from the timed-out ones, are the first this worker sees.
      const running = retryWorker.run();
      try {
        await Promise.all(handles.map((h, i) => expectRefused(h, cases[i]![1], 'InvalidContinuation')));
      } finally {
        retryWorker.shutdown();
        await running;
        await connection.close();
      }
    });
  });
});

describe('backfill ids with control characters', () => {
  it('the backfill workflow started with one by the temporal binary fails at once', async () => {
    await expectNothingWritten(async () => {
      const handle = await startWithTemporal(HOSTILE_ID, [JSON.stringify(REQUEST)]);
      await expectRejectedRun(
        handle,
        /^Invalid backfill request: backfillId: control, format and separator characters \(line breaks, terminal escapes, direction marks\) are not allowed, got "hostile-\\u001b\[2J\\u001b\[31m\\nStarted .*" \(the workflow id is the backfill id\)$/,
      );
    });
  });

  it.concurrent.for(['diffBackfill', 'rollbackBackfill', 'discardBackfill'])('%s refuses one', async (type) => {
    await expectNothingWritten(async () => {
      const handle = await startWithTemporal(id(type), ['{"backfillId":"x\\u001b[31m\\nforged"}'], type);
      await expectRefused(handle, /^backfillId: control, .* got "x\\u001b\[31m\\nforged"$/, 'InvalidShadowRequest');
    });
  });

  it("list's query for first runs finds an id with quotes", async () => {
    const backfillId = `hostile-quote-'-''-${randomBytes(3).toString('hex')}`;
    const handle = await client.start({ assets: ['no_such_table'], from: '2023-01-01', to: '2023-01-02' }, backfillId, { check: false });
    started++;
    await expect(handle.result()).rejects.toBeInstanceOf(BackfillFailedError);
    const query = `TaskQueue = '${worker.taskQueue}' AND ${workflowIdsFilter([backfillId, 'some-other-id'])!}`;
    const found = async () => {
      const ids: string[] = [];
      for await (const w of worker.client.workflow.list({ query })) ids.push(w.workflowId);
      return ids;
    };
    expect(await waitFor('the backfill in visibility', found, (ids) => ids.length > 0)).toEqual([backfillId]);
  });

  it('retrofill list prints it escaped, on one line', async () => {
    await waitFor('the backfill to be listed', () => client.list({ limit: 1000 }), (list) => list.some((b) => b.backfillId === HOSTILE_ID));
    const text = await runCommand(process.execPath, [BIN, 'list', '--limit', '1000'], env());
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`${shownHostileId(HOSTILE_ID)}  FAILED`);
    expect(text.stdout).not.toMatch(RAW_CONTROL);
    expect(text.stdout).not.toMatch(/^Started backfill forged/m);
    const json = await runCommand(process.execPath, [BIN, 'list', '--json', '--limit', '1000'], env());
    expect(json.code, json.stderr).toBe(0);
    expect(json.stdout).not.toMatch(RAW_CONTROL);
    expect((JSON.parse(json.stdout) as Array<{ backfillId: string }>).map((b) => b.backfillId)).toContain(HOSTILE_ID);
  });
});

describe('after every hostile request', () => {
  it('no table has changed: the same rows, the same checksums', async () => {
    expect(Object.keys(tablesBefore)).toEqual(expect.arrayContaining(['retrofill_ledger', 'raw_events', 'customers', 'daily_revenue']));
    expect(await tableDigests()).toEqual(tablesBefore);
  });

  it('every backfill started failed, and no partition workflow was ever started', async () => {
    const count = async (query: string) => (await worker.client.workflow.count(`TaskQueue = '${worker.taskQueue}' AND ${query}`)).count;
    // SHAPE and PLAN by the raw client, PLAN by the client without its check, raw JSON text 3, temporal binary 3 + MALFORMED, the two odd ids.
    expect(started).toBe(SHAPE.length + 2 * PLAN.length + 3 + 3 + MALFORMED.length + 2);
    await waitFor('every backfill to show as failed', () => count(`WorkflowType = 'backfill' AND ExecutionStatus = 'Failed'`), (n) => n === started);
    expect(await count(`ExecutionStatus != 'Failed'`)).toBe(0);
    expect(await count(`WorkflowType = 'materializePartition'`)).toBe(0);
  });
});
