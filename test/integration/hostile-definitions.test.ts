/**
 * Hostile and broken definitions modules (test/fixtures/hostile/): loading
 * one fails with an AssetDefinitionError naming the assets involved, and
 * `retrofill worker --assets` exits on it at once, before connecting to
 * Temporal or PostgreSQL (both point at a closed port here, so getting that far
 * would end in a connection error instead of the expected message).
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAssetsModule } from '../../assets/load-assets-module';
import { AssetDefinitionError } from '../../core/errors';
import { runCommand } from '../helpers/run-command';

const ROOT = resolve(__dirname, '../..');
const BIN = resolve(ROOT, 'bin/retrofill.js');
const HOSTILE = resolve(__dirname, '../fixtures/hostile');
const fixture = (name: string) => resolve(HOSTILE, `${name}.ts`);
const CYCLE = 'dependency cycle: hourly_a -> hourly_c -> hourly_b -> hourly_a (each depends on the next)';

/** [fixture, every problem listed] */
const MODULES: Array<[string, string[]]> = [
  ['cyclic', [CYCLE]],
  ['duplicate-name', ['duplicate asset name "orders"']],
  ['unknown-dependency', ['asset "report" depends on unknown asset "ghost_table"']],
  ['missing-partition-column', ['asset "events" is partitioned: it needs a partitionColumn']],
  ['traversal-name', ['asset name "../etc" must match /^[a-z][a-z0-9_]{0,62}$/ (lowercase letters, digits, _)']],
  [
    'injection-names',
    [
      'asset name "x; DROP TABLE y" must match /^[a-z][a-z0-9_]{0,62}$/ (lowercase letters, digits, _)',
      'asset "by_table": table "t; DROP TABLE retrofill_ledger" must match /^([a-z_][a-z0-9_]{0,62}\\.)?[a-z_][a-z0-9_]{0,62}$/',
      `asset "by_column": partitionColumn "day' OR '1'='1" must match /^[a-z_][a-z0-9_]{0,62}$/`,
    ],
  ],
  [
    'invalid-partitions',
    [
      'asset "feb30": invalid partition start "2024-02-30": expected YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH (UTC)',
      'asset "mid_month": invalid partition start "2024-01-15": monthly partitions must start on a partition boundary',
      'asset "regions": static partition key "../../etc" must match /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/',
    ],
  ],
  ['no-assets', [`${fixture('no-assets')} exports no asset made with defineAsset`]],
  ['does-not-exist', [`assets module not found: ${fixture('does-not-exist')}`]],
];

describe('loadAssetsModule', () => {
  it.for(MODULES)('%s: throws AssetDefinitionError naming every problem', async ([name, problems]) => {
    const error = await loadAssetsModule(fixture(name)).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(AssetDefinitionError);
    expect((error as AssetDefinitionError).type).toBe('AssetDefinitionError');
    expect([...(error as AssetDefinitionError).problems].sort()).toEqual([...problems].sort());
    expect((error as Error).message).toBe(`Invalid asset definitions:\n- ${(error as AssetDefinitionError).problems.join('\n- ')}`);
  });
});

/** [what, --assets, stderr] */
const WORKER: Array<[string, string, RegExp]> = [
  ['a cyclic module', 'test/fixtures/hostile/cyclic.ts', new RegExp(`^retrofill: Invalid asset definitions:\n- ${CYCLE.replace(/[()]/g, '\\$&')}\n$`)],
  ['a module declaring a name twice', 'test/fixtures/hostile/duplicate-name.ts', /^retrofill: Invalid asset definitions:\n- duplicate asset name "orders"\n$/],
  ['an asset named ../etc', 'test/fixtures/hostile/traversal-name.ts', /^retrofill: Invalid asset definitions:\n- asset name "\.\.\/etc" must match /],
  ['a module exporting no asset', 'test/fixtures/hostile/no-assets.ts', /^retrofill: Invalid asset definitions:\n- \/.*\/no-assets\.ts exports no asset made with defineAsset\n$/],
  ['path traversal to a system file', '../../etc/passwd', /^retrofill: Invalid asset definitions:\n- "\.\.\/\.\.\/etc\/passwd" is not a TypeScript or JavaScript module \(\.ts, \.mts, \.cts, \.js, \.mjs, \.cjs\)\n$/],
  ['a directory', 'test/fixtures/hostile', /^retrofill: Invalid asset definitions:\n- "test\/fixtures\/hostile" is not a TypeScript or JavaScript module/],
  ['a module that does not exist', '../../../../nope.ts', /^retrofill: Invalid asset definitions:\n- assets module not found: \/nope\.ts\n$/],
];

describe('retrofill worker --assets', () => {
  const env = { TEMPORAL_ADDRESS: '127.0.0.1:1', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/nothing' };

  it.concurrent.for(WORKER)('%s: exits 1 naming the problem, without connecting', async ([, path, stderr]) => {
    const startedAt = Date.now();
    const result = await runCommand(process.execPath, [BIN, 'worker', '--assets', path], env, 60_000);
    expect(result.stderr).toMatch(stderr);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(Date.now() - startedAt).toBeLessThan(30_000);
  });
});
