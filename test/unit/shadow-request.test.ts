/** The request fields of shadow isolation: defaults, and the combinations refused. */
import { describe, expect, it } from 'vitest';
import { parseBackfillRequest } from '../../core/backfill-request';
import { InvalidBackfillRequestError } from '../../core/errors';

const BASE = { assets: ['daily_revenue'], from: '2023-01-01', to: '2023-01-31' };

function problems(input: unknown): string[] {
  try {
    parseBackfillRequest(input);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidBackfillRequestError);
    return (error as InvalidBackfillRequestError).problems;
  }
  throw new Error(`accepted ${JSON.stringify(input)}`);
}

describe('isolation in a backfill request', () => {
  it('is off by default: nothing to approve, nothing kept', () => {
    expect(parseBackfillRequest(BASE).isolation).toEqual({ kind: 'none' });
  });

  it('accepts shadow with approval and a keeping time, grouped as the isolation', () => {
    expect(parseBackfillRequest({ ...BASE, isolation: 'shadow', publishApproval: true, keepReplacedDays: 30 }).isolation).toEqual({
      kind: 'shadow',
      publishApproval: true,
      keepReplacedDays: 30,
    });
    expect(parseBackfillRequest({ ...BASE, isolation: 'shadow' }).isolation).toEqual({ kind: 'shadow', publishApproval: false, keepReplacedDays: 7 });
  });

  it('refuses an unknown isolation, naming the choices', () => {
    expect(problems({ ...BASE, isolation: 'branch' })).toEqual(['isolation: expected one of none, shadow, got "branch"']);
  });

  it('refuses approval or a keeping time without a shadow', () => {
    expect(problems({ ...BASE, publishApproval: true, keepReplacedDays: 3 })).toEqual([
      "publishApproval: only a backfill with isolation 'shadow' is published",
      "keepReplacedDays: only a backfill with isolation 'shadow' replaces rows it keeps",
    ]);
  });

  it('refuses a keeping time that is not a whole number of days up to a year', () => {
    for (const days of [0, 1.5, 366, '7']) {
      expect(problems({ ...BASE, isolation: 'shadow', keepReplacedDays: days })).toEqual([
        `keepReplacedDays: expected a whole number of days from 1 to 365, got ${JSON.stringify(days)}`,
      ]);
    }
  });

  it('refuses a non-boolean approval', () => {
    expect(problems({ ...BASE, isolation: 'shadow', publishApproval: 'yes' })[0]).toMatch(/^publishApproval: /);
  });
});
