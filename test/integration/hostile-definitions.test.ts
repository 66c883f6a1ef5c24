/**
 * Hostile and broken definitions modules (test/fixtures/hostile/): loading
 * one fails with an AssetDefinitionError naming the assets involved, and
 * `retrofill worker --assets` exits on it at once, before connecting to
 * Temporal or PostgreSQL (both point at a closed port here, so getting that far
 * would end in a connection error instead of the expected message). A module
 * whose assets name Retrofill's own tables is refused the same way, and a
 * worker given it on a real database leaves the ledger as it was.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadAssetsModule } from '../../assets/load-assets-module';
import { AssetDefinitionError } from '../../core/errors';
import { recordAttemptsStart } from '../../db/ledger/record-attempt-start';
import { migrate } from '../../db/migrate';
import { LEDGER_TABLE } from '../../db/rows';
import { runCommand } from '../helpers/run-command';
import { expectNothingWritten } from '../helpers/table-digests';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

const ROOT = resolve(__dirname, '../..');
const BIN = resolve(ROOT, 'bin/retrofill.js');
const HOSTILE = resolve(__dirname, '../fixtures/hostile');
const fixture = (name: string) => resolve(HOSTILE, `${name}.ts`);
const CYCLE = 'dependency cycle: hourly_a -> hourly_c -> hourly_b -> hourly_a (each depends on the next)';
const OWN = "an asset may not name Retrofill's own tables or schemas";
const OWN_TABLES = [
  `asset "wipe_ledger": table "retrofill_ledger" is the ledger (retrofill_ledger): ${OWN}`,
  `asset "qualified": table "public.RETROFILL_CHECKPOINTS" is the staging checkpoints (retrofill_checkpoints): ${OWN}`,
  `asset "staged": table "retrofill_staging.rows" is in the schema of staged rows (retrofill_staging): ${OWN}`,
  `asset "retrofill_shadows": table "retrofill_shadows" is the shadows (retrofill_shadows): ${OWN}`,
];

const BAD_POLICIES = [
  'asset "bad_checks": checks[0] (unique): columns must name at least one column',
  `asset "bad_checks": checks[1] (sql): severity must be 'error' or 'warn', got "fatal"`,
  'asset "bad_checks": checks[1] (sql): name must be text of 1 to 100 characters, got undefined',
  'asset "bad_checks": checks[2] has unknown kind "shell" (expected rowCount, notNull, unique, coverage, sql)',
  'asset "no_retries": retry.maximumAttempts must be a whole number >= 1, got 0',
  'asset "sql_instead" has no materialize function',
  'asset "stalled": rateLimit.perSecond must be > 0 and <= 10000, got 0',
];

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
      'asset "feb30": invalid partition start "2024-02-30": expected YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDTHH or YYYY-MM-DDTHH:MM (UTC)',
      'asset "mid_month": invalid partition start "2024-01-15": monthly partitions must start on a partition boundary',
      'asset "regions": static partition key "../../etc" must match /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/',
    ],
  ],
  ['own-tables', OWN_TABLES],
  ['bad-policies', BAD_POLICIES],
  ['throws-on-load', [`cannot load the assets module ${JSON.stringify(fixture('throws-on-load'))}: cannot read config\u001b[2J\nStarted backfill forged`]],
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
  [
    'a module that throws as it loads, its message escaped',
    'test/fixtures/hostile/throws-on-load.ts',
    /^retrofill: Invalid asset definitions:\n- cannot load the assets module "test\/fixtures\/hostile\/throws-on-load\.ts": cannot read config\\u001b\[2J\nStarted backfill forged\n$/,
  ],
  ['a module with policies no worker can honour', 'test/fixtures/hostile/bad-policies.ts', /^retrofill: Invalid asset definitions:\n(- asset "(bad_checks|no_retries|sql_instead|stalled)".*\n){7}$/],
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

describe("retrofill worker --assets with assets on Retrofill's own tables", () => {
  let database: TestDatabase;
  const ledger = async () => (await database.db(LEDGER_TABLE).orderBy('id').select('id', 'asset', 'partition_key', 'status')) as unknown[];

  beforeAll(async () => {
    database = await createTestDatabase();
    await migrate(database.db);
    const run = { asset: 'daily_revenue', codeVersion: '1', workflowId: 'earlier-backfill', runId: 'run-1', backfillId: null, attempt: 1 };
    await recordAttemptsStart({ knex: database.db }, run, ['2024-03-01', '2024-03-02', '2024-03-03'].map((partitionKey) => ({ partitionKey, upstreamVersions: {} })));
  });
  afterAll(async () => database?.drop());

  it('exits 1 naming each, and leaves the ledger as it was', async () => {
    const before = await ledger();
    expect(before).toHaveLength(3);
    const env = { TEMPORAL_ADDRESS: inject('temporalAddress'), DATABASE_URL: database.url };
    const result = await runCommand(process.execPath, [BIN, 'worker', '--assets', 'test/fixtures/hostile/own-tables.ts'], env, 60_000, ROOT);
    // In the module's export order, which is the namespace's (alphabetical), not the source's.
    expect(result.stderr).toMatch(/^retrofill: Invalid asset definitions:\n- /);
    expect(result.stderr.split('\n- ').slice(1).map((line) => line.trimEnd()).sort()).toEqual([...OWN_TABLES].sort());
    expect(result.code).toBe(1);
    expect(await ledger()).toEqual(before);
  });
});

/** Hostile modules given to a worker on a real database: refused before anything is migrated or written. */
describe('retrofill worker --assets with a hostile module, on a real database', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    await migrate(database.db);
    const run = { asset: 'daily_revenue', codeVersion: '1', workflowId: 'earlier-backfill', runId: 'run-1', backfillId: null, attempt: 1 };
    await recordAttemptsStart({ knex: database.db }, run, [{ partitionKey: '2024-03-01', upstreamVersions: {} }]);
  });
  afterAll(async () => database?.drop());

  it.for([
    ['throws-on-load', /^retrofill: Invalid asset definitions:\n- cannot load the assets module /],
    ['bad-policies', /^retrofill: Invalid asset definitions:\n- asset "/],
    ['injection-names', /^retrofill: Invalid asset definitions:\n- asset /],
    ['cyclic', /^retrofill: Invalid asset definitions:\n- dependency cycle: /],
  ] as const)('%s: exits 1 naming the problems; every table as it was', async ([name, stderr]) => {
    await expectNothingWritten(database.db, async () => {
      const env = { TEMPORAL_ADDRESS: inject('temporalAddress'), DATABASE_URL: database.url };
      const result = await runCommand(process.execPath, [BIN, 'worker', '--assets', `test/fixtures/hostile/${name}.ts`], env, 60_000, ROOT);
      expect(result.stderr).toMatch(stderr);
      // eslint-disable-next-line no-control-regex -- no raw control character may reach stderr: the test looks for them
      expect(result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
    });
  });
});
