import { describe, it, expect } from 'vitest';
import { defineAsset } from '../../assets/define-asset';
import { inputPartitions, mappingBetween, readersOf } from '../../core/mappings/asset-inputs';
import type { PartitionsDef } from '../../core/partitions/partitions-def';

const NOW = Date.UTC(2025, 0, 1);
const DAILY: PartitionsDef = { kind: 'time', granularity: 'daily', start: '2024-01-01' };
const define = (name: string, deps: Parameters<typeof defineAsset>[0]['deps'] = []) =>
  defineAsset({ name, partitions: DAILY, partitionColumn: 'day', deps, materialize: async () => {} });

// The upstream check reads through declared `Asset`s rather than specs: both must work.
describe('inputPartitions and readersOf on declared assets', () => {
  const raw = define('raw');
  const dim = define('dim');
  const lagged = define('lagged', ['dim', { asset: 'raw', mapping: { kind: 'timeWindow', offset: -1 } }]);

  it('use the declared mapping where there is one, the implied one elsewhere', () => {
    expect(mappingBetween(lagged, raw)).toEqual({ kind: 'timeWindow', offset: -1 });
    expect(mappingBetween(lagged, dim)).toEqual({ kind: 'timeWindow' });
    expect(inputPartitions(lagged, '2024-05-02', raw, NOW)).toEqual({ all: false, keys: ['2024-05-01'] });
    expect(inputPartitions(lagged, '2024-05-02', dim, NOW)).toEqual({ all: false, keys: ['2024-05-02'] });
  });

  it('find the readers of an upstream partition through the same mapping', () => {
    expect(readersOf(raw, '2024-05-01', lagged, NOW)).toEqual({ all: false, keys: ['2024-05-02'] });
    expect(readersOf(dim, '2024-05-01', lagged, NOW)).toEqual({ all: false, keys: ['2024-05-01'] });
  });

  it('ignore an upstream named like an Object.prototype member', () => {
    const proto = { ...raw, name: 'constructor' };
    expect(mappingBetween(lagged, proto)).toEqual({ kind: 'timeWindow' });
  });
});
