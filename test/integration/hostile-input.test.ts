/**
 * Malformed and hostile backfill requests (test/fixtures/hostile/requests.ts)
 * on every surface: the `backfill` workflow started directly with the raw
 * Temporal client, `RetrofillClient`, and the `retrofill backfill` command.
 * Each is refused at once with a message naming the problem; afterwards no
 * table has gained a row and no partition workflow was ever started.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { ApplicationFailure, WorkflowFailedError, WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadAssetsModule } from '../../assets/load-assets-module';
import { BackfillFailedError, InvalidBackfillRequestError, RetrofillClient } from '../../client';
import type { BackfillRequestInput } from '../../core/backfill-request';
import { MAX_PARTITIONS, PLAN, SHAPE } from '../fixtures/hostile/requests';
import { runCommand } from '../helpers/run-command';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { startTestWorker, type TestWorker } from '../helpers/test-worker';
import { waitFor } from '../helpers/wait-for';

const ROOT = resolve(__dirname, '../..');
const BIN = resolve(ROOT, 'bin/retrofill.js');
const RANGE = ['--from', '2023-01-01', '--to', '2023-01-02'];
const id = (surface: string) => `hostile-${surface}-${randomBytes(5).toString('hex')}`;

let database: TestDatabase;
let worker: TestWorker;
let client: RetrofillClient;
let rowsBefore: Record<string, number>;
/** Backfill workflows the cases started (each must have failed). */
let started = 0;

/** Rows of every table of the test database (ledger, the demo assets' tables, anything a migration adds). */
async function rowCounts(): Promise<Record<string, number>> {
  const tables: Array<{ table_name: string }> = await database
    .db('information_schema.tables')
    .select('table_name')
    .where({ table_schema: 'public', table_type: 'BASE TABLE' })
    .whereNot('table_name', 'like', 'knex_%');
  const counts: Record<string, number> = {};
  for (const { table_name } of tables) counts[table_name] = Number((await database.db(table_name).count({ n: '*' }))[0]!.n);
  return counts;
}

