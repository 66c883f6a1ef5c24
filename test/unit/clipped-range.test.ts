/** A range starting before an asset's first partition is clipped, and the plan and summary say so. */
import { describe, expect, it } from 'vitest';
import { formatSummary } from '../../cli/views/format-summary';
import { formatPlan } from '../../cli/views/plan-view';
import type { PartitionsDef } from '../../core/partitions/partitions-def';
import type { BackfillSummary } from '../../core/run/backfill-summary';
import { assetSpec } from '../helpers/asset-specs';
import { MemoryLedger } from '../helpers/memory-ledger';
import { planInMemory } from '../helpers/plan-pipeline';

const NOW = Date.UTC(2024, 4, 1);
const DAILY: PartitionsDef = { kind: 'time', granularity: 'daily', start: '2024-01-01' };
const catalog = [assetSpec('raw', DAILY), assetSpec('late', { ...DAILY, start: '2024-03-01' }, ['raw']), assetSpec('regions', { kind: 'unpartitioned' })];

describe('a range starting before the first partition', () => {
  it('names each clipped asset and where it starts, in the plan', () => {
    const { report } = planInMemory(catalog, new MemoryLedger(catalog, NOW), { assets: ['raw', 'regions'], from: '2023-12-01', to: '2024-03-31', downstream: true }, NOW);
    expect(report.clipped).toEqual([
      { asset: 'raw', firstPartition: '2024-01-01' },
      { asset: 'late', firstPartition: '2024-03-01' },
    ]);
    expect(formatPlan(report).split('\n')[1]).toBe('Range clipped: raw starts at 2024-01-01, late starts at 2024-03-01 (the range asked starts at 2023-12-01)');
  });

  it('says nothing when the range starts within every asset', () => {
    const { report } = planInMemory(catalog, new MemoryLedger(catalog, NOW), { assets: ['raw'], from: '2024-01-01', to: '2024-01-31' }, NOW);
    expect(report.clipped).toBeUndefined();
    expect(formatPlan(report)).not.toContain('Range clipped');
  });

  it('is said in the summary too', () => {
    const summary: BackfillSummary = {
      backfillId: 'bf',
      outcome: 'completed',
      total: 1,
      succeeded: 1,
      failed: 0,
      skipped: 0,
      cancelled: 0,
      pending: 0,
      assets: [],
      clipped: [{ asset: 'raw', firstPartition: '2024-01-01' }],
      from: '2023',
    };
    expect(formatSummary(summary).split('\n')).toContain('Range clipped: raw starts at 2024-01-01 (the range asked starts at 2023)');
  });
});
