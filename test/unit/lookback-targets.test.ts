/** A request's lookback: the last N complete partitions of each targeted asset, at the backfill's clock. */
import { describe, expect, it } from 'vitest';
import type { AssetSpec } from '../../core/asset-spec';
import { parseBackfillRequest, type BackfillRequestInput } from '../../core/backfill-request';
import type { PartitionsDef } from '../../core/partitions/partitions-def';
import { planTargets } from '../../core/plan/plan-targets';

const spec = (name: string, partitions: PartitionsDef, deps: string[] = [], dependsOnPast = false): AssetSpec => ({ name, partitions, deps, dependsOnPast, codeVersion: '1' });
const MINUTES: PartitionsDef = { kind: 'time', granularity: 'minutely', every: 5, start: '2024-01-01T00:00' };
const HOURLY: PartitionsDef = { kind: 'time', granularity: 'hourly', start: '2024-01-01' };
const DAILY: PartitionsDef = { kind: 'time', granularity: 'daily', start: '2024-01-01' };
const REGIONS: PartitionsDef = { kind: 'static', keys: ['eu', 'us'] };
// 2024-03-01 05:17:42 UTC: the 5-minute partition 05:15 is still filling.
const NOW = Date.UTC(2024, 2, 1, 5, 17, 42);
const targets = (specs: AssetSpec[], input: BackfillRequestInput) => Object.fromEntries(planTargets(specs, parseBackfillRequest(input), NOW));

describe('a lookback', () => {
  it('targets the last N complete partitions of each asset', () => {
    expect(targets([spec('ticks', MINUTES)], { assets: ['ticks'], lookback: 3 })).toEqual({ ticks: ['2024-03-01T05:00', '2024-03-01T05:05', '2024-03-01T05:10'] });
    expect(targets([spec('days', DAILY)], { assets: ['days'], lookback: 2 })).toEqual({ days: ['2024-02-28', '2024-02-29'] });
  });

  it('stops at the first partition, and covers every static partition', () => {
    const young: PartitionsDef = { kind: 'time', granularity: 'hourly', start: '2024-03-01T03' };
    expect(targets([spec('young', young)], { assets: ['young'], lookback: 10 })).toEqual({ young: ['2024-03-01T03', '2024-03-01T04'] });
    expect(targets([spec('regions', REGIONS)], { assets: ['regions'], lookback: 1 })).toEqual({ regions: ['eu', 'us'] });
  });

  it('takes downstream partitions that read the targeted ones, within their own last N', () => {
    const specs = [spec('ticks', MINUTES), spec('hours', HOURLY, ['ticks'])];
    // The last 12 five-minute partitions end at 05:15; only hour 04 is complete among the hours they feed.
    expect(targets(specs, { assets: ['ticks'], lookback: 12, downstream: true })).toEqual({
      ticks: ['2024-03-01T04:15', '2024-03-01T04:20', '2024-03-01T04:25', '2024-03-01T04:30', '2024-03-01T04:35', '2024-03-01T04:40', '2024-03-01T04:45', '2024-03-01T04:50', '2024-03-01T04:55', '2024-03-01T05:00', '2024-03-01T05:05', '2024-03-01T05:10'],
      hours: ['2024-03-01T04'],
    });
  });

  it('is refused beside a range or partitions', () => {
    expect(() => parseBackfillRequest({ assets: ['a'], lookback: 3, from: '2024-01-01', to: '2024-01-02' })).toThrow('give lookback, from/to or partitions, only one of them');
    expect(() => parseBackfillRequest({ assets: ['a'], lookback: 3, partitions: ['eu'] })).toThrow('give lookback, from/to or partitions, only one of them');
  });
});
