import { describe, it, expect } from 'vitest';
import {
  partitionKeyProblem,
  partitionKeys,
  partitionRank,
  partitionWindow,
  previousPartitionKey,
  TooManyPartitionsError,
  type PartitionsDef,
} from '../../core/partitions/partitions-def';
import { floorToPartition, formatKey, parseKey } from '../../core/partitions/time-granularity';
import { parseTimeSpec } from '../../core/partitions/time-spec';

const NOW = Date.UTC(2025, 0, 1);
const hourly: PartitionsDef = { kind: 'time', granularity: 'hourly', start: '2024-01-01' };
const daily: PartitionsDef = { kind: 'time', granularity: 'daily', start: '2020-01-01' };
const monthly: PartitionsDef = { kind: 'time', granularity: 'monthly', start: '2020-01' };

/** The window from the start of `from` to the end of `to`, as a request gives it. */
function range(from: string, to: string) {
  return { start: parseTimeSpec(from)!.start, end: parseTimeSpec(to)!.end };
}

describe('time partition keys', () => {
  it('cross a month end', () => {
    expect(partitionKeys(daily, NOW, range('2024-01-30', '2024-02-02'))).toEqual([
      '2024-01-30',
      '2024-01-31',
      '2024-02-01',
      '2024-02-02',
    ]);
  });

  it('include the leap day', () => {
    expect(partitionKeys(daily, NOW, range('2024-02-28', '2024-03-01'))).toEqual(['2024-02-28', '2024-02-29', '2024-03-01']);
    expect(partitionKeys(daily, NOW, range('2023-02-28', '2023-03-01'))).toEqual(['2023-02-28', '2023-03-01']);
  });

  it('rejects dates that do not exist', () => {
    expect(parseKey('daily', '2023-02-29')).toBeUndefined();
    expect(parseKey('daily', '2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(parseKey('daily', '2024-04-31')).toBeUndefined();
    expect(parseKey('monthly', '2024-13')).toBeUndefined();
    expect(parseKey('hourly', '2024-01-01T24')).toBeUndefined();
    expect(partitionKeyProblem(daily, '2023-02-29', NOW)).toContain('"2023-02-29" is not a daily partition key');
  });

  it('cross a year end for monthly partitions', () => {
    expect(partitionKeys(monthly, NOW, range('2023-11', '2024-02'))).toEqual(['2023-11', '2023-12', '2024-01', '2024-02']);
  });

  it('format hourly keys as YYYY-MM-DDTHH in UTC', () => {
    const keys = partitionKeys(hourly, NOW, range('2024-12-31T22', '2025-01-01T01'));
    // 2025-01-01T00 is the hour holding now: not complete, so not a partition yet.
    expect(keys).toEqual(['2024-12-31T22', '2024-12-31T23']);
    for (const key of keys) expect(key).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}$/);
    expect(formatKey('hourly', Date.UTC(2024, 2, 5, 7, 59))).toBe('2024-03-05T07');
  });

  it('give a day 24 hourly keys, and a year 12 monthly keys', () => {
    const hours = partitionKeys(hourly, NOW, parseTimeSpec('2024-06-15'));
    expect(hours).toHaveLength(24);
    expect(hours[0]).toBe('2024-06-15T00');
    expect(hours[23]).toBe('2024-06-15T23');
    expect(partitionKeys(monthly, NOW, parseTimeSpec('2024'))).toHaveLength(12);
  });

  it('round-trip through parseKey and formatKey', () => {
    for (const [g, key] of [['hourly', '2024-03-01T05'], ['daily', '2024-12-31'], ['monthly', '2024-02']] as const) {
      expect(formatKey(g, parseKey(g, key)!)).toBe(key);
    }
  });

  it('include a coarser partition that overlaps the window only in part', () => {
    expect(partitionKeys(monthly, NOW, range('2024-03-30', '2024-04-02'))).toEqual(['2024-03', '2024-04']);
  });

  it('stop at the definition start and end and at the last complete partition', () => {
    const bounded: PartitionsDef = { kind: 'time', granularity: 'daily', start: '2024-01-02', end: '2024-01-04' };
    expect(partitionKeys(bounded, NOW)).toEqual(['2024-01-02', '2024-01-03']);
    const now = Date.UTC(2024, 0, 5, 13);
    expect(partitionKeys(daily, now, range('2024-01-03', '2024-01-10'))).toEqual(['2024-01-03', '2024-01-04']);
    expect(partitionKeyProblem(daily, '2024-01-05', now)).toContain('not complete yet');
    expect(partitionKeyProblem(daily, '2019-12-31', now)).toContain('before the asset\'s first partition');
    expect(partitionKeyProblem(daily, '2024-01-04', now)).toBeUndefined();
  });

  it('throw TooManyPartitionsError past the limit', () => {
    expect(partitionKeys(daily, NOW, range('2024-01-01', '2024-01-10'), 10)).toHaveLength(10);
    expect(() => partitionKeys(daily, NOW, range('2024-01-01', '2024-01-11'), 10)).toThrow(TooManyPartitionsError);
  });
});

