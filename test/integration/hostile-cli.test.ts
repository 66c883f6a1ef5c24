/**
 * The `retrofill` command and the `temporal` binary given what no caller
 * should send: each is refused with the documented exit code (bad usage and
 * values exit 5, not 1 with the whole help), a message naming the problem and
 * never an internal workflow id (`plan-…`, `diff-…`), and nothing is written:
 * every table keeps its rows and checksum, the ledger its row count, and the
 * running backfill they aim at keeps its concurrency. Also: a malformed
 * `DATABASE_URL` is refused (pg connected to localhost:5432), an unreachable
 * Temporal is named, `status … | head` ends quietly, and the `setConcurrency`
 * update's rejection is not retryable.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { ApplicationFailure, WorkflowFailedError, WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadAssetsModule } from '../../assets/load-assets-module';
import { RetrofillClient, type BackfillHandle } from '../../client';
import { runCommand } from '../helpers/run-command';
import { startQuietBackfill } from '../helpers/quiet-backfill';
import { expectNothingWritten } from '../helpers/table-digests';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { startTestWorker, type TestWorker } from '../helpers/test-worker';
import { RAW_CONTROL } from '../helpers/raw-control';

const ROOT = resolve(__dirname, '../..');
const BIN = resolve(ROOT, 'bin/retrofill.js');
/** A workflow id the client makes up for an operation: never shown to the user. */
const INTERNAL_ID = /\b(plan|diff|rollback|discard|status-[a-z0-9_]+)-[0-9a-f]{8}-[0-9a-f]{4}-/;

let database: TestDatabase;
let worker: TestWorker;
let client: RetrofillClient;
let quiet: BackfillHandle;
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

const env = (): Record<string, string> => ({ TEMPORAL_ADDRESS: inject('temporalAddress'), RETROFILL_TASK_QUEUE: worker.taskQueue, DATABASE_URL: database.url });
const retrofill = (args: string[], extra: Record<string, string> = {}) => runCommand(process.execPath, [BIN, ...args], { ...env(), ...extra }, 120_000, ROOT);
const RANGE = ['--from', '2023-01-01', '--to', '2023-01-02'];

/** [what, arguments (the quiet backfill's id for QUIET), exit code, stderr] */
type CliCase = [string, string[], number, RegExp];
const QUIET = '<quiet>';
const hint = (command: string) => `\\n\\(retrofill ${command} --help lists its options\\)\\n$`;

