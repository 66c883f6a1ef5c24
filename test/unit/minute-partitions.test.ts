/** Minute partitions with a step: keys, windows, bounds and mappings across UTC boundaries. */
import { describe, expect, it } from 'vitest';
import { minutePartitions } from '../../assets/partitions';
import { downstreamPartitions, upstreamPartitions, type PartitionSet } from '../../core/mappings/partition-mapping';
import {
  offsetPartitionKey,
  partitionKeyProblem,
  partitionKeys,
  partitionWindow,
  partitionsDefProblem,
  previousPartitionKey,
  type PartitionsDef,
} from '../../core/partitions/partitions-def';
import { cadenceName, formatKey, parseKey } from '../../core/partitions/time-granularity';
import { parseTimeSpec } from '../../core/partitions/time-spec';
import { gridRows } from '../../core/status/partition-grid-rows';

const NOW = Date.UTC(2025, 0, 1);
const iso = (ms: number) => new Date(ms).toISOString();
/** The keys of a mapped set, which for time partitions is never `all`. */
const keysOf = (set: PartitionSet): string[] => {
  if (set.all) throw new Error('expected keys, got all');
  return set.keys;
};
const every5 = minutePartitions({ start: '2024-01-01T00:00', every: 5 });
const minutely = minutePartitions({ start: '2024-01-01T00:00' });
const hourly: PartitionsDef = { kind: 'time', granularity: 'hourly', start: '2024-01-01' };
const daily: PartitionsDef = { kind: 'time', granularity: 'daily', start: '2024-01-01' };
const monthly: PartitionsDef = { kind: 'time', granularity: 'monthly', start: '2024-01' };

describe('minute keys', () => {
  it('are YYYY-MM-DDTHH:MM on the step, from the start of the hour', () => {
    expect(formatKey(every5, Date.UTC(2024, 2, 1, 5, 7, 30))).toBe('2024-03-01T05:05');
    expect(formatKey({ granularity: 'minutely', every: 15 }, Date.UTC(2024, 2, 1, 5, 59))).toBe('2024-03-01T05:45');
    expect(formatKey('minutely', Date.UTC(2024, 2, 1, 23, 59, 59))).toBe('2024-03-01T23:59');
    expect(parseKey(every5, '2024-03-01T05:05')).toBe(Date.UTC(2024, 2, 1, 5, 5));
  });

  it('refuse a minute off the step, an impossible time or date, and other shapes', () => {
    expect(parseKey(every5, '2024-03-01T05:07')).toBeUndefined();
    expect(parseKey(every5, '2024-03-01T05:60')).toBeUndefined();
    expect(parseKey(every5, '2024-03-01T24:00')).toBeUndefined();
    expect(parseKey(every5, '2023-02-29T00:00')).toBeUndefined();
    expect(parseKey(every5, '2024-03-01T05')).toBeUndefined();
    expect(parseKey('hourly', '2024-03-01T05:00')).toBeUndefined();
    expect(partitionKeyProblem(every5, '2024-03-01T05:07', NOW)).toBe('"2024-03-01T05:07" is not a 5-minute partition key (e.g. 2024-03-01T05:05)');
  });

  it('cover half-open windows of their step', () => {
    expect(partitionWindow(every5, '2024-03-01T05:55')).toEqual({ start: Date.UTC(2024, 2, 1, 5, 55), end: Date.UTC(2024, 2, 1, 6, 0) });
    expect(partitionWindow(minutely, '2024-12-31T23:59')).toEqual({ start: Date.UTC(2024, 11, 31, 23, 59), end: Date.UTC(2025, 0, 1) });
  });

  it('step over hour, day, month, year and leap-day boundaries', () => {
    const cases: Array<[string, string]> = [
      ['2024-03-01T05:55', '2024-03-01T06:00'],
      ['2024-03-01T23:55', '2024-03-02T00:00'],
      ['2024-01-31T23:55', '2024-02-01T00:00'],
      ['2024-02-28T23:55', '2024-02-29T00:00'],
      ['2024-02-29T23:55', '2024-03-01T00:00'],
      ['2023-12-31T23:55', '2024-01-01T00:00'],
    ];
    for (const [key, next] of cases) {
      expect(offsetPartitionKey(every5, key, 1), key).toBe(next);
      expect(offsetPartitionKey(every5, next, -1), next).toBe(key);
    }
    expect(offsetPartitionKey(every5, '2024-02-29T00:00', 288)).toBe('2024-03-01T00:00');
    expect(previousPartitionKey(every5, '2024-01-01T00:00')).toBeUndefined();
    expect(previousPartitionKey(every5, '2024-01-01T00:05')).toBe('2024-01-01T00:00');
  });

  it('are listed up to the last complete one, 288 a day at a 5-minute step', () => {
    const day = partitionKeys(every5, NOW, parseTimeSpec('2024-02-29'));
    expect(day).toHaveLength(288);
    expect([day[0], day[287]]).toEqual(['2024-02-29T00:00', '2024-02-29T23:55']);
    const now = Date.UTC(2024, 0, 1, 0, 17, 42);
    expect(partitionKeys(every5, now)).toEqual(['2024-01-01T00:00', '2024-01-01T00:05', '2024-01-01T00:10']);
    expect(partitionKeys(minutely, Date.UTC(2024, 0, 1, 0, 3))).toEqual(['2024-01-01T00:00', '2024-01-01T00:01', '2024-01-01T00:02']);
  });

  it('are named by their step in messages', () => {
    expect(cadenceName(every5)).toBe('5-minute');
    expect(cadenceName(minutely)).toBe('minutely');
    expect(cadenceName('daily')).toBe('daily');
  });
});

