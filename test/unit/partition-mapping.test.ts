import { describe, it, expect } from 'vitest';
import { downstreamPartitions, mappingKind, upstreamPartitions } from '../../core/mappings/partition-mapping';
import type { PartitionsDef } from '../../core/partitions/partitions-def';

const NOW = Date.UTC(2025, 0, 1);
const hourly: PartitionsDef = { kind: 'time', granularity: 'hourly', start: '2024-01-01' };
const daily: PartitionsDef = { kind: 'time', granularity: 'daily', start: '2024-01-01' };
const monthly: PartitionsDef = { kind: 'time', granularity: 'monthly', start: '2024-01' };
const regions: PartitionsDef = { kind: 'static', keys: ['us', 'eu'] };
const whole: PartitionsDef = { kind: 'unpartitioned' };

const keys = (n: number, f: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => f(i));
const pad = (n: number): string => String(n).padStart(2, '0');

describe('mappingKind', () => {
  it('chooses the mapping from the two partitionings', () => {
    expect(mappingKind(daily, monthly)).toBe('timeWindow');
    expect(mappingKind(hourly, daily)).toBe('timeWindow');
    expect(mappingKind(regions, regions)).toBe('identity');
    expect(mappingKind(daily, whole)).toBe('all');
    expect(mappingKind(whole, daily)).toBe('all');
    expect(mappingKind(regions, daily)).toBe('all');
  });
});

describe('daily <-> monthly', () => {
  it('a monthly partition reads every daily partition of its month', () => {
    expect(upstreamPartitions(monthly, '2024-02', daily, NOW)).toEqual({
      all: false,
      keys: keys(29, (i) => `2024-02-${pad(i + 1)}`),
    });
  });

  it('a daily partition is read by the monthly partition of its month', () => {
    expect(downstreamPartitions(daily, '2024-02-29', monthly, NOW)).toEqual({ all: false, keys: ['2024-02'] });
    expect(downstreamPartitions(daily, '2024-12-31', monthly, NOW)).toEqual({ all: false, keys: ['2024-12'] });
  });

  it('a daily partition reads the monthly partition holding it', () => {
    expect(upstreamPartitions(daily, '2024-03-01', monthly, NOW)).toEqual({ all: false, keys: ['2024-03'] });
  });

  it('a monthly partition is read by each of its days downstream', () => {
    expect(downstreamPartitions(monthly, '2024-04', daily, NOW)).toEqual({
      all: false,
      keys: keys(30, (i) => `2024-04-${pad(i + 1)}`),
    });
  });

  it('reads only partitions that exist: none before the start, none incomplete at now', () => {
    const lateStart: PartitionsDef = { kind: 'time', granularity: 'daily', start: '2024-01-20' };
    expect(upstreamPartitions(monthly, '2024-01', lateStart, NOW)).toEqual({
      all: false,
      keys: keys(12, (i) => `2024-01-${i + 20}`),
    });
    const midMonth = Date.UTC(2024, 5, 4, 12);
    expect(upstreamPartitions(monthly, '2024-06', daily, midMonth)).toEqual({
      all: false,
      keys: ['2024-06-01', '2024-06-02', '2024-06-03'],
    });
  });
});

describe('hourly -> daily', () => {
  it('a daily partition reads its 24 hours', () => {
    expect(upstreamPartitions(daily, '2024-03-10', hourly, NOW)).toEqual({
      all: false,
      keys: keys(24, (h) => `2024-03-10T${pad(h)}`),
    });
  });

  it('an hourly partition is read by the day holding it', () => {
    expect(downstreamPartitions(hourly, '2024-03-10T23', daily, NOW)).toEqual({ all: false, keys: ['2024-03-10'] });
    expect(downstreamPartitions(hourly, '2024-03-11T00', daily, NOW)).toEqual({ all: false, keys: ['2024-03-11'] });
  });

  it('same granularity maps a key to itself', () => {
    expect(upstreamPartitions(daily, '2024-07-04', daily, NOW)).toEqual({ all: false, keys: ['2024-07-04'] });
  });
});

describe('static identity', () => {
  it('maps a key to the same key both ways', () => {
    expect(upstreamPartitions(regions, 'eu', regions, NOW)).toEqual({ all: false, keys: ['eu'] });
    expect(downstreamPartitions(regions, 'us', regions, NOW)).toEqual({ all: false, keys: ['us'] });
  });

  it('keeps a key the other side lacks, so it is reported rather than dropped', () => {
    const fewer: PartitionsDef = { kind: 'static', keys: ['us'] };
    expect(upstreamPartitions(regions, 'eu', fewer, NOW)).toEqual({ all: false, keys: ['eu'] });
  });
});

describe('time <-> unpartitioned, and other mixes', () => {
  it('an unpartitioned asset reads every partition of a time upstream', () => {
    expect(upstreamPartitions(whole, 'all', daily, NOW)).toEqual({ all: true });
  });

  it('a time partition is read by the single unpartitioned partition', () => {
    expect(downstreamPartitions(daily, '2024-05-05', whole, NOW)).toEqual({ all: false, keys: ['all'] });
  });

  it('every time partition reads the unpartitioned upstream', () => {
    expect(upstreamPartitions(daily, '2024-05-05', whole, NOW)).toEqual({ all: false, keys: ['all'] });
  });

  it('the unpartitioned asset is read by every time partition downstream', () => {
    expect(downstreamPartitions(whole, 'all', hourly, NOW)).toEqual({ all: true });
  });

  it('static and time partitionings read each other entirely', () => {
    expect(upstreamPartitions(daily, '2024-05-05', regions, NOW)).toEqual({ all: true });
    expect(downstreamPartitions(daily, '2024-05-05', regions, NOW)).toEqual({ all: true });
    expect(upstreamPartitions(regions, 'us', whole, NOW)).toEqual({ all: false, keys: ['all'] });
  });
});
