/**
 * An asset may not name one of Retrofill's own tables or schemas as its
 * table: its partitions would be deleted and rewritten (an unpartitioned
 * asset on `retrofill_ledger` deleted the whole ledger).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AssetCatalog } from '../../assets/asset-catalog';
import { defineAsset, type AssetDefinition } from '../../assets/define-asset';
import { AssetDefinitionError } from '../../core/errors';
import { RETROFILL_TABLES, retrofillRelation } from '../../db/retrofill-relations';
import { shadowSchemas } from '../../db/shadow/shadow-names';

const asset = (extra: Partial<AssetDefinition>) => defineAsset({ name: 'report', materialize: async () => {}, ...extra });

/** The problems the catalog lists for one asset, or [] when it accepts it. */
function problems(definition: Partial<AssetDefinition>): string[] {
  try {
    new AssetCatalog([asset(definition)]);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(AssetDefinitionError);
    return (error as AssetDefinitionError).problems;
  }
}

const refusal = (name: string, table: string, what: string) =>
  `asset "${name}": table ${JSON.stringify(table)} is ${what}: an asset may not name Retrofill's own tables or schemas`;

describe("an asset on Retrofill's own tables", () => {
  it.for([
    ['retrofill_ledger', 'the ledger (retrofill_ledger)'],
    ['public.retrofill_ledger', 'the ledger (retrofill_ledger)'],
    ['RETROFILL_LEDGER', 'the ledger (retrofill_ledger)'],
    ['Public.Retrofill_Ledger', 'the ledger (retrofill_ledger)'],
    ['analytics.retrofill_checkpoints', 'the staging checkpoints (retrofill_checkpoints)'],
    ['retrofill_rate_limits', 'the rate limits (retrofill_rate_limits)'],
    ['retrofill_shadows', 'the shadows (retrofill_shadows)'],
    ['retrofill_shadow_partitions', "the shadows' partitions (retrofill_shadow_partitions)"],
    ['retrofill_check_results', 'the check results (retrofill_check_results)'],
    ['retrofill_pauses', 'the pauses of backfills (retrofill_pauses)'],
    ['retrofill_migrations', 'the applied migrations (retrofill_migrations)'],
    ['retrofill_migrations_lock', 'the migration lock (retrofill_migrations_lock)'],
    ['retrofill_staging.stage_0123', 'in the schema of staged rows (retrofill_staging)'],
    ['RETROFILL_STAGING.x', 'in the schema of staged rows (retrofill_staging)'],
    [`${shadowSchemas('b').data}.report`, `in a schema of shadow backfills (${shadowSchemas('b').data})`],
    [`${shadowSchemas('b').read}.report`, `in a schema of shadow backfills (${shadowSchemas('b').read})`],
    [`${shadowSchemas('b').replaced}.report`, `in a schema of shadow backfills (${shadowSchemas('b').replaced})`],
  ])('refuses table %s, naming it', ([table, what]) => {
    expect(problems({ table })).toEqual([refusal('report', table!, what!)]);
  });

  it('refuses an asset named like one, whose table defaults to its name', () => {
    expect(problems({ name: 'retrofill_ledger' })).toEqual([refusal('retrofill_ledger', 'retrofill_ledger', 'the ledger (retrofill_ledger)')]);
  });

  it('accepts tables that only look alike', () => {
    for (const table of ['retrofill_stats', 'analytics.ledger', 'retrofill.events', 'reports.retrofill_shadow', 'constructor', 'public.__proto__']) {
      expect(problems({ table }), table).toEqual([]);
    }
  });
});

describe('the list of Retrofill tables', () => {
  const MIGRATIONS = resolve(__dirname, '../../db/migrations');
  const sources = readdirSync(MIGRATIONS).map((file) => readFileSync(resolve(MIGRATIONS, file), 'utf8'));

  it('holds every table and schema the migrations create', () => {
    const tables = sources.flatMap((s) => [...s.matchAll(/createTable\('([a-z_]+)'|CREATE TABLE (?:IF NOT EXISTS )?([a-z_]+)/g)].map((m) => m[1] ?? m[2]!));
    const schemas = sources.flatMap((s) => [...s.matchAll(/CREATE SCHEMA (?:IF NOT EXISTS )?([a-z_]+)/g)].map((m) => m[1]!));
    expect(tables.length).toBeGreaterThan(5);
    expect(schemas).toEqual(['retrofill_staging']);
    for (const table of tables) expect(RETROFILL_TABLES.has(table), table).toBe(true);
    for (const schema of schemas) expect(retrofillRelation(`${schema}.anything`), schema).toBeDefined();
  });
});
