/**
 * `retrofill dev` as a newcomer runs it: on its own embedded PostgreSQL and
 * Temporal dev server, with a module in a folder of its own; a backfill
 * through the addresses it prints, a reload when the module changes, and a
 * Ctrl-C (to dev alone, or to its whole process group as a terminal sends it)
 * that leaves no process, listening port or data folder behind.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../db/connect';
import { devAssetsSource } from '../fixtures/dev-assets-source';
import { runCommand } from '../helpers/run-command';
import { commandLine, descendants, isListening, isRunning, stillRunning } from '../helpers/dev-processes';
import { BIN, DevRun } from '../helpers/dev-run';
import { waitFor } from '../helpers/wait-for';

const WORKER_RUNNING = /^Worker running \(pid (\d+)\)$/m;
const RELOADED = /^Assets changed: worker reloaded \(pid (\d+)\)$/m;

interface Printed {
  env: Record<string, string>;
  uiUrl: string;
  consoleUrl: string;
  /** The suggested backfill, after `npx retrofill`. */
  hint: string[];
}

/** The addresses and the lines to paste, from what dev printed. */
function readPrinted(output: string): Printed {
  const exported = Object.fromEntries([...output.matchAll(/^ {2}export (\w+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
  return {
    env: { ...exported, TEMPORAL_NAMESPACE: 'default' },
    uiUrl: /^ {2}Web UI {6}(http\S+)$/m.exec(output)![1]!,
    consoleUrl: /^ {2}Console {5}(http\S+)$/m.exec(output)![1]!,
    hint: /^ {2}npx retrofill (backfill .*)$/m.exec(output)![1]!.split(' '),
  };
}

/** What dev started and listens on, recorded while it runs: to check that all of it is gone. */
function footprint(dev: DevRun, printed: Printed) {
  const processes = descendants(dev.child.pid!);
  const started = processes.map((p) => p.pid);
  const postgres = started.find((pid) => commandLine(pid)[0]?.endsWith('/postgres'));
  const args = commandLine(postgres!);
  return {
    started,
    processes,
    dataDir: args[args.indexOf('-D') + 1]!,
    ports: [new URL(printed.env.DATABASE_URL!).port, printed.env.TEMPORAL_ADDRESS!.split(':')[1], new URL(printed.uiUrl).port, new URL(printed.consoleUrl).port].map(Number),
  };
}

/** How long a process dev started may take to end after dev exited. */
const ENDING_MS = 5_000;

/**
 * Nothing dev started runs, listens or stays on disk. A process may still be
 * ending for a moment after dev exits (esbuild's service, tsx's, ends when
 * the pipe from its parent closes): it has ENDING_MS to go, and one that stays
 * is named with its command line.
 */
async function expectAllGone({ processes, dataDir, ports }: ReturnType<typeof footprint>): Promise<void> {
  const left = () => processes.filter(stillRunning).map((p) => `${p.pid} ${commandLine(p.pid).join(' ')}`);
  await waitFor('every process dev started to end', left, (running) => running.length === 0, ENDING_MS);
  for (const port of ports) expect(await isListening(port), `port ${port}`).toBe(false);
  expect(existsSync(dataDir), dataDir).toBe(false);
}

describe('retrofill dev', () => {
  let folder: string;
  let modulePath: string;
  let dev: DevRun;
  let printed: Printed;
  let db: Knex | undefined;
  let started: number[] = [];
  const retrofill = (...args: string[]) => runCommand(process.execPath, [BIN, ...args], printed.env);

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'retrofill-dev-test-'));
    modulePath = join(folder, 'assets.ts');
    writeFileSync(modulePath, devAssetsSource(1));
    dev = new DevRun(['--task-queue', 'dev-test', 'dev', '--assets', modulePath]);
  });

  afterAll(async () => {
    await db?.destroy();
    await dev?.cleanUp(started);
    rmSync(folder, { recursive: true, force: true });
  });

  it('prints the addresses and the lines to paste, and backfills through them', async () => {
    await dev.printed(WORKER_RUNNING, 0, 120_000);
    printed = readPrinted(dev.output);
    expect(Object.keys(printed.env)).toEqual(['DATABASE_URL', 'TEMPORAL_ADDRESS', 'RETROFILL_TASK_QUEUE', 'TEMPORAL_NAMESPACE']);
    expect(printed.env.RETROFILL_TASK_QUEUE).toBe('dev-test');
    expect(printed.hint).toEqual(['backfill', '--assets', 'visits', '--from', '2024-01-01', '--to', '2024-01-07', '--wait']);
    expect((await fetch(printed.uiUrl)).status).toBe(200);
    // The console, on the same Temporal and task queue.
    const consoleConfig = await fetch(new URL('/api/config', printed.consoleUrl));
    expect(consoleConfig.status).toBe(200);
    expect(await consoleConfig.json()).toMatchObject({ namespace: 'default', taskQueue: 'dev-test', temporalUiUrl: printed.uiUrl });

    // The suggested command, as printed.
    const result = await retrofill(...printed.hint);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/visits\s+7\s+7\s+0\s+0/);
    db = connectDatabase({ url: printed.env.DATABASE_URL!, poolMax: 2 });
    expect(await db('visits').where({ written_by: 'v1' }).count({ n: '*' })).toEqual([{ n: '7' }]);
  });

  it('reloads the worker when the module changes: the new asset and code version are live', async () => {
    const before = dev.output.length;
    const [, oldPid] = WORKER_RUNNING.exec(dev.output)!;
    writeFileSync(modulePath, devAssetsSource(2));
    const [, newPid] = await dev.printed(RELOADED, before, 90_000);
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
    let before = dev.output.length;
    writeFileSync(modulePath, `${devAssetsSource(2)}\nexport const broken = ;\n`);
    await dev.printed(/^Assets changed: the worker did not start \(code 1\)/m, before, 60_000);
    expect(dev.output.slice(before)).toMatch(/Unexpected ";"/);
    before = dev.output.length;
    writeFileSync(modulePath, devAssetsSource(2));
    await dev.printed(RELOADED, before, 90_000);
  });

  it('stops everything on SIGINT and exits 0, leaving no process or port behind', async () => {
    await db!.destroy();
    db = undefined;
    const before = footprint(dev, printed);
    started = before.started;
    const [, workerPid] = [...dev.output.matchAll(/worker (?:running|reloaded) \(pid (\d+)\)$/gim)].at(-1)!;
    expect(started).toContain(Number(workerPid));
    for (const port of before.ports) expect(await isListening(port), `port ${port}`).toBe(true);

    dev.child.kill('SIGINT');
    expect(await dev.exitWithin(60_000), dev.output).toEqual({ code: 0, signal: null });
    expect(dev.output).toMatch(/^SIGINT: stopping the worker, Temporal and PostgreSQL\.\.\.\nStopped\.$/m);
    await expectAllGone(before);
  });
});

describe('retrofill dev, stopped with Ctrl-C in a terminal', () => {
  let folder: string;
  let dev: DevRun;
  let started: number[] = [];

  afterAll(async () => {
    await dev?.cleanUp(started);
    rmSync(folder, { recursive: true, force: true });
  });

  it('exits 0 when the whole process group gets SIGINT, the servers and the worker included', async () => {
    folder = mkdtempSync(join(tmpdir(), 'retrofill-dev-test-'));
    writeFileSync(join(folder, 'assets.ts'), devAssetsSource(1));
    dev = new DevRun(['dev', '--assets', join(folder, 'assets.ts')], { group: true });
    await dev.printed(WORKER_RUNNING, 0, 120_000);
    const before = footprint(dev, readPrinted(dev.output));
    started = before.started;
    // The servers stop on their own signal at the same time as dev stops them.
    process.kill(-dev.child.pid!, 'SIGINT');
    expect(await dev.exitWithin(60_000), dev.output).toEqual({ code: 0, signal: null });
    expect(dev.output).not.toMatch(/did not stop/);
    await expectAllGone(before);
  });
});
