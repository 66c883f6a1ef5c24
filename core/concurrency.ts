/** Validation of a concurrency change (`throttle`, `setConcurrency`). */
import { InvalidConcurrencyError } from './errors';
import { shownValue } from './shown-value';

/** What `throttle` and `setConcurrency` accept: `{"maxConcurrency": n}` or a bare `n`. */
export type ConcurrencyInput = { maxConcurrency: number } | number;

/**
 * The requested concurrency.
 * @throws InvalidConcurrencyError unless it is a whole number from 1 to `ceiling`.
 */
export function parseConcurrency(input: unknown, ceiling: number): number {
  const value = typeof input === 'object' && input !== null && 'maxConcurrency' in input ? input.maxConcurrency : input;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > ceiling) {
    throw new InvalidConcurrencyError(`maxConcurrency must be a whole number from 1 to ${ceiling}, got ${shownValue(value)}`);
  }
  return value;
}
