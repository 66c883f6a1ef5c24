import { describe, expect, it } from 'vitest';
import { durationMs } from '../../core/duration';
import { messageOf } from '../../activities/wait-for-database';
import { databaseWaitFromEnv, databaseWaitMs } from '../../worker/database-wait';

describe('durationMs', () => {
  it.each([
    [600_000, 600_000],
    ['10 minutes', 600_000],
    ['10m', 600_000],
    ['90 s', 90_000],
    ['1.5 hours', 5_400_000],
    ['250ms', 250],
    [' 2 Seconds ', 2_000],
  ])('reads %j as %d ms', (spec, ms) => {
    expect(durationMs(spec)).toBe(ms);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, '', '0', 'ten minutes', '10 fortnights', '-5 s', '5 s 3'])('refuses %j', (spec) => {
    expect(durationMs(spec)).toBeUndefined();
  });
});

describe('the database wait limit', () => {
  it('is undefined (the default applies) when RETROFILL_DATABASE_WAIT is unset or empty', () => {
    expect(databaseWaitFromEnv({})).toBeUndefined();
    expect(databaseWaitFromEnv({ RETROFILL_DATABASE_WAIT: ' ' })).toBeUndefined();
  });

  it('reads RETROFILL_DATABASE_WAIT, digits alone as milliseconds', () => {
    expect(databaseWaitFromEnv({ RETROFILL_DATABASE_WAIT: '30 minutes' })).toBe(1_800_000);
    expect(databaseWaitFromEnv({ RETROFILL_DATABASE_WAIT: '600000' })).toBe(600_000);
    expect(() => databaseWaitFromEnv({ RETROFILL_DATABASE_WAIT: '0' })).toThrow(/^RETROFILL_DATABASE_WAIT must be/);
  });

  it('refuses a bad value, naming the variable and showing the value escaped', () => {
    expect(() => databaseWaitFromEnv({ RETROFILL_DATABASE_WAIT: 'forever\u001b[2J' })).toThrow(
      /^RETROFILL_DATABASE_WAIT must be milliseconds or a duration such as '10 minutes' or '90 s', above zero; got "forever\\u001b\[2J"$/,
    );
    expect(() => databaseWaitMs(0)).toThrow(/^databaseWait must be .*; got 0$/);
  });
});

describe('messageOf (what an outage is recorded with)', () => {
  it('drops the SQL knex puts before the message, reads an AggregateError through its first error, adds a code the message leaves out', () => {
    const knexError = new Error('update "retrofill_ledger" set "status" = $1 where "id" in ($2) - Connection terminated unexpectedly');
    expect(messageOf(knexError)).toBe('Connection terminated unexpectedly');
    const refused = (address: string) => Object.assign(new Error(`connect ECONNREFUSED ${address}`), { code: 'ECONNREFUSED' });
    expect(messageOf(Object.assign(new AggregateError([refused('::1:5432'), refused('127.0.0.1:5432')], ''), { code: 'ECONNREFUSED' }))).toBe(
      'connect ECONNREFUSED ::1:5432',
    );
    expect(messageOf(Object.assign(new Error(''), { code: 'ECONNRESET' }))).toBe('ECONNRESET: Error');
    expect(messageOf(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe('connect ECONNREFUSED 127.0.0.1:5432');
  });
});
