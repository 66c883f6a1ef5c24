/** How long a worker's activities wait for a database that stopped answering. */
import { durationMs } from '../core/duration';
import type { DurationSpec } from '../core/duration';
import { shownValue } from '../core/shown-value';

export const DATABASE_WAIT_VARIABLE = 'RETROFILL_DATABASE_WAIT';

/**
 * Milliseconds of a wait limit given as milliseconds or text (`'10 minutes'`).
 * @throws Error naming `source` and the value when it is not a duration above zero
 */
export function databaseWaitMs(spec: DurationSpec, source = 'databaseWait'): number {
  // Digits alone are milliseconds: an environment variable cannot carry a number.
  const ms = typeof spec === 'string' && /^\s*\d+\s*$/.test(spec) ? durationMs(Number(spec)) : durationMs(spec);
  if (ms === undefined) {
    throw new Error(`${source} must be milliseconds or a duration such as '10 minutes' or '90 s', above zero; got ${shownValue(spec, 100)}`);
  }
  return ms;
}

/** `RETROFILL_DATABASE_WAIT` in milliseconds, or undefined when unset (the default applies). */
export function databaseWaitFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const value = env[DATABASE_WAIT_VARIABLE];
  return value === undefined || value.trim() === '' ? undefined : databaseWaitMs(value, DATABASE_WAIT_VARIABLE);
}