describe('time windows and neighbours', () => {
  it('gives each key its half-open UTC window', () => {
    expect(partitionWindow(monthly, '2024-02')).toEqual({ start: Date.UTC(2024, 1, 1), end: Date.UTC(2024, 2, 1) });
    expect(partitionWindow(hourly, '2024-03-10T02')).toEqual({
      start: Date.UTC(2024, 2, 10, 2),
      end: Date.UTC(2024, 2, 10, 3),
    });
    expect(partitionWindow({ kind: 'unpartitioned' }, 'all')).toBeNull();
  });

  it('finds the previous partition across month and year ends, none before the start', () => {
    expect(previousPartitionKey(daily, '2024-03-01')).toBe('2024-02-29');
    expect(previousPartitionKey(monthly, '2024-01')).toBe('2023-12');
    expect(previousPartitionKey(hourly, '2024-02-01T00')).toBe('2024-01-31T23');
    expect(previousPartitionKey(daily, '2020-01-01')).toBeUndefined();
    expect(previousPartitionKey({ kind: 'static', keys: ['a', 'b'] }, 'b')).toBe('a');
    expect(previousPartitionKey({ kind: 'static', keys: ['a', 'b'] }, 'a')).toBeUndefined();
  });

  it('floors instants to partition starts', () => {
    const t = Date.UTC(2024, 1, 29, 13, 45);
    expect(floorToPartition('hourly', t)).toBe(Date.UTC(2024, 1, 29, 13));
    expect(floorToPartition('daily', t)).toBe(Date.UTC(2024, 1, 29));
    expect(floorToPartition('monthly', t)).toBe(Date.UTC(2024, 1, 1));
  });

  it('ranks time keys by start and static keys by position', () => {
    expect(partitionRank(daily, '2024-01-02')).toBeGreaterThan(partitionRank(daily, '2024-01-01'));
    expect(partitionRank({ kind: 'static', keys: ['x', 'y'] }, 'y')).toBe(1);
  });
});

describe('static and unpartitioned keys', () => {
  it('lists static keys in order and the single unpartitioned key', () => {
    expect(partitionKeys({ kind: 'static', keys: ['us', 'eu'] }, NOW)).toEqual(['us', 'eu']);
    expect(partitionKeys({ kind: 'unpartitioned' }, NOW)).toEqual(['all']);
    expect(partitionKeyProblem({ kind: 'static', keys: ['us'] }, 'eu', NOW)).toContain('"eu" is not one of its static partitions');
    expect(partitionKeyProblem({ kind: 'unpartitioned' }, '2024-01-01', NOW)).toContain('unpartitioned');
  });
});

describe('parseTimeSpec', () => {
  it('reads each form as the period it names', () => {
    expect(parseTimeSpec('2024')).toEqual({ start: Date.UTC(2024, 0, 1), end: Date.UTC(2025, 0, 1) });
    expect(parseTimeSpec('2024-02')).toEqual({ start: Date.UTC(2024, 1, 1), end: Date.UTC(2024, 2, 1) });
    expect(parseTimeSpec('2024-12-31')).toEqual({ start: Date.UTC(2024, 11, 31), end: Date.UTC(2025, 0, 1) });
    expect(parseTimeSpec('2024-03-10T23')).toEqual({ start: Date.UTC(2024, 2, 10, 23), end: Date.UTC(2024, 2, 11) });
  });

  it.each(['', '24', '2024-1', '2024-02-30', '2024-03-01T5', '2024-03-01 05', '2024-03-01T05:00:00', '2024-03-01T05:5', '0050', '0050-01'])(
    'rejects %j',
    (spec) => expect(parseTimeSpec(spec)).toBeUndefined(),
  );
});
