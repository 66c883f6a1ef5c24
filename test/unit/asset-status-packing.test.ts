import { describe, expect, it } from 'vitest';
import { partitionKeys, type PartitionsDef } from '../../core/partitions/partitions-def';
import { packedForTemporal, unpackedAssetStatus, type AssetStatusReport } from '../../core/status/asset-status';

const NOW = Date.UTC(2026, 0, 1);

function reportOf(partitions: PartitionsDef): AssetStatusReport {
  const keys = partitionKeys(partitions, NOW);
  return { asset: 'a', codeVersion: '1', partitions, keys, statuses: keys.map((_, i) => (i % 3 === 0 ? 'm' : '-')).join(''), runs: [], running: [1] };
}

describe('the assetStatus report through Temporal', () => {
  it('leaves out the keys of a time asset, 148,000 hourly ones in a few hundred kilobytes, and gives them back', () => {
    const report = reportOf({ kind: 'time', granularity: 'hourly', start: '2009-02-01' });
    expect(report.keys.length).toBeGreaterThan(148_000);
    const packed = packedForTemporal(report);
    expect(packed.keys).toBeUndefined();
    expect(packed.firstKey).toBe('2009-02-01T00');
    expect(JSON.stringify(packed).length).toBeLessThan(400_000);
    expect(unpackedAssetStatus(JSON.parse(JSON.stringify(packed)))).toEqual(report);
  });

  it('gives back daily keys across leap days and monthly keys across years', () => {
    for (const partitions of [
      { kind: 'time', granularity: 'daily', start: '2023-12-30' },
      { kind: 'time', granularity: 'monthly', start: '2019-11' },
    ] as PartitionsDef[]) {
      const report = reportOf(partitions);
      expect(unpackedAssetStatus(packedForTemporal(report))).toEqual(report);
    }
  });

  it('keeps the keys of static and unpartitioned assets, and reads a report with keys as older workers send it', () => {
    const statics = reportOf({ kind: 'static', keys: ['eu', 'us'] });
    expect(packedForTemporal(statics)).toEqual(statics);
    const hourly = reportOf({ kind: 'time', granularity: 'hourly', start: '2025-12-31' });
    expect(unpackedAssetStatus(hourly)).toEqual(hourly);
  });
});
