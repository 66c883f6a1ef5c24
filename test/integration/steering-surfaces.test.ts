/**
 * The same steering operations through the three surfaces people use: the
 * real `temporal` binary, `RetrofillClient` in a separate Node process, and
 * the `retrofill` CLI, all on one running backfill.
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadAssetsModule } from '../../assets/load-assets-module';
import { RetrofillClient } from '../../client';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { runCommand } from '../helpers/run-command';
import { startTestWorker, type TestWorker } from '../helpers/test-worker';
import { waitFor } from '../helpers/wait-for';

const ROOT = resolve(__dirname, '../..');
let database: TestDatabase;
let worker: TestWorker;
let client: RetrofillClient;
let backfillId: string;

/** Another backfill of `paced`, on days the main one does not touch, so their partitions never wait on each other. */
async function startSide(from: string, to: string, maxConcurrency = 1): Promise<string> {
  const id = `side-${randomBytes(4).toString('hex')}`;
  await client.start({ assets: ['paced'], from, to, maxConcurrency }, id);
  await waitFor('the side backfill to run', () => client.progress(id), (p) => p.state === 'running' && p.running.length > 0);
  return id;
}

beforeAll(async () => {
  database = await createTestDatabase();
  const catalog = await loadAssetsModule(resolve(__dirname, '../fixtures/paced-assets.ts'));
  worker = await startTestWorker({ catalog, db: database.db });
  client = await RetrofillClient.connect({ address: inject('temporalAddress'), taskQueue: worker.taskQueue });
  // 600 partitions of 0.2 s, at concurrency 1 then up to 4: running for the whole file however slow the
  // machine (the CLI steps spawn processes), cancelled at its end.
  backfillId = `surfaces-${randomBytes(4).toString('hex')}`;
  await client.start({ assets: ['paced'], from: '2020-01-01', to: '2021-08-22', maxConcurrency: 1 }, backfillId);
  await waitFor('the backfill to run', () => client.progress(backfillId), (p) => p.state === 'running' && p.running.length > 0);
});

afterAll(async () => {
  await client?.close();
  await worker?.stop();
  await database?.drop();
});

const temporal = (...args: string[]) => runCommand(inject('temporalCli'), [...args, '--address', inject('temporalAddress')]);
const retrofill = (...args: string[]) =>
  runCommand(process.execPath, [resolve(ROOT, 'bin/retrofill.js'), ...args], {
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    RETROFILL_TASK_QUEUE: worker.taskQueue,
  });

