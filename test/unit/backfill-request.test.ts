import { describe, it, expect } from 'vitest';
import {
  DEFAULT_MAX_CONCURRENCY,
  MAX_CONCURRENCY_CEILING,
  parseBackfillRequest,
} from '../../core/backfill-request';
import { InvalidBackfillRequestError } from '../../core/errors';

/** The error parseBackfillRequest throws for `input`; fails the test when it does not throw. */
function rejection(input: unknown): InvalidBackfillRequestError {
  try {
    parseBackfillRequest(input);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidBackfillRequestError);
    return error as InvalidBackfillRequestError;
  }
  throw new Error(`accepted ${JSON.stringify(input)}`);
}

describe('parseBackfillRequest accepts', () => {
  it('a range request, applying the defaults', () => {
    const request = parseBackfillRequest({ assets: ['raw_orders'], from: '2024-01-01', to: '2024-01-31' });
    expect(request.downstream).toBe(false);
    expect(request.maxConcurrency).toBe(8);
    expect(DEFAULT_MAX_CONCURRENCY).toBe(8);
    expect(request.assets).toEqual(['raw_orders']);
    expect(request.partitions).toBeUndefined();
    // `to` is inclusive: the window ends where 2024-01-31 ends.
    expect(request.range).toEqual({ start: Date.UTC(2024, 0, 1), end: Date.UTC(2024, 1, 1) });
  });

  it('explicit options', () => {
    const request = parseBackfillRequest({
      assets: ['a', 'b'],
      partitions: ['2024-01-01', 'eu'],
      downstream: true,
      maxConcurrency: MAX_CONCURRENCY_CEILING,
    });
    expect(request).toMatchObject({ assets: ['a', 'b'], partitions: ['2024-01-01', 'eu'], downstream: true, maxConcurrency: 500 });
    expect(request.range).toBeUndefined();
  });

  it('an unpartitioned-style request with neither range nor partitions', () => {
    expect(parseBackfillRequest({ assets: ['dim'] })).toEqual({
      assets: ['dim'],
      downstream: false,
      maxConcurrency: 8,
      mode: 'stale',
      dryRun: false,
      newestFirst: false,
      isolation: { kind: 'none' },
      priority: 4,
    });
  });

  it('a priority from 1 to 5, below other work (3) by default', () => {
    expect(parseBackfillRequest({ assets: ['a'], priority: 1 }).priority).toBe(1);
    expect(rejection({ assets: ['a'], priority: 6 }).problems).toEqual(['priority: expected a whole number (1 runs first) from 1 to 5, got 6']);
    expect(rejection({ assets: ['a'], priority: '2' }).problems).toEqual(['priority: expected a whole number (1 runs first) from 1 to 5, got "2"']);
  });

  it('selection modes, canary and order options', () => {
    const request = parseBackfillRequest({ assets: ['a'], mode: 'missing', canary: 3, canaryApproval: true, newestFirst: true, dryRun: true });
    expect(request).toMatchObject({ mode: 'missing', canary: { perAsset: 3, approval: true }, newestFirst: true, dryRun: true });
    expect(parseBackfillRequest({ assets: ['a'], canary: 2 }).canary).toEqual({ perAsset: 2, approval: false });
  });

  it.each([
    [{ mode: 'everything' }, 'mode: expected one of missing, stale, failed, all, got "everything"'],
    [{ canary: 0 }, 'canary: expected a whole number of partitions per asset from 1 to 1000, got 0'],
    [{ canary: 2.5 }, 'canary: expected a whole number of partitions per asset from 1 to 1000, got 2.5'],
    [{ canaryApproval: true }, 'canaryApproval: give canary, the partitions per asset to try first'],
    [{ dryRun: 'yes' }, 'dryRun:'],
  ])('rejects %j', (extra, message) => {
    expect(() => parseBackfillRequest({ assets: ['a'], ...extra })).toThrow(message);
  });

  it('the same period for from and to, and coarse specs', () => {
    expect(parseBackfillRequest({ assets: ['a'], from: '2024-03-10', to: '2024-03-10' }).range).toEqual({
      start: Date.UTC(2024, 2, 10),
      end: Date.UTC(2024, 2, 11),
    });
    expect(parseBackfillRequest({ assets: ['a'], from: '2023', to: '2024-02' }).range).toEqual({
      start: Date.UTC(2023, 0, 1),
      end: Date.UTC(2024, 2, 1),
    });
  });
});

