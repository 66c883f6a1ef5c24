// The machine's zone must never shift partition keys: run under real DST zones.
const ORIGINAL_TZ = process.env.TZ;
process.env.TZ = 'America/New_York';

import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { partitionKeys, type PartitionsDef } from '../../core/partitions/partitions-def';
import { parseTimeSpec } from '../../core/partitions/time-spec';

const NOW = Date.UTC(2025, 0, 1);
const hourly: PartitionsDef = { kind: 'time', granularity: 'hourly', start: '2024-01-01' };

/** The 24 UTC hour keys of `day`, written out independently of the code under test. */
function utcHours(day: string): string[] {
  return Array.from({ length: 24 }, (_, h) => `${day}T${String(h).padStart(2, '0')}`);
}

function hourKeysOf(day: string): string[] {
  const window = parseTimeSpec(day);
  expect(window).toBeDefined();
  return partitionKeys(hourly, NOW, window);
}

afterAll(() => {
  if (ORIGINAL_TZ === undefined) delete process.env.TZ;
  else process.env.TZ = ORIGINAL_TZ;
});

describe('hourly keys under America/New_York', () => {
  beforeAll(() => {
    process.env.TZ = 'America/New_York';
  });

  it('really runs in a zone with DST', () => {
    // EST is UTC-5 (300 min), EDT UTC-4 (240 min): local offsets differ across 2024-03-10.
    expect(new Date(2024, 2, 10).getTimezoneOffset()).toBe(300);
    expect(new Date(2024, 2, 11).getTimezoneOffset()).toBe(240);
    expect(new Date(2024, 10, 3).getTimezoneOffset()).toBe(240);
    expect(new Date(2024, 10, 4).getTimezoneOffset()).toBe(300);
  });

  it('gives 24 UTC keys for 2024-03-10, the day clocks spring forward', () => {
    const keys = hourKeysOf('2024-03-10');
    expect(keys).toHaveLength(24);
    expect(keys).toEqual(utcHours('2024-03-10'));
    expect(keys[0]).toBe('2024-03-10T00');
    expect(keys[23]).toBe('2024-03-10T23');
  });

  it('gives 24 UTC keys for 2024-11-03, the day clocks fall back', () => {
    const keys = hourKeysOf('2024-11-03');
    expect(keys).toHaveLength(24);
    expect(keys).toEqual(utcHours('2024-11-03'));
  });

  it('keeps keys contiguous across the local transition hours', () => {
    const from = parseTimeSpec('2024-03-09T20')!;
    const to = parseTimeSpec('2024-03-10T09')!;
    const keys = partitionKeys(hourly, NOW, { start: from.start, end: to.end });
    expect(keys).toHaveLength(14);
    expect(new Set(keys).size).toBe(14);
    expect(keys.slice(4, 8)).toEqual(['2024-03-10T00', '2024-03-10T01', '2024-03-10T02', '2024-03-10T03']);
  });
});

describe('hourly keys under Europe/Berlin', () => {
  beforeAll(() => {
    process.env.TZ = 'Europe/Berlin';
  });

  it('really runs in a zone with DST', () => {
    // CET is UTC+1 (-60 min), CEST UTC+2 (-120 min): they differ across 2024-03-31.
    expect(new Date(2024, 2, 31).getTimezoneOffset()).toBe(-60);
    expect(new Date(2024, 3, 1).getTimezoneOffset()).toBe(-120);
  });

  it('gives 24 UTC keys for 2024-03-31, the day clocks spring forward', () => {
    const keys = hourKeysOf('2024-03-31');
    expect(keys).toHaveLength(24);
    expect(keys).toEqual(utcHours('2024-03-31'));
  });

  it('gives 24 UTC keys for 2024-10-27, the day clocks fall back', () => {
    expect(hourKeysOf('2024-10-27')).toEqual(utcHours('2024-10-27'));
  });

  it('gives one daily key per calendar day across the transition', () => {
    const daily: PartitionsDef = { kind: 'time', granularity: 'daily', start: '2024-01-01' };
    const window = { start: parseTimeSpec('2024-03-30')!.start, end: parseTimeSpec('2024-04-01')!.end };
    expect(partitionKeys(daily, NOW, window)).toEqual(['2024-03-30', '2024-03-31', '2024-04-01']);
  });
});
