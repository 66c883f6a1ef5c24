import { describe, it, expect } from 'vitest';
import {
  assertValidCatalog,
  catalogProblems,
  downstreamClosure,
  findCycle,
  topologicalOrder,
} from '../../core/asset-graph';
import type { AssetSpec } from '../../core/asset-spec';
import { AssetDefinitionError } from '../../core/errors';
import type { PartitionsDef } from '../../core/partitions/partitions-def';

const DAILY: PartitionsDef = { kind: 'time', granularity: 'daily', start: '2024-01-01' };

function asset(name: string, deps: string[] = [], partitions: PartitionsDef = DAILY, dependsOnPast = false): AssetSpec {
  return { name, partitions, deps, dependsOnPast, codeVersion: 'v1' };
}

describe('topologicalOrder', () => {
  it('puts every upstream before its downstreams, whatever the declaration order', () => {
    // Declared downstream-first on purpose.
    const specs = [
      asset('report', ['daily_rev', 'customers']),
      asset('daily_rev', ['raw']),
      asset('customers', ['raw']),
      asset('raw'),
      asset('lonely'),
    ];
    const order = topologicalOrder(specs);
    expect([...order].sort()).toEqual(['customers', 'daily_rev', 'lonely', 'raw', 'report']);
    for (const spec of specs) {
      for (const dep of spec.deps) {
        expect(order.indexOf(dep), `${dep} before ${spec.name}`).toBeLessThan(order.indexOf(spec.name));
      }
    }
  });

  it('keeps declaration order between independent assets', () => {
    expect(topologicalOrder([asset('c'), asset('a'), asset('b')])).toEqual(['c', 'a', 'b']);
    expect(topologicalOrder([asset('b', ['a']), asset('a')])).toEqual(['a', 'b']);
  });
});

describe('findCycle', () => {
  it('returns the path of a cycle back to its first asset', () => {
    const specs = [asset('a', ['b']), asset('b', ['c']), asset('c', ['a'])];
    expect(findCycle(specs)).toEqual(['a', 'b', 'c', 'a']);
  });

  it('finds a cycle hanging below an acyclic part', () => {
    const cycle = findCycle([asset('top', ['x']), asset('x', ['y']), asset('y', ['x'])]);
    expect(cycle).toEqual(['x', 'y', 'x']);
  });

  it('returns undefined for a DAG with a diamond', () => {
    expect(findCycle([asset('a'), asset('b', ['a']), asset('c', ['a']), asset('d', ['b', 'c'])])).toBeUndefined();
  });
});

describe('catalogProblems', () => {
  it('is empty for a valid catalog', () => {
    const specs = [
      asset('raw'),
      asset('monthly', ['raw'], { kind: 'time', granularity: 'monthly', start: '2024-01' }),
      asset('regions', [], { kind: 'static', keys: ['eu', 'us'] }),
      asset('dim', ['raw', 'regions'], { kind: 'unpartitioned' }),
    ];
    expect(catalogProblems(specs)).toEqual([]);
    expect(() => assertValidCatalog(specs)).not.toThrow();
  });

  it('names every asset of a cycle', () => {
    const problems = catalogProblems([asset('a', ['b']), asset('b', ['c']), asset('c', ['a'])]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('a -> b -> c -> a');
  });

  it('names the asset and the unknown dependency', () => {
    const problems = catalogProblems([asset('raw'), asset('rev', ['raw', 'ghost'])]);
    expect(problems).toEqual([expect.stringMatching(/"rev".*unknown asset "ghost"/)]);
  });

  it('names a duplicate asset', () => {
    expect(catalogProblems([asset('raw'), asset('raw')])).toEqual(['duplicate asset name "raw"']);
  });

  it.each(['Raw', '1raw', 'raw-data', '', 'a'.repeat(64)])('rejects the asset name %j', (name) => {
    const problems = catalogProblems([asset(name)]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`asset name ${JSON.stringify(name)}`);
  });

  it('names a self dependency', () => {
    const problems = catalogProblems([asset('cum', ['cum'])]);
    expect(problems).toEqual([expect.stringContaining('"cum" depends on itself')]);
  });

  it.each([
    ['daily_bad', { kind: 'time', granularity: 'daily', start: '2024-13-01' }, 'invalid partition start "2024-13-01"'],
    ['monthly_mid', { kind: 'time', granularity: 'monthly', start: '2024-01-15' }, 'monthly partitions must start on a partition boundary'],
    ['garbage', { kind: 'time', granularity: 'daily', start: 'yesterday' }, 'invalid partition start "yesterday"'],
    ['hourly_half', { kind: 'time', granularity: 'daily', start: '2024-01-01T05' }, 'daily partitions must start on a partition boundary'],
    ['backwards', { kind: 'time', granularity: 'daily', start: '2024-02-01', end: '2024-01-01' }, 'is not after start'],
    ['no_keys', { kind: 'static', keys: [] }, 'at least one key'],
    ['dup_keys', { kind: 'static', keys: ['eu', 'eu'] }, '"eu" is listed twice'],
    ['bad_key', { kind: 'static', keys: ['eu west'] }, 'static partition key "eu west"'],
  ] as Array<[string, PartitionsDef, string]>)('names asset %s with an invalid partitioning', (name, partitions, text) => {
    const problems = catalogProblems([asset(name, [], partitions)]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`asset "${name}"`);
    expect(problems[0]).toContain(text);
  });

  it('rejects dependsOnPast on an unpartitioned asset', () => {
    const problems = catalogProblems([asset('snap', [], { kind: 'unpartitioned' }, true)]);
    expect(problems).toEqual([expect.stringContaining('asset "snap": dependsOnPast')]);
  });

  it('reports every problem at once', () => {
    expect(catalogProblems([asset('Bad'), asset('x', ['nope']), asset('x')])).toHaveLength(3);
  });
});

describe('assertValidCatalog', () => {
  it('throws an AssetDefinitionError listing the problems', () => {
    const specs = [asset('a', ['b']), asset('b', ['a']), asset('c', ['missing'])];
    let caught: unknown;
    try {
      assertValidCatalog(specs);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AssetDefinitionError);
    const error = caught as AssetDefinitionError;
    expect(error.type).toBe('AssetDefinitionError');
    expect(error.problems).toHaveLength(2);
    expect(error.message).toContain('a -> b -> a');
    expect(error.message).toContain('unknown asset "missing"');
  });
});

describe('downstreamClosure', () => {
  it('holds the roots and everything that reads them, transitively', () => {
    const specs = [asset('d', ['c']), asset('a'), asset('b', ['a']), asset('c', ['b']), asset('other')];
    expect([...downstreamClosure(specs, ['b'])].sort()).toEqual(['b', 'c', 'd']);
    expect([...downstreamClosure(specs, ['other'])]).toEqual(['other']);
  });
});
