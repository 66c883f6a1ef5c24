/**
 * The user's path: `retrofill worker` as its own process on the default task
 * queue, backfills started with `retrofill backfill`, and bad input started
 * directly with the real `temporal` binary.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { runCommand } from '../helpers/run-command';

const ROOT = resolve(__dirname, '../..');
const BIN = resolve(ROOT, 'bin/retrofill.js');
let database: TestDatabase;
let worker: ChildProcess;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  database = await createTestDatabase();
  env = { DATABASE_URL: database.url, TEMPORAL_ADDRESS: inject('temporalAddress'), TEMPORAL_NAMESPACE: 'default' };
  worker = spawn(process.execPath, [BIN, 'worker', '--assets', 'examples/demo/assets.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((ready, fail) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes('Retrofill worker:')) ready();
    };
    worker.stdout!.on('data', onData);
    worker.stderr!.on('data', onData);
    worker.once('exit', (code) => fail(new Error(`worker exited with ${code}:\n${output}`)));
  });
});

afterAll(async () => {
  if (worker && worker.exitCode === null) {
    const exited = new Promise((r) => worker.once('exit', r));
    worker.kill('SIGINT');
    await exited;
  }
  await database?.drop();
});

const retrofill = (...args: string[]) => runCommand(process.execPath, [BIN, ...args], env);

async function ledgerAndTableCounts(): Promise<number[]> {
  const counts = [];
  for (const table of ['retrofill_ledger', 'raw_events', 'customers', 'daily_revenue']) {
    counts.push(Number((await database.db(table).count({ n: '*' }))[0]!.n));
  }
  return counts;
}

describe('retrofill CLI', () => {
  it('backfills through a worker process and prints the summary', async () => {
    const assets = 'customers,raw_events,daily_revenue,customer_lifetime_value';
    const result = await retrofill('backfill', '--assets', assets, '--from', '2023-01-01', '--to', '2023-01-05', '--concurrency', '4', '--wait');
    expect(result.stderr).toBe('');
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toMatch(/: completed/);
    expect(result.stdout).toMatch(/raw_events\s+5\s+5\s+0\s+0\s+1000/);
    expect(result.stdout).toMatch(/customer_lifetime_value\s+5\s+5/);
    expect(Number((await database.db('raw_events').count({ n: '*' }))[0]!.n)).toBe(1000);
  });

  it('fails a downstream monthly partition whose month is not fully materialized, naming what is missing', async () => {
    // Forced (--mode all): the days are current since the test above.
    const result = await retrofill('backfill', '--assets', 'raw_events', '--from', '2023-01-01', '--to', '2023-01-05', '--downstream', '--mode', 'all', '--wait');
    expect(result.code, result.stdout).toBe(2);
    expect(result.stdout).toMatch(/daily_revenue\s+5\s+5\s+0\s+0/);
    expect(result.stdout).toMatch(
      /failed\s+monthly_revenue\/2023-01: cannot materialize monthly_revenue\/2023-01: upstream partitions not materialized: daily_revenue\/2023-01-06,/,
    );
    expect(await database.db('monthly_revenue').count({ n: '*' })).toEqual([{ n: '0' }]);
  });

  it('rejects a bad option value with a message naming it and exit code 5', async () => {
    const result = await retrofill('backfill', '--assets', 'raw_events', '--from', '2023-01-01', '--to', '2023-01-02', '--concurrency', '0');
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/--concurrency.*expected a whole number >= 1, got "0"/);
  });
});

describe('bad input started with the real temporal binary', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['unknown asset', '{"assets":["no_such_table"],"from":"2023-01-01","to":"2023-01-31"}', /unknown asset "no_such_table"/],
    ['from after to', '{"assets":["raw_events"],"from":"2023-03-01","to":"2023-01-31"}', /from 2023-03-01 is after to 2023-01-31/],
    ['wrong shape', '{"assets":"raw_events","from":20230101}', /assets: .*expected array.*|from: .*expected string/],
    ['unknown field', '{"assets":["raw_events"],"from":"2023-01-01","to":"2023-01-02","concurrency":4}', /Unrecognized key.*concurrency/],
  ];

  it.each(cases)('%s: fails at once with a message naming the problem, writing nothing', async (_name, input, message) => {
    const before = await ledgerAndTableCounts();
    const temporal = inject('temporalCli');
    const address = ['--address', inject('temporalAddress')];
    const workflowId = `bad-input-${randomBytes(4).toString('hex')}`;
    const started = Date.now();
    const start = await runCommand(temporal, ['workflow', 'start', '--type', 'backfill', '--task-queue', 'retrofill', '--workflow-id', workflowId, '--input', input, ...address]);
    expect(start.code, start.stderr).toBe(0);
    const result = await runCommand(temporal, ['workflow', 'result', '--workflow-id', workflowId, ...address]);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result.code).not.toBe(0);
    expect(`${result.stdout}\n${result.stderr}`).toMatch(/FAILED|failed/i);
    expect(`${result.stdout}\n${result.stderr}`).toMatch(message);
    expect(await ledgerAndTableCounts()).toEqual(before);
  });
});