const USAGE: CliCase[] = [
  ['an unknown option', ['backfill', '--assets', 'raw_events', ...RANGE, '--bogus'], 5, new RegExp(`^error: unknown option '--bogus'${hint('backfill')}`)],
  ['an unknown command', ['frobnicate'], 5, /^error: unknown command 'frobnicate'\n\(retrofill --help lists the commands\)\n$/],
  ['a missing required option', ['backfill', ...RANGE], 5, new RegExp(`^error: required option '--assets <names>' not specified${hint('backfill')}`)],
  ['status with nothing to show', ['status'], 5, /^retrofill: status of what\? Give a backfill id \(retrofill status <backfillId>\) or an asset \(retrofill status --asset <name>\)\n$/],
  ['status with both an id and --asset', ['status', QUIET, '--asset', 'raw_events'], 5, /^retrofill: give a backfill id or --asset <name>, not both\n$/],
  ['status --interval 0', ['status', QUIET, '--watch', '--interval', '0'], 5, /^error: option '--interval <ms>' argument '0' is invalid\. expected a whole number >= 1, got "0"/],
  ['list --limit -1', ['list', '--limit', '-1'], 5, /^error: option '--limit <n>' argument '-1' is invalid\. expected a whole number >= 1, got "-1"/],
  ['list --limit abc', ['list', '--limit', 'abc'], 5, /^error: option '--limit <n>' argument 'abc' is invalid\. expected a whole number >= 1, got "abc"/],
  ['throttle without a value', ['throttle', QUIET], 5, new RegExp(`^error: missing required argument 'maxConcurrency'${hint('throttle')}`)],
  ['throttle with an extra argument', ['throttle', QUIET, '4', '5'], 5, /^error: too many arguments for 'throttle'\. Expected 2 arguments but got 3\./],
  ['an unknown --mode', ['backfill', '--assets', 'raw_events', ...RANGE, '--mode', 'bogus'], 5, /^error: option '--mode <mode>' argument 'bogus' is invalid\. Allowed choices are missing, stale, failed, all\./],
  ['an unknown --isolation', ['plan', '--assets', 'raw_events', ...RANGE, '--isolation', 'maybe'], 5, /^error: option '--isolation <isolation>' argument 'maybe' is invalid\. Allowed choices are none, shadow\./],
  ['worker --concurrency 0', ['worker', '--assets', 'examples/demo/assets.ts', '--concurrency', '0'], 5, /^error: option '--concurrency <n>' argument '0' is invalid\./],
  ['schedule create with an interval that is not one', ['schedule', 'create', 'hourly-refresh', '--assets', 'raw_events', '--every', 'soon'], 5, /^retrofill: Invalid schedule: every: expected a whole number and a unit s, m, h or d \(e\.g\. 15m, 1h, 1d\), got "soon"\n$/],
  ['schedule create with --lookback 0', ['schedule', 'create', 'hourly-refresh', '--assets', 'raw_events', '--every', '1h', '--lookback', '0'], 5, /^error: option '--lookback <n>' argument '0' is invalid\. expected a whole number >= 1, got "0"/],
  ['worker --metrics-port 70000', ['worker', '--assets', 'examples/demo/assets.ts', '--metrics-port', '70000'], 5, /^error: option '--metrics-port <port>' argument '70000' is invalid\. expected a port number from 1 to 65535, got "70000"/],
  ['worker --metrics-host with a slash', ['worker', '--assets', 'examples/demo/assets.ts', '--metrics-port', '9464', '--metrics-host', 'a/b'], 5, /^error: option '--metrics-host <host>' argument 'a\/b' is invalid\. expected a host name or IP address, got "a\/b"/],
  ['worker --log-format xml', ['worker', '--assets', 'examples/demo/assets.ts', '--log-format', 'xml'], 5, /^error: option '--log-format <format>' argument 'xml' is invalid\. Allowed choices are text, json\./],
  ['plan of a date that does not exist', ['plan', '--assets', 'raw_events', '--from', '2023-02-30', '--to', '2023-03-01'], 5, /^retrofill: Invalid backfill request: from: expected .* of a real date, got "2023-02-30"\n$/],
  ['throttle to a word', ['throttle', QUIET, 'abc'], 5, /^retrofill: maxConcurrency must be a whole number from 1 to 500, got "abc"\n$/],
  ['throttle to 0', ['throttle', QUIET, '0'], 5, /^retrofill: maxConcurrency must be a whole number from 1 to 500, got 0\n$/],
  ['cancel of an empty id', ['cancel', ''], 5, /^retrofill: Invalid backfill request: backfillId: expected a non-empty string, got ""\n$/],
  ['a task queue with terminal escapes, escaped', ['--task-queue', 'q\u001b[31m', 'list'], 5, /^retrofill: Invalid connection options: taskQueue \(RETROFILL_TASK_QUEUE\): expected no control, format or separator characters, got "q\\u001b\[31m"\n$/],
];

