/** The `backfill` and `plan` options as the request they make, shadow isolation included. */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addRequestOptions, requestFrom, type RequestOptions } from '../../cli/request-options';

/** Parses `args` as `retrofill backfill` would; throws commander's error instead of exiting. */
function parse(args: string[]): RequestOptions {
  const command = addRequestOptions(new Command('backfill')).exitOverride().configureOutput({ writeErr: () => undefined });
  command.parse(args, { from: 'user' });
  return command.opts<RequestOptions>();
}

describe('request options', () => {
  it('leave isolation out by default, so the request keeps its defaults', () => {
    expect(requestFrom(parse(['--assets', 'raw_events', '--from', '2023-01-01', '--to', '2023-01-31']))).toEqual({
      assets: ['raw_events'],
      downstream: false,
      from: '2023-01-01',
      to: '2023-01-31',
    });
  });

  it('make a shadow backfill with approval and a keeping time', () => {
    const opts = parse(['--assets', 'daily_revenue', '--downstream', '--isolation', 'shadow', '--publish-approval', '--keep-replaced-days', '30']);
    expect(requestFrom(opts)).toEqual({
      assets: ['daily_revenue'],
      downstream: true,
      isolation: 'shadow',
      publishApproval: true,
      keepReplacedDays: 30,
    });
  });

  it('refuse an isolation that does not exist, naming the choices', () => {
    expect(() => parse(['--assets', 'a', '--isolation', 'branch'])).toThrow(/argument 'branch' is invalid\. Allowed choices are none, shadow/);
  });

  it('refuse a keeping time that is not a positive whole number', () => {
    expect(() => parse(['--assets', 'a', '--isolation', 'shadow', '--keep-replaced-days', '0'])).toThrow(/--keep-replaced-days/);
  });
});
