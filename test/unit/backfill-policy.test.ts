import { describe, it, expect } from 'vitest';
import { AssetCatalog } from '../../assets/asset-catalog';
import { dailyPartitions } from '../../assets/partitions';
import { defineAsset, type AssetDefinition } from '../../assets/define-asset';
import { AssetDefinitionError } from '../../core/errors';

const daily = (name: string, extra: Partial<AssetDefinition> = {}) =>
  defineAsset({ name, partitions: dailyPartitions({ start: '2024-01-01' }), partitionColumn: 'day', materialize: async () => {}, ...extra });

function problems(definition: Partial<AssetDefinition>): string[] {
  try {
    new AssetCatalog([daily('events', definition)]);
  } catch (error) {
    expect(error).toBeInstanceOf(AssetDefinitionError);
    return (error as AssetDefinitionError).problems;
  }
  throw new Error('the catalog accepted it');
}

describe('backfillPolicy', () => {
  it('defaults to perPartition, and leaves the specs of such assets exactly as before', () => {
    const catalog = new AssetCatalog([daily('events'), daily('explicit', { backfillPolicy: { kind: 'perPartition' } })]);
    expect(catalog.get('events').backfillPolicy).toEqual({ kind: 'perPartition' });
    // The JSON recorded workflow histories hold: no backfillPolicy field at all.
    const json = JSON.stringify(catalog.specs());
    expect(json).toBe(
      '[{"name":"events","partitions":{"kind":"time","granularity":"daily","start":"2024-01-01"},"deps":[],"dependsOnPast":false,"codeVersion":"1"},' +
        '{"name":"explicit","partitions":{"kind":"time","granularity":"daily","start":"2024-01-01"},"deps":[],"dependsOnPast":false,"codeVersion":"1"}]',
    );
  });

  it('carries a singleRun policy into the asset spec', () => {
    const catalog = new AssetCatalog([daily('events', { backfillPolicy: { kind: 'singleRun', maxPartitionsPerRun: 31 } })]);
    expect(catalog.specs()[0]!.backfillPolicy).toEqual({ kind: 'singleRun', maxPartitionsPerRun: 31 });
  });

  it.each([0, -3, 1.5, 10_001, Number.NaN])('rejects maxPartitionsPerRun %s, naming the asset', (max) => {
    expect(problems({ backfillPolicy: { kind: 'singleRun', maxPartitionsPerRun: max } })).toEqual([
      `asset "events": backfillPolicy.maxPartitionsPerRun must be a whole number from 1 to 10000, got ${JSON.stringify(max)}`,
    ]);
  });

  it('accepts the bounds 1 and 10000', () => {
    for (const max of [1, 10_000]) expect(() => new AssetCatalog([daily('events', { backfillPolicy: { kind: 'singleRun', maxPartitionsPerRun: max } })])).not.toThrow();
  });

  it('rejects an unknown kind and a singleRun unpartitioned asset', () => {
    expect(problems({ backfillPolicy: { kind: 'batched' } as never })[0]).toMatch(/^asset "events": backfillPolicy must be \{ kind: 'perPartition' \} or/);
    expect(() =>
      new AssetCatalog([defineAsset({ name: 'dim', materialize: async () => {}, backfillPolicy: { kind: 'singleRun', maxPartitionsPerRun: 5 } })]),
    ).toThrow('asset "dim": backfillPolicy singleRun needs a partitioned asset');
  });
});
