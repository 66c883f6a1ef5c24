/** `npm run bench`'s flags: quick defaults, the target sizes with --targets, explicit flags winning. */
import { describe, expect, it } from 'vitest';
import { parseBenchOptions } from '../../bench/bench-options';
import { daysOfWindow } from '../../bench/days-of-window';

describe('bench options', () => {
  it('runs every case at a small size by default', () => {
    expect(parseBenchOptions([], '/r')).toEqual({
      cases: ['demo', 'noop', 'chain', 'dag', 'console', 'priority', 'minutes'],
      months: 1,
      concurrency: [1, 4, 16],
      eventsPerDay: 20000,
      noop: [1000],
      noopConcurrency: 8,
      minutes: 20000,
      chainDays: 92,
      dagMonths: 3,
      dagConcurrency: 4,
      untuned: false,
      telemetry: false,
      out: '/r/bench/results',
    });
  });

  it('takes the sizes of the targets with --targets, and a flag given explicitly over them', () => {
    const options = parseBenchOptions(['--targets', '--cases', 'chain,dag', '--dag-months', '12', '--policy', '{"kind":"perPartition"}'], '/r');
    expect(options).toMatchObject({ cases: ['chain', 'dag'], concurrency: [4], noop: [10000], minutes: 525600, chainDays: 1461, dagMonths: 12, policy: '{"kind":"perPartition"}' });
    expect(parseBenchOptions(['--cases', 'noop', '--telemetry'], '/r')).toMatchObject({ cases: ['noop'], telemetry: true });
  });

  it('refuses an unknown case and a size out of range, naming the flag', () => {
    expect(() => parseBenchOptions(['--cases', 'demo,dagg'], '/r')).toThrow('--cases: expected some of demo,noop,chain,dag,console,priority,minutes, got dagg');
    expect(() => parseBenchOptions(['--chain-days', '10'], '/r')).toThrow('--chain-days: expected a whole number from 32 to 3653, got 10');
    expect(parseBenchOptions(['--noop-concurrency', '100'], '/r').noopConcurrency).toBe(100);
    expect(() => parseBenchOptions(['--noop-concurrency', '0'], '/r')).toThrow('--noop-concurrency: expected a whole number from 1 to 500, got 0');
    expect(() => parseBenchOptions(['--noop', '1000,x'], '/r')).toThrow('--noop: expected a whole number from 1 to 100000, got x');
  });

  it('drops the demo with --skip-demo', () => {
    expect(parseBenchOptions(['--skip-demo'], '/r').cases).toEqual(['noop', 'chain', 'dag', 'console', 'priority', 'minutes']);
  });
});

describe('days of a window', () => {
  it('lists the UTC days of a window of whole days, across a leap day', () => {
    expect(daysOfWindow({ start: new Date('2020-02-28T00:00:00Z'), end: new Date('2020-03-02T00:00:00Z') })).toEqual(['2020-02-28', '2020-02-29', '2020-03-01']);
  });
});
