/**
 * Imports go one way between folders (rules and reasons in
 * test/helpers/import-rules.ts): the repository follows them, and the check
 * does catch a forbidden import, shown on small trees held in memory.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkImportDirections, diskSources, importsOf, type SourceText } from '../helpers/import-direction';
import { IMPORT_RULES, RULED_FOLDERS } from '../helpers/import-rules';

const ROOT = resolve(__dirname, '../..');

const whyOf = (rule: string) => IMPORT_RULES.find((r) => r.name === rule)!.why;

const check = (files: Record<string, string>) =>
  checkImportDirections(
    Object.entries(files).map(([path, text]): SourceText => ({ path, text })),
    IMPORT_RULES,
  );

describe('the repository', () => {
  it('has every folder a rule governs, so no rule checks nothing', () => {
    expect(RULED_FOLDERS.filter((folder) => !existsSync(join(ROOT, folder)))).toEqual([]);
  });

  it('imports only in the allowed directions', () => {
    const sources = diskSources(ROOT, RULED_FOLDERS);
    expect(sources.length).toBeGreaterThan(200);
    expect(checkImportDirections(sources, IMPORT_RULES).map((v) => v.message)).toEqual([]);
  });
});

describe('the import-direction check', () => {
  it('reports a core file importing knex, naming the file, the import and the rule', () => {
    const violations = check({
      'core/plan/leaky.ts': "import { z } from 'zod';\nimport knex from 'knex';\nimport { parseTimeSpec } from '../partitions/time-spec';\n",
    });
    expect(violations).toEqual([
      {
        file: 'core/plan/leaky.ts',
        specifier: 'knex',
        rule: 'core-is-pure',
        message: `core/plan/leaky.ts:2 imports 'knex': rule core-is-pure (${whyOf('core-is-pure')})`,
      },
    ]);
  });

  it('reports a core file importing workflow code, even for types only', () => {
    const violations = check({ 'core/plan/leaky.ts': "import type { Backfill } from '../../workflows/x';\n" });
    expect(violations.map((v) => v.message)).toEqual([expect.stringMatching(/^core\/plan\/leaky\.ts:1 imports '\.\.\/\.\.\/workflows\/x' \(type only\): rule core-is-pure /)]);
  });

  it('lets workflows import activity types but not activity code', () => {
    const violations = check({
      'workflows/x.ts': `import type { Activities } from '../activities';
import { type MaterializeBatchInput } from '../activities/materialize-batch';
import { materializeBatch } from '../activities/materialize-batch';
import { proxyActivities } from '@temporalio/workflow';
import { readFileSync } from 'node:fs';
`,
    });
    expect(violations.map((v) => [v.specifier, v.rule])).toEqual([
      ['../activities/materialize-batch', 'workflows-stay-deterministic'],
      ['node:fs', 'workflows-stay-deterministic'],
    ]);
    expect(violations[0]!.message).toMatch(/^workflows\/x\.ts:3 imports /);
  });

  it.for([
    [
      'lets the client use the contract, not the workflows or the database',
      { 'client/x.ts': "import { pauseSignal } from '../contract';\nimport { backfill } from '../workflows/backfill';\nimport { connect } from '../db/connect';\n" },
      [
        ['../workflows/backfill', 'callers-use-the-contract'],
        ['../workflows/backfill', 'client-talks-to-temporal'],
        ['../db/connect', 'client-talks-to-temporal'],
      ],
    ],
    [
      'keeps the contract free of workflow and worker code',
      { 'contract/x.ts': "import { defineSignal } from '@temporalio/workflow';\nimport { backfill } from '../workflows/backfill';\nimport { Worker } from '@temporalio/worker';\n" },
      [
        ['../workflows/backfill', 'contract-is-shared'],
        ['@temporalio/worker', 'contract-is-shared'],
      ],
    ],
  ] as const)('%s', ([, files, expected]) => {
    expect(check(files).map((v) => [v.specifier, v.rule])).toEqual(expected);
  });

  it('reports production code importing test/, and db/ importing activities', () => {
    const violations = check({
      'cli/x.ts': "import { waitFor } from '../test/helpers/wait-for';\n",
      'db/x.ts': "export { materializePartitionActivity } from '../activities/materialize-partition';\n",
      'test/helpers/x.ts': "import { backfill } from '../../workflows/backfill';\n",
    });
    expect(violations.map((v) => [v.file, v.rule])).toEqual([
      ['cli/x.ts', 'no-test-in-production'],
      ['db/x.ts', 'db-is-storage'],
    ]);
  });
});

describe('importsOf', () => {
  it('sees dynamic imports, require and import types, and not text in comments or strings', () => {
    const imports = importsOf({
      path: 'cli/x.ts',
      text: `// import knex from 'knex';
const text = "import x from 'pg'";
const m = await import('../client');
const pg = require('pg');
let t: import('../core/asset-spec').AssetSpec;
`,
    });
    expect(imports.map((i) => [i.line, i.specifier, i.typeOnly])).toEqual([
      [3, '../client', false],
      [4, 'pg', false],
      [5, '../core/asset-spec', true],
    ]);
  });
});