beforeAll(async () => {
  database = await createTestDatabase();
  const catalog = await loadAssetsModule(resolve(ROOT, 'examples/demo/assets.ts'));
  worker = await startTestWorker({ catalog, db: database.db, limits: { maxPartitions: MAX_PARTITIONS } });
  client = await RetrofillClient.connect({ address: inject('temporalAddress'), taskQueue: worker.taskQueue });
  rowsBefore = await rowCounts();
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

/** The workflow fails at once, non-retryably, with an `InvalidBackfillRequest` failure naming the problem. */
async function expectRejectedRun(handle: WorkflowHandle, message: RegExp): Promise<void> {
  const startedAt = Date.now();
  started++;
  const error = await handle.result().then(() => undefined, (e: unknown) => e);
  expect(Date.now() - startedAt).toBeLessThan(10_000);
  expect(error).toBeInstanceOf(WorkflowFailedError);
  const cause = (error as WorkflowFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  expect(cause).toMatchObject({ type: 'InvalidBackfillRequest', nonRetryable: true });
  expect(cause!.message).toMatch(/^Invalid backfill request: /);
  expect(cause!.message).toMatch(message);
  expect(cause!.message.length).toBeLessThan(2000);
}

describe('the backfill workflow, started with the raw Temporal client', () => {
  it.concurrent.for([...SHAPE, ...PLAN])('%s', async ([, input, message]) => {
    const handle = await worker.client.workflow.start('backfill', { taskQueue: worker.taskQueue, workflowId: id('workflow'), args: [input] });
    await expectRejectedRun(handle, message);
  });

  it.concurrent.for([
    ['maxConcurrency 1e999 (Infinity once parsed)', '{"assets":["raw_events"],"maxConcurrency":1e999}', /maxConcurrency: expected a whole number from 1 to 500, got Infinity$/],
    ['assets smuggled in through __proto__', '{"__proto__":{"assets":["raw_events"]},"from":"2023-01-01","to":"2023-01-02"}', /^Invalid backfill request: assets: Invalid input: expected array, received undefined; request: Unrecognized key: "__proto__"/],
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

  it.concurrent.for(PLAN)('result() reports %s, as the workers rejected it', async ([, input, message]) => {
    const backfillId = id('client');
    const handle = await client.start(input as BackfillRequestInput, backfillId);
    started++;
    const error = await handle.result().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(BackfillFailedError);
    expect(error).toMatchObject({ backfillId, type: 'BackfillFailed', failureType: 'InvalidBackfillRequest' });
    expect((error as Error).message).toMatch(new RegExp(`^backfill ${backfillId} failed: Invalid backfill request: `));
    expect((error as Error).message).toMatch(message);
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
  ['--concurrency -1', 1, ['--assets', 'raw_events', ...RANGE, '--concurrency', '-1'], /'--concurrency <n>' argument '-1' is invalid\. expected a whole number >= 1, got "-1"/],
  ['--concurrency 1.5', 1, ['--assets', 'raw_events', ...RANGE, '--concurrency', '1.5'], /'--concurrency <n>' .* got "1\.5"/],
  ['--concurrency NaN', 1, ['--assets', 'raw_events', ...RANGE, '--concurrency', 'NaN'], /'--concurrency <n>' .* got "NaN"/],
  ['--concurrency Infinity', 1, ['--assets', 'raw_events', ...RANGE, '--concurrency', 'Infinity'], /'--concurrency <n>' .* got "Infinity"/],
];

/** Requests only the workers can judge: `--wait` reports the rejection. */
const CLI_WAIT: Array<[string, string[], RegExp]> = [
  ['an unknown asset', ['--assets', 'no_such_table', ...RANGE], /unknown asset "no_such_table" \(known: /],
  ['3 years of daily partitions', ['--assets', 'raw_events', '--from', '2023', '--to', '2025'], /the backfill covers more than the maximum of 500 partitions/],
  ['a far-future range', ['--assets', 'raw_events', '--from', '2999-01', '--to', '2999-12'], /asset "raw_events" has no complete partition between 2999-01 and 2999-12/],
  ['SQL injection in --partitions', ['--assets', 'raw_events', '--partitions', "2023-01-01'; DROP TABLE raw_events; --"], /asset "raw_events": "2023-01-01'; DROP TABLE raw_events; --" is not a daily partition key/],
];

describe('retrofill backfill', () => {
  const env = () => ({ TEMPORAL_ADDRESS: inject('temporalAddress'), RETROFILL_TASK_QUEUE: worker.taskQueue });

  it.concurrent.for(CLI)('%s: exits %i before starting anything', async ([, code, args, stderr]) => {
    const result = await runCommand(process.execPath, [BIN, 'backfill', ...args], env());
    expect(result.code, result.stderr).toBe(code);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(stderr);
    expect(result.stderr.length).toBeLessThan(4000);
  });

  it.concurrent.for(CLI_WAIT)('%s, with --wait: exits 5 naming it', async ([, args, stderr]) => {
    const result = await runCommand(process.execPath, [BIN, 'backfill', ...args, '--wait'], env());
    started++;
    expect(result.stdout).toMatch(/^Started backfill backfill-[0-9a-f-]{36}\n$/);
    expect(result.stderr).toMatch(/^retrofill: backfill backfill-[0-9a-f-]{36} failed: Invalid backfill request: /);
    expect(result.stderr).toMatch(stderr);
    expect(result.code).toBe(5);
  });
});

describe('after every hostile request', () => {
  it('no table has gained or lost a row', async () => {
    expect(Object.keys(rowsBefore)).toEqual(expect.arrayContaining(['retrofill_ledger', 'raw_events', 'customers', 'daily_revenue']));
    expect(await rowCounts()).toEqual(rowsBefore);
  });

  it('every backfill started failed, and no partition workflow was ever started', async () => {
    const count = async (query: string) => (await worker.client.workflow.count(`TaskQueue = '${worker.taskQueue}' AND ${query}`)).count;
    expect(started).toBe(SHAPE.length + 2 * PLAN.length + 2 + CLI_WAIT.length);
    await waitFor('every backfill to show as failed', () => count(`WorkflowType = 'backfill' AND ExecutionStatus = 'Failed'`), (n) => n === started);
    expect(await count(`ExecutionStatus != 'Failed'`)).toBe(0);
    expect(await count(`WorkflowType = 'materializePartition'`)).toBe(0);
  });
});