/** Operations the workers refuse: named by what was asked, never by the workflow run for it. */
const NO_INTERNAL_IDS: CliCase[] = [
  ['plan of an unknown asset', ['plan', '--assets', 'no_such_asset', ...RANGE], 5, /^retrofill: plan failed: Invalid backfill request: unknown asset "no_such_asset" \(known: /],
  ['diff of a backfill without a shadow', ['diff', QUIET], 5, /^retrofill: diff of backfill <quiet> failed: backfill <quiet> has no shadow: /],
  ['rollback of a backfill without a shadow', ['rollback', QUIET], 5, /^retrofill: rollback of backfill <quiet> failed: backfill <quiet> has no shadow: /],
  ['discard of an unknown backfill', ['discard', 'no-such-backfill'], 5, /^retrofill: discard of backfill no-such-backfill failed: backfill no-such-backfill has no shadow: /],
  ['status of an unknown asset', ['status', '--asset', 'no_such_asset'], 5, /^retrofill: status of asset no_such_asset failed: Invalid status request: unknown asset "no_such_asset" \(known: /],
  ['publish of an unknown backfill', ['publish', 'no-such-backfill'], 3, /^retrofill: backfill no-such-backfill not found\n$/],
  ['describe of an unknown schedule', ['schedule', 'describe', 'no-such-schedule'], 3, /^retrofill: schedule no-such-schedule not found\n$/],
  ['a schedule of an unknown asset', ['schedule', 'create', 'typo-schedule', '--assets', 'raw_evnts', '--every', '1h'], 5, /^retrofill: the check of the schedule failed: Invalid backfill request: unknown asset "raw_evnts" \(known: /],
];

/** [what, environment, arguments, exit code, stderr] */
const SETTINGS: Array<[string, Record<string, string>, string[], number, RegExp]> = [
  ['a DATABASE_URL without a scheme (pg went to localhost:5432)', { DATABASE_URL: 'localhost:5433/retrofill' }, ['worker', '--assets', 'examples/demo/assets.ts'], 5, /^retrofill: DATABASE_URL: expected a postgres:\/\/ or postgresql:\/\/ URL, got "localhost:5433\/retrofill"\n$/],
  ['a DATABASE_URL of another database, its password hidden', { DATABASE_URL: 'mysql://admin:s3cret@db:3306/app' }, ['worker', '--assets', 'examples/demo/assets.ts'], 5, /^retrofill: DATABASE_URL: expected a postgres:\/\/ or postgresql:\/\/ URL, got "mysql:\/\/admin:\*\*\*@db:3306\/app"\n$/],
  ['a DATABASE_URL without a host', { DATABASE_URL: 'postgres:///retrofill' }, ['worker', '--assets', 'examples/demo/assets.ts'], 5, /^retrofill: DATABASE_URL: expected a host \(postgres:\/\/user:password@host:5432\/database\), got "postgres:\/\/\/retrofill"\n$/],
  ['a DATABASE_URL with a port out of range', { DATABASE_URL: 'postgres://u:pw@localhost:99999/db' }, ['worker', '--assets', 'examples/demo/assets.ts'], 5, /^retrofill: DATABASE_URL: expected a URL like .*, got "postgres:\/\/u:\*\*\*@localhost:99999\/db"\n$/],
  ['a TEMPORAL_ADDRESS without a port', { TEMPORAL_ADDRESS: 'localhost' }, ['list'], 5, /^retrofill: Invalid connection options: address \(TEMPORAL_ADDRESS\): expected host:port, got "localhost"\n$/],
  ['a TEMPORAL_ADDRESS where nothing listens', { TEMPORAL_ADDRESS: '127.0.0.1:1' }, ['list'], 1, /^retrofill: cannot connect to Temporal at 127\.0\.0\.1:1: .+\(is the server running there\? TEMPORAL_ADDRESS sets the address\)\n$/],
  ['a worker whose RETROFILL_METRICS_PORT is a word', { RETROFILL_METRICS_PORT: 'nine' }, ['worker', '--assets', 'examples/demo/assets.ts'], 5, /^error: option '--metrics-port <port>' value 'nine' from env 'RETROFILL_METRICS_PORT' is invalid\. expected a port number from 1 to 65535, got "nine"/],
  ['a worker whose TEMPORAL_ADDRESS is malformed', { TEMPORAL_ADDRESS: 'temporal:7233:7233' }, ['worker', '--assets', 'examples/demo/assets.ts'], 5, /^retrofill: Invalid connection options: address \(TEMPORAL_ADDRESS\): expected host:port, got "temporal:7233:7233"\n$/],
];

const withQuiet = (args: string[]) => args.map((a) => (a === QUIET ? quiet.backfillId : a));
const quietIn = (re: RegExp) => new RegExp(re.source.replaceAll('<quiet>', quiet.backfillId), re.flags);

function expectRefused(result: { code: number; stdout: string; stderr: string }, code: number, stderr: RegExp): void {
  expect(result.stderr).toMatch(stderr);
  expect(result.code, result.stderr).toBe(code);
  expect(result.stdout).toBe('');
  expect(result.stderr).not.toMatch(/Usage:/);
  expect(result.stderr).not.toMatch(INTERNAL_ID);
  expect(result.stderr).not.toMatch(RAW_CONTROL);
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

describe('retrofill refuses bad usage and values with exit 5, naming the problem', () => {
  it.concurrent.for(USAGE)('%s', async ([, args, code, stderr]) => {
    await expectNothingWritten(database.db, async () => expectRefused(await retrofill(withQuiet(args)), code, stderr));
  });
});

describe("retrofill names what failed, not the workflow run for it", () => {
  it.concurrent.for(NO_INTERNAL_IDS)('%s', async ([, args, code, stderr]) => {
    await expectNothingWritten(database.db, async () => expectRefused(await retrofill(withQuiet(args)), code, quietIn(stderr)));
  });
});

describe('retrofill refuses malformed settings, and names the address it could not reach', () => {
  it.concurrent.for(SETTINGS)('%s', async ([, settings, args, code, stderr]) => {
    await expectNothingWritten(database.db, async () => {
      const result = await retrofill(args, settings);
      expectRefused(result, code, stderr);
      expect(result.stderr).not.toContain('s3cret');
    });
  });
});

/** The real `temporal` binary against the test server. */
const temporal = (...args: string[]) => runCommand(inject('temporalCli'), [...args, '--address', inject('temporalAddress')]);

describe('the setConcurrency update, sent by any client', () => {
  it.concurrent.for([
    ['0', 0, 'got 0'],
    ['a word', 'abc', 'got "abc"'],
    ['a fraction', { maxConcurrency: 2.5 }, 'got 2.5'],
    ['null', null, 'got null'],
    ['over the ceiling', { maxConcurrency: 501 }, 'got 501'],
  ] as const)('rejects %s for good: a non-retryable InvalidConcurrency failure', async ([, value, got]) => {
    await expectNothingWritten(database.db, async () => {
      const error = await worker.client.workflow
        .getHandle(quiet.backfillId)
        .executeUpdate('setConcurrency', { args: [value] })
        .then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
      const cause = (error as WorkflowUpdateFailedError).cause;
      expect(cause).toBeInstanceOf(ApplicationFailure);
      expect(cause).toMatchObject({ type: 'InvalidConcurrency', nonRetryable: true, message: `maxConcurrency must be a whole number from 1 to 500, ${got}` });
    });
  });

  it.concurrent.for([
    ['a negative number', '{"maxConcurrency": -5}', /got -5/],
    ['a string', '"eight"', /got \\"eight\\"/],
  ] as const)('from the temporal binary: %s is rejected for good, naming it', async ([, input, got]) => {
    await expectNothingWritten(database.db, async () => {
      const result = await temporal('workflow', 'update', 'execute', '--name', 'setConcurrency', '--workflow-id', quiet.backfillId, '--input', input);
      expect(result.code).not.toBe(0);
      const output = `${result.stdout}${result.stderr}`;
      expect(output).toMatch(new RegExp(`unable to update workflow: maxConcurrency must be a whole number from 1 to 500, ${got.source} \\(type: InvalidConcurrency, retryable: false\\)`));
    });
  });

  it.concurrent('the throttle signal with a word is ignored', async () => {
    await expectNothingWritten(database.db, async () => {
      const result = await temporal('workflow', 'signal', '--name', 'throttle', '--workflow-id', quiet.backfillId, '--input', '"eight"');
      expect(result.code, result.stderr).toBe(0);
      // A signal is handled in the workflow's next task: a query after it sees its effect, if any.
      expect((await quiet.progress()).maxConcurrency).toBe(concurrency);
    });
  });
});

describe('the read-only workflows, started with the temporal binary and hostile input', () => {
  it.concurrent.for([
    ['assetStatus', '{"asset":"../../etc/passwd"}', 'InvalidStatusRequest', /expected \{"asset": "<asset name>"\}, got an object/],
    ['assetStatus', '"raw_events"', 'InvalidStatusRequest', /expected \{"asset": "<asset name>"\}, got "raw_events"/],
    ['diffBackfill', '{"backfillId":""}', 'InvalidShadowRequest', /^backfillId: expected a non-empty string, got ""$/],
    ['rollbackBackfill', 'null', 'InvalidShadowRequest', /^expected \{"backfillId": "<id>"\}, got null$/],
  ] as const)('%s with %s fails at once, naming it', async ([type, input, failureType, message]) => {
    await expectNothingWritten(database.db, async () => {
      const workflowId = `hostile-${type}-${randomBytes(4).toString('hex')}`;
      const start = await temporal('workflow', 'start', '--type', type, '--task-queue', worker.taskQueue, '--workflow-id', workflowId, '--input', input);
      expect(start.code, start.stderr).toBe(0);
      const error = await worker.client.workflow.getHandle(workflowId).result().then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(WorkflowFailedError);
      expect((error as WorkflowFailedError).cause).toMatchObject({ type: failureType, nonRetryable: true });
      expect((error as WorkflowFailedError).cause!.message).toMatch(message);
    });
  });
});

describe('retrofill status piped into a reader that stops early', () => {
  it('ends quietly, without an EPIPE stack trace', async () => {
    await expectNothingWritten(database.db, async () => {
      const child = spawn(process.execPath, [BIN, 'status', quiet.backfillId, '--watch', '--interval', '100'], {
        cwd: ROOT,
        env: { ...process.env, ...env() },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      // As `| head -1` does: read the first output, then close the pipe; --watch keeps writing.
      child.stdout.once('data', () => child.stdout.destroy());
      const exit = await new Promise<{ code: number | null; signal: string | null }>((done) => {
        const bound = setTimeout(() => child.kill('SIGKILL'), 60_000);
        child.once('exit', (code, signal) => {
          clearTimeout(bound);
          done({ code, signal });
        });
      });
      expect(stderr).toBe('');
      expect(exit).toEqual({ code: 0, signal: null });
    });
  });
});

describe('after every refusal', () => {
  it('the backfill they aimed at is as it was', async () => {
    expect(await quiet.progress()).toMatchObject({ state: 'paused', maxConcurrency: concurrency, running: [] });
  });
});
