/**
 * Retrofill as a user installs it: `npm pack`, the tarball installed into a
 * fresh project outside the repository, TypeScript type-checked there, the
 * library imported from ESM and CommonJS, and backfills run by
 * `npx retrofill worker` on a TypeScript and a JavaScript assets module
 * against the real servers.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCommand, type CommandResult } from '../helpers/run-command';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { WorkerProcess, killAllWorkers } from '../helpers/worker-process';

const ROOT = resolve(__dirname, '../..');
const FIXTURE = join(ROOT, 'test/fixtures/user-project');
const devVersion = (name: string): string =>
  (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies[name]!;

let workdir: string;
let project: string;
/** Paths in the tarball, from `npm pack --json`. */
let packed: string[];
let database: TestDatabase;
let env: Record<string, string>;

/** npm with its own output kept for the error message; fails the test on a non-zero exit. */
async function npm(args: string[], cwd: string, timeoutMs: number): Promise<CommandResult> {
  const result = await runCommand('npm', [...args, '--no-audit', '--no-fund'], { npm_config_loglevel: 'error' }, timeoutMs, cwd);
  if (result.code !== 0) throw new Error(`npm ${args.join(' ')} failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
  return result;
}

beforeAll(async () => {
  workdir = mkdtempSync(join(tmpdir(), 'retrofill-package-'));
  project = join(workdir, 'project');
  // prepack builds dist/ first: exactly what `npm publish` would ship.
  const pack = await npm(['pack', '--json', '--pack-destination', workdir], ROOT, 300_000);
  // prepack's own output comes before the JSON report.
  packed = (JSON.parse(pack.stdout.slice(pack.stdout.search(/^\[/m))) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path);
  const tarball = readdirSync(workdir).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack wrote no tarball into ${workdir}`);
  cpSync(FIXTURE, project, { recursive: true });
  await npm(
    ['install', '--prefer-offline', join(workdir, tarball), `typescript@${devVersion('typescript')}`, `@types/node@${devVersion('@types/node')}`],
    project,
    600_000,
  );
  database = await createTestDatabase();
  env = {
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    RETROFILL_TASK_QUEUE: `package-${randomBytes(4).toString('hex')}`,
  };
}, 900_000);

afterAll(async () => {
  await killAllWorkers();
  await database?.drop();
  if (workdir) rmSync(workdir, { recursive: true, force: true });
});

const npx = (args: string[], timeoutMs = 120_000) => runCommand('npx', args, env, timeoutMs, project);

describe('the packed package in a project of its own', () => {
  it('holds the built JavaScript with declarations, and no sources or tests', () => {
    expect(packed).toEqual(expect.arrayContaining(['bin/retrofill.js', 'dist/index.js', 'dist/index.d.ts', 'dist/client/index.js', 'dist/client/index.d.ts', 'dist/workflows/index.js', 'README.md', 'LICENSE']));
    expect(packed.filter((path) => /\.(ts|mts|cts)$/.test(path) && !path.endsWith('.d.ts'))).toEqual([]);
    expect(packed.filter((path) => /^(test|bench|dev|node_modules)\//.test(path))).toEqual([]);
  });

  it('type-checks a TypeScript assets module and a client', async () => {
    const tsc = await npx(['tsc', '--noEmit', '-p', '.']);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.code).toBe(0);
  });

  it.each(['check.mjs', 'check.cjs'])('imports both entry points from %s', async (file) => {
    const run = await runCommand(process.execPath, [file], {}, 60_000, project);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ assets: ['daily', 'raw'], refused: 'AssetDefinitionError', queue: 'retrofill', client: 'function' });
  });

  it.each([
    { module: './assets.ts', asset: 'greetings', from: '2024-01-01', to: '2024-01-03', rows: ['hello 2024-01-01', 'hello 2024-01-02', 'hello 2024-01-03'] },
    { module: './assets.js', asset: 'farewells', from: '2024-01', to: '2024-02', rows: ['goodbye 2024-01', 'goodbye 2024-02'] },
  ])('backfills $asset through npx retrofill worker --assets $module', async ({ module, asset, from, to, rows }) => {
    const worker = new WorkerProcess({ name: `package-${asset}`, assets: module, command: ['npx', 'retrofill'], cwd: project, env });
    await worker.start();
    try {
      const backfill = await npx(['retrofill', 'backfill', '--assets', asset, '--from', from, '--to', to, '--wait'], 180_000);
      expect(backfill.stdout).toContain('completed');
      expect(backfill.code).toBe(0);
      const messages = await database.db(asset).orderBy('message').pluck('message');
      expect(messages).toEqual(rows);
    } finally {
      await worker.stop();
    }
  });
});
