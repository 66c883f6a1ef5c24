/**
 * `retrofill dev` as a newcomer runs it: on its own embedded PostgreSQL and
 * Temporal dev server, with a module in a folder of its own; a backfill
 * through the addresses it prints, a reload when the module changes, and a
 * Ctrl-C that leaves no process and no listening port behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../db/connect';
import { runCommand } from '../helpers/run-command';
import { waitFor } from '../helpers/wait-for';
import { commandLine, descendantPids, isListening, isRunning } from './dev-processes';

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin/retrofill.js');

/** The module the newcomer edits: v2 bumps the code version of `visits` and adds `visit_counts`. */
function assetsModule(version: 1 | 2): string {
  const visits = `
import { dailyPartitions, defineAsset } from ${JSON.stringify(join(ROOT, 'index'))};

export const visits = defineAsset({
  name: 'visits',
  codeVersion: '${version}',
  partitions: dailyPartitions({ start: '2024-01-01' }),
  partitionColumn: 'day',
  setup: async (db) => {
    if (!(await db.schema.hasTable('visits'))) {
      await db.schema.createTable('visits', (t) => { t.specificType('day', 'timestamptz'); t.text('written_by'); });
    }
  },
  materialize: async ({ db, table, window }) => {
    await db(table).insert({ day: window!.start, written_by: 'v${version}' });
  },
});
`;
  const visitCounts = `
export const visitCounts = defineAsset({
  name: 'visit_counts',
  deps: ['visits'],
  partitions: dailyPartitions({ start: '2024-01-01' }),
  partitionColumn: 'day',
  setup: async (db) => {
    if (!(await db.schema.hasTable('visit_counts'))) {
      await db.schema.createTable('visit_counts', (t) => { t.specificType('day', 'timestamptz'); t.integer('n'); });
    }
  },
  materialize: async ({ db, table, window }) => {
    const [{ n }] = await db('visits').where('day', '>=', window!.start).andWhere('day', '<', window!.end).count({ n: '*' });
    await db(table).insert({ day: window!.start, n: Number(n) });
  },
});
`;
  return version === 1 ? visits : visits + visitCounts;
}

let folder: string;
let modulePath: string;
let dev: ChildProcess;
let output = '';
let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
let printed: { env: Record<string, string>; uiUrl: string; hint: string[] };
let db: Knex | undefined;
/** Every process dev started, recorded before the Ctrl-C. */
let started: number[] = [];

/** Waits for `pattern` in what dev printed after `from` characters; fails at once if dev exits. */
function printedLater(pattern: RegExp, from: number, timeoutMs: number): Promise<RegExpExecArray> {
  return waitFor(
    `dev to print ${pattern}`,
    async () => {
      if (dev.exitCode !== null) throw new Error(`dev exited with ${dev.exitCode}:\n${output}`);
      return pattern.exec(output.slice(from));
    },
    (match) => match !== null,
    timeoutMs,
  ).then((match) => match!);
}

const retrofill = (...args: string[]) => runCommand(process.execPath, [BIN, ...args], printed.env);

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'retrofill-dev-test-'));
  modulePath = join(folder, 'assets.ts');
  writeFileSync(modulePath, assetsModule(1));
  const env = { ...process.env };
  for (const key of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'RETROFILL_TASK_QUEUE']) delete env[key];
  dev = spawn(process.execPath, [BIN, '--task-queue', 'dev-test', 'dev', '--assets', modulePath], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  dev.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  dev.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  exited = new Promise((r) => dev.once('exit', (code, signal) => r({ code, signal })));
});

afterAll(async () => {
  await db?.destroy();
  // Only after a failed test: dev still runs. Nothing may outlive the run.
  if (dev?.pid && isRunning(dev.pid)) {
    started = descendantPids(dev.pid);
    dev.kill('SIGINT');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
  }
  for (const pid of [dev?.pid, ...started]) if (pid && isRunning(pid)) process.kill(pid, 'SIGKILL');
  rmSync(folder, { recursive: true, force: true });
});

