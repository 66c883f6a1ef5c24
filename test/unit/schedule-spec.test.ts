/** A backfill schedule as declared: name, interval, catch-up window and the request of its runs. */
import { describe, expect, it } from 'vitest';
import { InvalidScheduleError } from '../../core/errors';
import { parseBackfillSchedule } from '../../core/schedule-spec';

describe('parseBackfillSchedule', () => {
  it('takes the defaults: lookback 10, missing mode, a catch-up window of an hour', () => {
    expect(parseBackfillSchedule('hourly', { assets: ['raw'], every: '15m' })).toEqual({
      name: 'hourly',
      everySeconds: 900,
      catchupWindowSeconds: 3600,
      request: { assets: ['raw'], lookback: 10, mode: 'missing' },
    });
  });

  it('passes the rest to the request of each run', () => {
    const spec = parseBackfillSchedule('daily.refresh_1', { assets: ['raw'], every: '1d', lookback: 3, mode: 'stale', downstream: true, maxConcurrency: 4, priority: 2, catchupWindow: '30s' });
    expect(spec).toMatchObject({ everySeconds: 86_400, catchupWindowSeconds: 30, request: { assets: ['raw'], lookback: 3, mode: 'stale', downstream: true, maxConcurrency: 4, priority: 2 } });
  });

  it.each([
    ['a name with a space', 'my schedule', { assets: ['raw'], every: '1h' }, "name: expected 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit, got \"my schedule\""],
    ['an interval without a unit', 'a', { assets: ['raw'], every: '15' }, 'every: expected a whole number and a unit s, m, h or d (e.g. 15m, 1h, 1d), got "15"'],
    ['a zero interval', 'a', { assets: ['raw'], every: '0m' }, 'every: expected a whole number and a unit s, m, h or d (e.g. 15m, 1h, 1d), got "0m"'],
    ['an interval over a year', 'a', { assets: ['raw'], every: '367d' }, 'every: at most 366d, got "367d"'],
    ['a lookback of 0', 'a', { assets: ['raw'], every: '1h', lookback: 0 }, 'lookback: expected a whole number of partitions from 1 to 10000, got 0'],
    ['no asset', 'a', { assets: [], every: '1h' }, 'assets: name at least one asset'],
  ])('refuses %s, naming it', (_what, name, input, problem) => {
    let error: unknown;
    try {
      parseBackfillSchedule(name, input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidScheduleError);
    expect((error as InvalidScheduleError).problems).toContain(problem);
  });
});