describe('a minute partitions definition', () => {
  it('needs a step dividing 60, a start and end on a step, and minutes only', () => {
    expect(partitionsDefProblem(every5)).toBeUndefined();
    expect(partitionsDefProblem(minutePartitions({ start: '2024-01-01T00:00', every: 7 }))).toBe(
      'minute partitions come every 1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30 minutes (a divisor of 60), not 7',
    );
    expect(partitionsDefProblem(minutePartitions({ start: '2024-01-01T00:03', every: 5 }))).toBe(
      'invalid partition start "2024-01-01T00:03": 5-minute partitions must start on a partition boundary',
    );
    expect(partitionsDefProblem(minutePartitions({ start: '2024-01-01', end: '2024-01-01T00:30', every: 20 }))).toBe(
      'invalid partition end "2024-01-01T00:30": 20-minute partitions must end on a partition boundary',
    );
    expect(partitionsDefProblem({ ...daily, every: 5 })).toBe('"every" is for minute partitions only, not daily ones');
    expect(partitionsDefProblem(minutePartitions({ start: '2024-01-01' }))).toBeUndefined();
  });

  it('reads a minute time spec as that minute', () => {
    expect(parseTimeSpec('2024-03-01T05:05')).toEqual({ start: Date.UTC(2024, 2, 1, 5, 5), end: Date.UTC(2024, 2, 1, 5, 6) });
    expect(parseTimeSpec('2024-03-01T05:61')).toBeUndefined();
  });
});

describe('mappings between minutes and hours, days and months', () => {
  it('an hour reads its twelve 5-minute partitions, and each of them is read by that hour', () => {
    const inputs = upstreamPartitions(hourly, '2024-02-29T23', every5, NOW);
    expect(inputs).toEqual({ all: false, keys: Array.from({ length: 12 }, (_, i) => `2024-02-29T23:${String(i * 5).padStart(2, '0')}`) });
    expect(downstreamPartitions(every5, '2024-02-29T23:55', hourly, NOW)).toEqual({ all: false, keys: ['2024-02-29T23'] });
  });

  it('a leap day reads 288 partitions; the last of February is read by February', () => {
    const day = upstreamPartitions(daily, '2024-02-29', every5, NOW);
    expect(keysOf(day)).toHaveLength(288);
    expect(downstreamPartitions(every5, '2024-02-29T23:55', monthly, NOW)).toEqual({ all: false, keys: ['2024-02'] });
    expect(keysOf(upstreamPartitions(monthly, '2024-02', every5, NOW))).toHaveLength(29 * 288);
  });

  it('a 5-minute partition reads five minute partitions, and a minute is read by its 5-minute one', () => {
    expect(keysOf(upstreamPartitions(every5, '2024-12-31T23:55', minutely, NOW))).toEqual(['2024-12-31T23:55', '2024-12-31T23:56', '2024-12-31T23:57', '2024-12-31T23:58', '2024-12-31T23:59']);
    expect(keysOf(downstreamPartitions(minutely, '2024-12-31T23:58', every5, NOW))).toEqual(['2024-12-31T23:55']);
    // A minute partition reads the hour holding it; the hour is read by its 60 minutes.
    expect(keysOf(upstreamPartitions(minutely, '2024-03-01T05:30', hourly, NOW))).toEqual(['2024-03-01T05']);
    expect(keysOf(downstreamPartitions(hourly, '2024-03-01T05', minutely, NOW))).toHaveLength(60);
  });
});

describe('the status grid of minute partitions', () => {
  it('has a row per hour and a column per step, gaps every quarter hour', () => {
    const keys = partitionKeys(every5, NOW, { start: Date.UTC(2024, 2, 1, 5, 0), end: Date.UTC(2024, 2, 1, 7, 0) });
    const grid = gridRows(every5, keys);
    expect(grid.width).toBe(12);
    expect(grid.group).toBe(3);
    expect(grid.rows.map((r) => r.label)).toEqual(['2024-03-01T05', '2024-03-01T06']);
    expect(grid.rows[1]!.cells).toEqual(Array.from({ length: 12 }, (_, i) => 12 + i));
    const minutes = gridRows(minutely, partitionKeys(minutely, NOW, { start: Date.UTC(2024, 2, 1, 5, 0), end: Date.UTC(2024, 2, 1, 6, 0) }));
    expect([minutes.width, minutes.group, minutes.rows.length]).toEqual([60, 15, 1]);
  });

  it('leaves a key off the step, or of an impossible hour, out of the hour rows', () => {
    const grid = gridRows(every5, ['2024-03-01T05:00', '2024-03-01T05:07', '2024-03-01T25:00']);
    expect(grid.rows.find((r) => r.label === '2024-03-01T05')!.cells.filter((c) => c !== undefined)).toEqual([0]);
    expect(iso(parseKey(every5, '2024-03-01T05:00')!)).toBe('2024-03-01T05:00:00.000Z');
  });
});