describe('retrofill dev', () => {
  it('prints the addresses and the lines to paste, and backfills through them', async () => {
    await printedLater(/^Worker running \(pid \d+\)$/m, 0, 120_000);
    const exported = Object.fromEntries([...output.matchAll(/^ {2}export (\w+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
    expect(Object.keys(exported)).toEqual(['DATABASE_URL', 'TEMPORAL_ADDRESS', 'RETROFILL_TASK_QUEUE']);
    expect(exported.RETROFILL_TASK_QUEUE).toBe('dev-test');
    printed = {
      env: { ...exported, TEMPORAL_NAMESPACE: 'default' },
      uiUrl: /^ {2}Web UI {6}(http\S+)$/m.exec(output)![1]!,
      hint: /^ {2}npx retrofill (backfill .*)$/m.exec(output)![1]!.split(' '),
    };
    expect(printed.hint).toEqual(['backfill', '--assets', 'visits', '--from', '2024-01-01', '--to', '2024-01-07', '--wait']);
    expect((await fetch(printed.uiUrl)).status).toBe(200);

    // The suggested command, as printed.
    const result = await retrofill(...printed.hint);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/visits\s+7\s+7\s+0\s+0/);
    db = connectDatabase({ url: printed.env.DATABASE_URL!, poolMax: 2 });
    expect(await db('visits').where({ written_by: 'v1' }).count({ n: '*' })).toEqual([{ n: '7' }]);
  });

  it('reloads the worker when the module changes: the new asset and code version are live', async () => {
    const before = output.length;
    const [, oldPid] = /^Worker running \(pid (\d+)\)$/m.exec(output)!;
    writeFileSync(modulePath, assetsModule(2));
    const [, newPid] = await printedLater(/^Assets changed: worker reloaded \(pid (\d+)\)$/m, before, 90_000);
    expect(newPid).not.toBe(oldPid);
    expect(isRunning(Number(oldPid))).toBe(false);

    const result = await retrofill('backfill', '--assets', 'visits', '--from', '2024-01-01', '--to', '2024-01-03', '--downstream', '--wait');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/visit_counts\s+3\s+3\s+0\s+0/);
    const { rows: versions } = await db!.raw(
      "SELECT code_version, count(*)::int AS n FROM retrofill_ledger WHERE asset = 'visits' AND status = 'succeeded' GROUP BY 1 ORDER BY 1",
    );
    expect(versions).toEqual([
      { code_version: '1', n: 7 },
      { code_version: '2', n: 3 },
    ]);
    expect(await db!('visit_counts').sum({ n: 'n' })).toEqual([{ n: '3' }]);
  });

  it('keeps running when the changed module does not load, and reloads once it is fixed', async () => {
    let before = output.length;
    writeFileSync(modulePath, `${assetsModule(2)}\nexport const broken = ;\n`);
    await printedLater(/^Assets changed: the worker did not start \(code 1\)/m, before, 60_000);
    expect(output.slice(before)).toMatch(/Unexpected ";"/);
    before = output.length;
    writeFileSync(modulePath, assetsModule(2));
    await printedLater(/^Assets changed: worker reloaded \(pid \d+\)$/m, before, 90_000);
  });

  it('stops everything on Ctrl-C and exits 0, leaving no process or port behind', async () => {
    await db!.destroy();
    db = undefined;
    started = descendantPids(dev.pid!);
    const [, workerPid] = [...output.matchAll(/worker (?:running|reloaded) \(pid (\d+)\)$/gim)].at(-1)!;
    expect(started).toContain(Number(workerPid));
    const postgres = started.find((pid) => commandLine(pid)[0]?.endsWith('/postgres'));
    const dataDir = commandLine(postgres!)[commandLine(postgres!).indexOf('-D') + 1]!;
    const ports = [
      Number(new URL(printed.env.DATABASE_URL!).port),
      Number(printed.env.TEMPORAL_ADDRESS!.split(':')[1]),
      Number(new URL(printed.uiUrl).port),
    ];
    for (const port of ports) expect(await isListening(port), `port ${port}`).toBe(true);

    dev.kill('SIGINT');
    const timedOut = new Promise<'timed out'>((r) => setTimeout(() => r('timed out'), 60_000).unref());
    expect(await Promise.race([exited, timedOut]), output).toEqual({ code: 0, signal: null });
    expect(output).toMatch(/^Stopped\.$/m);
    expect(started.filter(isRunning)).toEqual([]);
    for (const port of ports) expect(await isListening(port), `port ${port}`).toBe(false);
    expect(existsSync(dataDir), dataDir).toBe(false);
  });
});
