import { describe, expect, it } from 'vitest';
import { formatCheckOutcome } from '../../cli/views/shadow-view';
import { blockingFailures, checkOutcome, type CheckOutcome } from '../../core/checks/check-outcome';
import { coverageVerdict, customSqlVerdict, erroredVerdict, notNullVerdict, rowCountVerdict, uniqueVerdict } from '../../core/checks/check-verdicts';

const unique = { asset: 'daily_revenue', check: 'unique(day, segment)', kind: 'unique', severity: 'error' } as const;

describe('verdicts', () => {
  it('rowCount passes within the tolerance, either way, and exactly at it', () => {
    expect(rowCountVerdict(1050, 1000, 0.1)).toEqual({ passed: true, message: '1050 rows vs 1000 in production (+5%, tolerance ±10%)' });
    expect(rowCountVerdict(110, 100, 0.1)).toEqual({ passed: true, message: '110 rows vs 100 in production (+10%, tolerance ±10%)' });
    expect(rowCountVerdict(90, 100, 0.1)).toEqual({ passed: true, message: '90 rows vs 100 in production (-10%, tolerance ±10%)' });
    expect(rowCountVerdict(100, 100, 0)).toEqual({ passed: true, message: '100 rows vs 100 in production (0%, tolerance ±0%)' });
  });

  it('rowCount fails beyond the tolerance', () => {
    expect(rowCountVerdict(1200, 1000, 0.1)).toEqual({ passed: false, message: '1200 rows vs 1000 in production (+20%, tolerance ±10%)' });
    expect(rowCountVerdict(875, 1000, 0.1)).toEqual({ passed: false, message: '875 rows vs 1000 in production (-12.5%, tolerance ±10%)' });
    expect(rowCountVerdict(0, 1000, 0.5)).toEqual({ passed: false, message: '0 rows vs 1000 in production (-100%, tolerance ±50%)' });
  });

  it('rowCount passes when production has nothing to compare with', () => {
    expect(rowCountVerdict(1, 0, 0.1)).toEqual({ passed: true, message: '1 row; production has no rows in these partitions: nothing to compare with' });
  });

  it('notNull, unique, coverage and sql count what fails', () => {
    expect(notNullVerdict(['segment', 'revenue'], 0)).toEqual({ passed: true, message: 'no nulls in segment, revenue' });
    expect(notNullVerdict(['segment'], 1)).toEqual({ passed: false, message: '1 row has a null in segment' });
    expect(notNullVerdict(['segment', 'revenue'], 3)).toEqual({ passed: false, message: '3 rows have a null in segment, revenue' });
    expect(uniqueVerdict(['day', 'segment'], 0)).toEqual({ passed: true, message: 'no duplicated (day, segment)' });
    expect(uniqueVerdict(['day', 'segment'], 1)).toEqual({ passed: false, message: '1 duplicated key' });
    expect(uniqueVerdict(['day', 'segment'], 3)).toEqual({ passed: false, message: '3 duplicated keys' });
    expect(coverageVerdict(1, 31, 0)).toEqual({ passed: true, message: 'all 31 partitions have ≥ 1 row' });
    expect(coverageVerdict(5, 1, 0)).toEqual({ passed: true, message: 'its one partition has ≥ 5 rows' });
    expect(coverageVerdict(1, 0, 0)).toEqual({ passed: true, message: 'the shadow holds no partition of this asset' });
    expect(coverageVerdict(1, 31, 1)).toEqual({ passed: false, message: '1 of 31 partitions is empty' });
    expect(coverageVerdict(1, 31, 2)).toEqual({ passed: false, message: '2 of 31 partitions are empty' });
    expect(coverageVerdict(5, 31, 2)).toEqual({ passed: false, message: '2 of 31 partitions have fewer than 5 rows' });
    expect(coverageVerdict(2, 1, 1)).toEqual({ passed: false, message: '1 of 1 partition has fewer than 2 rows' });
    expect(customSqlVerdict(0)).toEqual({ passed: true, message: 'no failing rows' });
    expect(customSqlVerdict(4)).toEqual({ passed: false, message: '4 failing rows' });
    expect(erroredVerdict('column "segmnt" does not exist')).toEqual({ passed: false, message: 'could not run: column "segmnt" does not exist' });
  });
});

describe('checkOutcome', () => {
  it('keeps at most 5 sample rows', () => {
    const sample = Array.from({ length: 8 }, (_, i) => ({ partition: `2023-01-0${i + 1}`, rows: 0 }));
    const o = checkOutcome(unique, { passed: false, message: '8 duplicated keys' }, { count: 8, sample });
    expect(o.failingCount).toBe(8);
    expect(o.failingSample).toEqual(sample.slice(0, 5));
  });

  it('shortens every value to 200 characters and keeps 20 columns of a wide row', () => {
    const wide = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`c${i}`, i]));
    const o = checkOutcome(unique, { passed: false, message: 'x'.repeat(5000) }, {
      count: 2,
      sample: [{ note: 'a'.repeat(1000), nested: { list: 'b'.repeat(300) }, small: { a: 1 }, n: 3, flag: true, none: null }, wide],
    });
    const [row, wideRow] = o.failingSample;
    expect(row).toEqual({ note: `${'a'.repeat(199)}…`, nested: `${`{"list":"${'b'.repeat(300)}`.slice(0, 199)}…`, small: { a: 1 }, n: 3, flag: true, none: null });
    expect(Object.keys(wideRow!)).toHaveLength(21);
    expect(wideRow!['c19']).toBe(19);
    expect(wideRow!['…']).toBe('5 more columns');
    expect(o.message).toHaveLength(1000);
  });
});

describe('formatCheckOutcome and blockingFailures', () => {
  const failed: CheckOutcome = checkOutcome(unique, uniqueVerdict(['day', 'segment'], 3), {
    count: 3,
    sample: [{ day: '2023-01-02', segment: 'gold', count: 2 }],
  });
  const warned: CheckOutcome = { ...failed, check: 'notNull(segment)', kind: 'notNull', severity: 'warn', ...notNullVerdict(['segment'], 1), failingSample: [] };
  const passed: CheckOutcome = checkOutcome({ ...unique, check: 'rowCount ±10%', kind: 'rowCount' }, rowCountVerdict(100, 100, 0.1));

  it('prints one line with the first failing row', () => {
    expect(formatCheckOutcome(failed)).toBe(
      '✗ error daily_revenue unique(day, segment): 3 duplicated keys — e.g. {"day":"2023-01-02","segment":"gold","count":2}',
    );
    expect(formatCheckOutcome(warned)).toBe('✗ warn daily_revenue notNull(segment): 1 row has a null in segment');
    expect(formatCheckOutcome(passed)).toBe('✓ error daily_revenue rowCount ±10%: 100 rows vs 100 in production (0%, tolerance ±10%)');
  });

  it('blocks publish only on failed error checks', () => {
    expect(blockingFailures([passed, warned, failed])).toEqual([failed]);
    expect(blockingFailures([passed, warned])).toEqual([]);
  });
});