/** The JSON value the temporal CLI printed for a query or update. */
async function temporalJson(...args: string[]): Promise<unknown> {
  const result = await temporal(...args, '--output', 'json');
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

describe('through the temporal binary', () => {
  it('pauses, reports progress, resumes, updates the concurrency and lists by search attribute', async () => {
    expect((await temporal('workflow', 'signal', '--workflow-id', backfillId, '--name', 'pause')).code).toBe(0);
    const paused = (await temporalJson('workflow', 'query', '--workflow-id', backfillId, '--type', 'progress')) as {
      queryResult: Array<{ state: string; assets: Array<{ asset: string; total: number }> }>;
    };
    expect(paused.queryResult[0]!.state).toBe('paused');
    expect(paused.queryResult[0]!.assets).toEqual([expect.objectContaining({ asset: 'paced', total: 600 })]);
    expect((await temporal('workflow', 'signal', '--workflow-id', backfillId, '--name', 'resume')).code).toBe(0);

    const update = (await temporalJson(
      'workflow', 'update', 'execute', '--workflow-id', backfillId, '--name', 'setConcurrency', '--input', '{"maxConcurrency":3}',
    )) as { result: number };
    expect(update.result).toBe(3);
    const rejected = await temporal('workflow', 'update', 'execute', '--workflow-id', backfillId, '--name', 'setConcurrency', '--input', '0');
    expect(rejected.code).not.toBe(0);
    expect(rejected.stderr + rejected.stdout).toMatch(/maxConcurrency must be a whole number from 1 to 500, got 0/);

    const listed = await temporal('workflow', 'list', '--query', `RetrofillBackfillId = '${backfillId}'`, '--output', 'json');
    expect(listed.stdout).toContain(`"workflowId": "${backfillId}"`);
    expect(listed.stdout).toContain(`${worker.taskQueue}/paced/2020-01-01`);
    expect((await temporal('workflow', 'signal', '--workflow-id', backfillId, '--name', 'throttle', '--input', '{"maxConcurrency":5}')).code).toBe(0);
    await waitFor('throttle to apply', () => client.progress(backfillId), (p) => p.maxConcurrency === 5);
    const progress = await client.progress(backfillId);
    expect(progress).toMatchObject({ state: 'running', maxConcurrency: 5 });
  });

  it('cancels', async () => {
    const side = await startSide('2024-01-01', '2024-03-31');
    expect((await temporal('workflow', 'cancel', '--workflow-id', side)).code).toBe(0);
    const summary = await client.result(side);
    expect(summary).toMatchObject({ outcome: 'cancelled', failed: 0 });
    expect(summary.cancelled + summary.pending).toBeGreaterThan(0);
  });
});

describe('through RetrofillClient in another process', () => {
  it('pauses, resumes, throttles, is refused an invalid value, lists and cancels', async () => {
    const side = await startSide('2025-01-01', '2025-03-31');
    const script = resolve(__dirname, '../fixtures/steer-with-client.ts');
    const result = await runCommand(process.execPath, [resolve(ROOT, 'node_modules/tsx/dist/cli.mjs'), script, inject('temporalAddress'), worker.taskQueue, backfillId, side]);
    expect(result.code, result.stderr).toBe(0);
    const steps = Object.fromEntries(result.stdout.trim().split('\n').map((l) => JSON.parse(l)).map((s) => [s.step, s.value]));
    expect(steps).toEqual({
      pausedState: 'paused',
      resumedState: 'running',
      throttle: 2,
      maxConcurrency: 2,
      rejected: 'maxConcurrency must be a whole number from 1 to 500, got 0',
      listed: true,
      cancelledOutcome: 'cancelled',
    });
  });
});

describe('through the retrofill CLI', () => {
  it('pauses, shows status bars, resumes and throttles, with script-friendly exit codes', async () => {
    expect(await retrofill('pause', backfillId)).toMatchObject({ code: 0, stdout: `Paused ${backfillId}\n` });
    const status = await retrofill('status', backfillId);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`Backfill ${backfillId}: paused, concurrency 2`));
    expect(status.stdout).toMatch(/paced \|.*\| \d+\/600 \| \d+ running, 0 failed, 0 skipped \| [\d.]+\/s \| ETA /);
    expect((await retrofill('resume', backfillId)).code).toBe(0);
    expect(await retrofill('throttle', backfillId, '4')).toMatchObject({ code: 0, stdout: `Concurrency of ${backfillId} is now 4\n` });
    const invalid = await retrofill('throttle', backfillId, '-1');
    expect(invalid.code).toBe(5);
    expect(invalid.stderr).toMatch(/maxConcurrency must be a whole number from 1 to 500, got -1/);
    const json = JSON.parse((await retrofill('status', backfillId, '--json')).stdout);
    expect(json).toMatchObject({ backfillId, state: 'running', maxConcurrency: 4 });
    expect((await retrofill('list', '--running')).stdout).toContain(backfillId);
  });

  it('watches a backfill to its end with status --watch', async () => {
    const side = await startSide('2023-01-01', '2023-01-12', 4);
    const watched = await retrofill('status', side, '--watch', '--interval', '200');
    expect(watched.code, watched.stderr).toBe(0);
    expect(watched.stdout).toMatch(new RegExp(`Backfill ${side}: completed, concurrency 4, .*12/12 done`));
    expect(watched.stdout).toMatch(/paced \|.*\| 12\/12 \| 0 running, 0 failed, 0 skipped \| [\d.]+\/s \| ETA 0s/);
  });

  it('answers an unknown id with exit code 3', async () => {
    const result = await retrofill('pause', 'no-such-backfill');
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/backfill no-such-backfill not found/);
  });

  it('cancels and waits for the summary', async () => {
    const result = await retrofill('cancel', backfillId, '--wait');
    expect(result.code, result.stderr).toBe(2);
    expect(result.stdout).toMatch(new RegExp(`Backfill ${backfillId}: cancelled`));
    const summary = await client.result(backfillId);
    expect(summary.outcome).toBe('cancelled');
    expect(summary.succeeded + summary.cancelled + summary.pending).toBe(600);
    const again = await retrofill('pause', backfillId);
    expect(again.code).toBe(4);
    expect(again.stderr).toMatch(/is not running/);
  });
});