describe('parseBackfillRequest rejects', () => {
  it.each([null, 'raw', 42, ['raw']])('a request that is not an object (%j)', (input) => {
    expect(rejection(input).message).toContain('expected object');
  });

  it('an unknown key, naming it', () => {
    const error = rejection({ assets: ['raw'], concurrency: 4 });
    expect(error.message).toContain('Unrecognized key');
    expect(error.message).toContain('"concurrency"');
  });

  it('assets that are not an array', () => {
    expect(rejection({ assets: 'raw' }).problems).toEqual([expect.stringMatching(/^assets: .*expected array/)]);
  });

  it('a missing assets field', () => {
    expect(rejection({ from: '2024-01-01', to: '2024-01-02' }).problems[0]).toMatch(/^assets: /);
  });

  it('empty assets', () => {
    expect(rejection({ assets: [] }).problems).toEqual(['assets: name at least one asset']);
  });

  it('an invalid asset name, naming its position', () => {
    expect(rejection({ assets: ['ok', 'Not-OK'] }).problems[0]).toMatch(/^assets\.1: asset names match/);
  });

  it('an asset listed twice', () => {
    expect(rejection({ assets: ['a', 'a'] }).problems).toEqual(['assets: an asset is listed twice']);
  });

  it.each(['2024/01/01', '2024-1-1', '2024-02-30', 'yesterday', '2024-01-01T24', '2024-01-01T05:60'])('from %j', (from) => {
    const error = rejection({ assets: ['a'], from, to: '2024-12-31' });
    expect(error.problems).toEqual([expect.stringMatching(/^from: expected YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDTHH or YYYY-MM-DDTHH:MM/)]);
  });

  it('a bad to format', () => {
    expect(rejection({ assets: ['a'], from: '2024-01-01', to: 12 }).problems[0]).toMatch(/^to: /);
  });

  it('from after to, naming both', () => {
    const error = rejection({ assets: ['a'], from: '2024-03-12', to: '2024-03-10' });
    expect(error.problems).toEqual(['from 2024-03-12 is after to 2024-03-10']);
  });

  it('only from, or only to', () => {
    expect(rejection({ assets: ['a'], from: '2024-01-01' }).problems).toEqual(['give both from and to, or neither']);
    expect(rejection({ assets: ['a'], to: '2024-01-01' }).problems).toEqual(['give both from and to, or neither']);
  });

  it('both partitions and from/to', () => {
    const error = rejection({ assets: ['a'], from: '2024-01-01', to: '2024-01-02', partitions: ['2024-01-01'] });
    expect(error.problems).toEqual(['give either from/to or partitions, not both']);
  });

  it('an empty partition list', () => {
    expect(rejection({ assets: ['a'], partitions: [] }).problems).toEqual(['partitions: give at least one partition key']);
  });

  it('a non-boolean downstream', () => {
    expect(rejection({ assets: ['a'], downstream: 'yes' }).problems[0]).toMatch(/^downstream: /);
  });

  it.each([0, -1, 'x', 10_000, 2.5, MAX_CONCURRENCY_CEILING + 1])('maxConcurrency %j', (maxConcurrency) => {
    const error = rejection({ assets: ['a'], maxConcurrency });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^maxConcurrency: /);
    expect(error.type).toBe('InvalidBackfillRequest');
  });

  it('every problem at once', () => {
    const error = rejection({ assets: [], maxConcurrency: 0, extra: true });
    expect(error.problems).toHaveLength(3);
    expect(error.message).toMatch(/assets: .*maxConcurrency: .*Unrecognized key/s);
  });
});
