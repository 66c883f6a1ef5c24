import { describe, expect, it } from 'vitest';
import { parseConcurrency } from '../../core/concurrency';
import { InvalidConcurrencyError } from '../../core/errors';

describe('parseConcurrency', () => {
  it('accepts a whole number within the ceiling, bare or as {maxConcurrency}', () => {
    expect(parseConcurrency(2, 500)).toBe(2);
    expect(parseConcurrency({ maxConcurrency: 500 }, 500)).toBe(500);
  });

  it.each([
    [0, 'got 0'],
    [-1, 'got -1'],
    ['x', 'got "x"'],
    [2.5, 'got 2.5'],
    [501, 'got 501'],
    [{ maxConcurrency: '8' }, 'got "8"'],
    [null, 'got null'],
    [{}, 'got an object'],
  ])('rejects %j, naming the value and the allowed range', (value, shown) => {
    expect(() => parseConcurrency(value, 500)).toThrow(InvalidConcurrencyError);
    expect(() => parseConcurrency(value, 500)).toThrow(`maxConcurrency must be a whole number from 1 to 500, ${shown}`);
  });
});
