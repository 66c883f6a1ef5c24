import { describe, it, expect } from 'vitest';
import { AssetCatalog } from '../../assets/asset-catalog';
import { defineAsset, type AssetDefinition } from '../../assets/define-asset';
import { catalogProblems } from '../../core/asset-graph';
import type { AssetSpec } from '../../core/asset-spec';
import { AssetDefinitionError } from '../../core/errors';
import type { PartitionsDef } from '../../core/partitions/partitions-def';

const DAILY: PartitionsDef = { kind: 'time', granularity: 'daily', start: '2024-01-01' };
const MONTHLY: PartitionsDef = { kind: 'time', granularity: 'monthly', start: '2024-01' };
const REGIONS: PartitionsDef = { kind: 'static', keys: ['us', 'eu'] };

const define = (name: string, partitions: PartitionsDef, deps: AssetDefinition['deps'] = []) =>
  defineAsset({ name, partitions, partitionColumn: 'k', deps, materialize: async () => {} });

function spec(name: string, partitions: PartitionsDef, deps: string[], mappings?: Record<string, unknown>): AssetSpec {
  return { name, partitions, deps, dependsOnPast: false, codeVersion: '1', ...(mappings && { mappings: mappings as AssetSpec['mappings'] }) };
}

function catalogError(assets: ReturnType<typeof define>[]): AssetDefinitionError {
  try {
    new AssetCatalog(assets);
  } catch (error) {
    expect(error).toBeInstanceOf(AssetDefinitionError);
    return error as AssetDefinitionError;
  }
  throw new Error('catalog accepted');
}

describe('defineAsset deps with mappings', () => {
  it('keeps deps as names and puts declared mappings in mappings', () => {
    const rev = define('rev', DAILY, ['dim', { asset: 'raw', mapping: { kind: 'timeWindow', offset: -1 } }]);
    expect(rev.deps).toEqual(['dim', 'raw']);
    expect(rev.mappings).toEqual({ raw: { kind: 'timeWindow', offset: -1 } });
  });

  it('carries mappings into specs only where declared, leaving other specs as they were', () => {
    const catalog = new AssetCatalog([
      define('raw', DAILY),
      define('plain', DAILY, ['raw']),
      define('lagged', DAILY, [{ asset: 'raw', mapping: { kind: 'timeWindow', offset: -1 } }]),
    ]);
    const [, plain, lagged] = catalog.specs();
    expect(plain).toEqual({ name: 'plain', partitions: DAILY, deps: ['raw'], dependsOnPast: false, codeVersion: '1', batching: { budgetMs: 1000, maxPartitions: 500 } });
    expect(Object.keys(plain!)).not.toContain('mappings');
    expect(lagged!.mappings).toEqual({ raw: { kind: 'timeWindow', offset: -1 } });
  });
});

describe('mapping validation', () => {
  it('timeWindow needs both assets time-partitioned', () => {
    const error = catalogError([define('src', REGIONS), define('agg', DAILY, [{ asset: 'src', mapping: { kind: 'timeWindow' } }])]);
    expect(error.problems).toEqual([
      'asset "agg": mapping for dependency "src": timeWindow needs both assets time-partitioned, but "src" is static',
    ]);
  });

  it('identity needs both static or the same partitioning', () => {
    const error = catalogError([define('raw', DAILY), define('rev', MONTHLY, [{ asset: 'raw', mapping: { kind: 'identity' } }])]);
    expect(error.problems).toEqual([
      'asset "rev": mapping for dependency "raw": identity needs both assets static or with the same partitioning (they are monthly from 2024-01 and daily from 2024-01-01)',
    ]);
    expect(() => new AssetCatalog([define('a', REGIONS), define('b', { kind: 'static', keys: ['us'] }, [{ asset: 'a', mapping: { kind: 'identity' } }])])).not.toThrow();
    expect(() => new AssetCatalog([define('a', DAILY), define('b', DAILY, [{ asset: 'a', mapping: { kind: 'identity' } }])])).not.toThrow();
  });

  it('offset must be a whole number within 10000', () => {
    const withOffset = (offset: number) =>
      catalogError([define('raw', DAILY), define('rev', DAILY, [{ asset: 'raw', mapping: { kind: 'timeWindow', offset } }])]).problems;
    expect(withOffset(1.5)).toEqual(['asset "rev": mapping for dependency "raw": offset must be a whole number from -10000 to 10000, got 1.5']);
    expect(withOffset(-10_001)[0]).toContain('got -10001');
    expect(withOffset(Number.NaN)[0]).toContain('got NaN');
    expect(() => new AssetCatalog([define('raw', DAILY), define('rev', DAILY, [{ asset: 'raw', mapping: { kind: 'timeWindow', offset: -10_000 } }])])).not.toThrow();
  });

  it('a mapping must belong to a dependency', () => {
    const problems = catalogProblems([spec('raw', DAILY, []), spec('rev', DAILY, [], { raw: { kind: 'all' } })]);
    expect(problems).toEqual(['asset "rev" has a mapping for "raw", which is not one of its deps']);
  });

  it('names an unknown kind, and an offset on a kind without one', () => {
    const problems = catalogProblems([
      spec('raw', DAILY, []),
      spec('rev', DAILY, ['raw'], { raw: { kind: 'shifted' } }),
      spec('all_rev', DAILY, ['raw'], { raw: { kind: 'all', offset: -1 } }),
    ]);
    expect(problems).toEqual([
      'asset "rev": mapping for dependency "raw" has unknown kind "shifted" (expected identity, timeWindow, all)',
      'asset "all_rev": mapping for dependency "raw": only a timeWindow mapping takes an offset, not all',
    ]);
  });

  it('reports a dependency listed twice, whose mapping would be ambiguous', () => {
    const error = catalogError([define('raw', DAILY), define('rev', DAILY, ['raw', { asset: 'raw', mapping: { kind: 'all' } }])]);
    expect(error.problems).toEqual(['asset "rev" lists dependency "raw" more than once']);
  });
});
