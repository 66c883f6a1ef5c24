import { describe, it, expect } from 'vitest';
import type { PartitionMappingSpec } from '../../core/mappings/mapping-spec';
import { downstreamPartitions, upstreamPartitions } from '../../core/mappings/partition-mapping';
import type { PartitionsDef } from '../../core/partitions/partitions-def';

const NOW = Date.UTC(2025, 0, 1);
const hourly: PartitionsDef = { kind: 'time', granularity: 'hourly', start: '2024-01-01' };
const daily: PartitionsDef = { kind: 'time', granularity: 'daily', start: '2024-01-01' };
const monthly: PartitionsDef = { kind: 'time', granularity: 'monthly', start: '2024-01' };
const previous: PartitionMappingSpec = { kind: 'timeWindow', offset: -1 };

const keys = (n: number, f: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => f(i));
const pad = (n: number): string => String(n).padStart(2, '0');

describe('previous day, daily -> daily', () => {
  it('reads the day before', () => {
    expect(upstreamPartitions(daily, '2024-03-02', daily, NOW, previous)).toEqual({ all: false, keys: ['2024-03-01'] });
    expect(upstreamPartitions(daily, '2024-03-01', daily, NOW, previous)).toEqual({ all: false, keys: ['2024-02-29'] });
  });

  it('reads nothing on the first day', () => {
    expect(upstreamPartitions(daily, '2024-01-01', daily, NOW, previous)).toEqual({ all: false, keys: [] });
  });

  it('reads an upstream day before the downstream\'s own start', () => {
    const earlier: PartitionsDef = { kind: 'time', granularity: 'daily', start: '2023-06-01' };
    expect(upstreamPartitions(daily, '2024-01-01', earlier, NOW, previous)).toEqual({ all: false, keys: ['2023-12-31'] });
  });

  it('a day is read by the next day, and the last complete day by no one yet', () => {
    expect(downstreamPartitions(daily, '2024-02-29', daily, NOW, previous)).toEqual({ all: false, keys: ['2024-03-01'] });
    expect(downstreamPartitions(daily, '2024-12-31', daily, NOW, previous)).toEqual({ all: false, keys: [] });
  });

  it('a key outside the upstream\'s partitions has no readers, as no reader ever reads it', () => {
    const lateStart: PartitionsDef = { kind: 'time', granularity: 'daily', start: '2024-01-20' };
    expect(downstreamPartitions(lateStart, '2024-01-10', daily, NOW, previous)).toEqual({ all: false, keys: [] });
    expect(upstreamPartitions(daily, '2024-01-11', lateStart, NOW, previous)).toEqual({ all: false, keys: [] });
  });

  it('a next-day mapping reads nothing that is not complete at now', () => {
    const next: PartitionMappingSpec = { kind: 'timeWindow', offset: 1 };
    expect(upstreamPartitions(daily, '2024-12-30', daily, NOW, next)).toEqual({ all: false, keys: ['2024-12-31'] });
    expect(upstreamPartitions(daily, '2024-12-31', daily, NOW, next)).toEqual({ all: false, keys: [] });
  });
});

describe('previous month, daily -> monthly', () => {
  it('a month reads every day of the month before', () => {
    expect(upstreamPartitions(monthly, '2024-03', daily, NOW, previous)).toEqual({
      all: false,
      keys: keys(29, (i) => `2024-02-${pad(i + 1)}`),
    });
    expect(upstreamPartitions(monthly, '2024-01', daily, NOW, previous)).toEqual({ all: false, keys: [] });
  });

  it('a day is read by the month after its own, once that month is complete', () => {
    expect(downstreamPartitions(daily, '2024-01-31', monthly, NOW, previous)).toEqual({ all: false, keys: ['2024-02'] });
    expect(downstreamPartitions(daily, '2024-12-05', monthly, NOW, previous)).toEqual({ all: false, keys: [] });
  });
});

describe('across hours and days', () => {
  it('a day reads the 24 hours of the day before', () => {
    expect(upstreamPartitions(daily, '2024-03-10', hourly, NOW, previous)).toEqual({
      all: false,
      keys: keys(24, (h) => `2024-03-09T${pad(h)}`),
    });
    expect(downstreamPartitions(hourly, '2024-03-09T23', daily, NOW, previous)).toEqual({ all: false, keys: ['2024-03-10'] });
  });

  it('an offset on an hourly reader counts hours, not days', () => {
    expect(upstreamPartitions(hourly, '2024-03-10T00', daily, NOW, previous)).toEqual({ all: false, keys: ['2024-03-09'] });
    expect(upstreamPartitions(hourly, '2024-03-10T01', daily, NOW, previous)).toEqual({ all: false, keys: ['2024-03-10'] });
    expect(downstreamPartitions(daily, '2024-03-09', hourly, NOW, previous)).toEqual({
      all: false,
      keys: [...keys(23, (h) => `2024-03-09T${pad(h + 1)}`), '2024-03-10T00'],
    });
  });
});
