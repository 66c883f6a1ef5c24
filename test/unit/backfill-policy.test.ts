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
  it('defaults to adaptive batches; an explicit perPartition leaves the spec exactly as recorded histories hold it', () => {
    const catalog = new AssetCatalog([daily('events'), daily('explicit', { backfillPolicy: { kind: 'perPartition' } })]);
    expect(catalog.get('events').backfillPolicy).toEqual({ kind: 'adaptive' });
    const json = JSON.stringify(catalog.specs());
    expect(json).toBe(
      '[{"name":"events","partitions":{"kind":"time","granularity":"daily","start":"2024-01-01"},"deps":[],"dependsOnPast":false,"codeVersion":"1","batching":{"budgetMs":1000,"maxPartitions":500}},' +
        '{"name":"explicit","partitions":{"kind":"time","granularity":"daily","start":"2024-01-01"},"deps":[],"dependsOnPast":false,"codeVersion":"1"}]',
    );
  });

  it('carries an adaptive policy\'s budget and batch size into the spec, and batches neither a rate-limited nor an unpartitioned asset', () => {
    const catalog = new AssetCatalog([
      daily('tuned', { backfillPolicy: { kind: 'adaptive', budgetMs: 250, maxPartitionsPerBatch: 20 } }),
      daily('paced', { rateLimit: { key: 'api', perSecond: 5 } }),
      defineAsset({ name: 'whole', materialize: async () => {} }),
    ]);
    const [tuned, paced, whole] = catalog.specs();
    expect(tuned!.batching).toEqual({ budgetMs: 250, maxPartitions: 20 });
    expect(paced!.batching).toBeUndefined();
    expect(whole!.batching).toBeUndefined();
  });

  it.each([
    [{ budgetMs: 50 }, 'backfillPolicy.budgetMs must be a whole number from 100 to 10000, got 50'],
    [{ budgetMs: 1.5e4 }, 'backfillPolicy.budgetMs must be a whole number from 100 to 10000, got 15000'],
    [{ maxPartitionsPerBatch: 0 }, 'backfillPolicy.maxPartitionsPerBatch must be a whole number from 1 to 1000, got 0'],
    [{ maxPartitionsPerBatch: 2.5 }, 'backfillPolicy.maxPartitionsPerBatch must be a whole number from 1 to 1000, got 2.5'],
    [{ batch: 3 }, 'backfillPolicy adaptive takes budgetMs and maxPartitionsPerBatch, not "batch"'],
  ])('rejects an adaptive policy with %j, naming the asset and the field', (fields, message) => {
    expect(problems({ backfillPolicy: { kind: 'adaptive', ...fields } })).toEqual([`asset "events": ${message}`]);
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
    expect(problems({ backfillPolicy: { kind: 'batched' } as never })[0]).toMatch(/^asset "events": backfillPolicy must be \{ kind: 'adaptive' \}, \{ kind: 'perPartition' \} or \{ kind: 'singleRun', maxPartitionsPerRun \}, got \{"kind":"batched"\}$/);
    expect(() =>
      new AssetCatalog([defineAsset({ name: 'dim', materialize: async () => {}, backfillPolicy: { kind: 'singleRun', maxPartitionsPerRun: 5 } })]),
    ).toThrow('asset "dim": backfillPolicy singleRun needs a partitioned asset');
  });
});
