import { describe, it, expect } from 'vitest';
import { offsetPartitionKey, type PartitionsDef } from '../../core/partitions/partitions-def';
import {
  nextPartitionStart,
  parseKey,
  previousPartitionStart,
  shiftPartitionStart,
  type TimeGranularity,
} from '../../core/partitions/time-granularity';

const hourly: PartitionsDef = { kind: 'time', granularity: 'hourly', start: '2024-01-01' };
const daily: PartitionsDef = { kind: 'time', granularity: 'daily', start: '2024-01-01' };
const monthly: PartitionsDef = { kind: 'time', granularity: 'monthly', start: '2024-01' };
const regions: PartitionsDef = { kind: 'static', keys: ['us', 'eu', 'apac'] };

describe('offsetPartitionKey on time partitions', () => {
  it('steps across month, leap-day and year ends', () => {
    expect(offsetPartitionKey(daily, '2024-03-01', -1)).toBe('2024-02-29');
    expect(offsetPartitionKey(daily, '2023-02-28', 1)).toBe('2023-03-01');
    expect(offsetPartitionKey(monthly, '2024-03', 11)).toBe('2025-02');
    expect(offsetPartitionKey(hourly, '2024-03-10T00', -1)).toBe('2024-03-09T23');
  });

  it('keeps UTC hours through a daylight-saving change', () => {
    expect(offsetPartitionKey(hourly, '2024-03-31T01', 1)).toBe('2024-03-31T02');
  });

  it('moves past the definition\'s start, so another asset can still be read there', () => {
    expect(offsetPartitionKey(daily, '2024-01-01', -1)).toBe('2023-12-31');
    expect(offsetPartitionKey(monthly, '2024-01', -1)).toBe('2023-12');
  });

  it('returns the key itself for a zero offset, and nothing for a malformed key', () => {
    expect(offsetPartitionKey(daily, '2024-07-04', 0)).toBe('2024-07-04');
    expect(offsetPartitionKey(daily, '2024-02-30', 1)).toBeUndefined();
  });
});

describe('shiftPartitionStart', () => {
  const cases: Array<[TimeGranularity, string]> = [
    ['hourly', '2024-02-28T22'],
    ['daily', '2024-02-27'],
    ['monthly', '2023-11'],
  ];
  it.each(cases)('%s: n partitions away equals n single steps', (granularity, key) => {
    const start = parseKey(granularity, key)!;
    let forward = start;
    let backward = start;
    for (let n = 1; n <= 400; n++) {
      forward = nextPartitionStart(granularity, forward);
      backward = previousPartitionStart(granularity, backward);
      expect(shiftPartitionStart(granularity, start, n)).toBe(forward);
      expect(shiftPartitionStart(granularity, start, -n)).toBe(backward);
    }
  });
});

describe('offsetPartitionKey on other partitionings', () => {
  it('moves along a static list and stops at its ends', () => {
    expect(offsetPartitionKey(regions, 'eu', 1)).toBe('apac');
    expect(offsetPartitionKey(regions, 'eu', -1)).toBe('us');
    expect(offsetPartitionKey(regions, 'eu', 2)).toBeUndefined();
    expect(offsetPartitionKey(regions, 'mars', 0)).toBeUndefined();
  });

  it('has only the single key of an unpartitioned asset', () => {
    expect(offsetPartitionKey({ kind: 'unpartitioned' }, 'all', 0)).toBe('all');
    expect(offsetPartitionKey({ kind: 'unpartitioned' }, 'all', -1)).toBeUndefined();
  });
});
