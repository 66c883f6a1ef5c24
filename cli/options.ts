/** Option parsers and environment checks shared by the CLI commands. */
import { InvalidArgumentError } from 'commander';
import { shownValue } from '../core/shown-value';
import { assertDatabaseUrl } from '../db/database-url';

/** Parses a whole number >= 1, or fails naming the value. */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) {
    throw new InvalidArgumentError(`expected a whole number >= 1, got ${shownValue(value)}`);
  }
  return n;
}

/** Splits `a,b , c` into `['a', 'b', 'c']`. */
export const list = (value: string): string[] => value.split(',').map((s) => s.trim()).filter(Boolean);

/** `DATABASE_URL`, or an error saying how to set it or what is wrong with it. */
export function requireDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: point it at PostgreSQL, e.g. postgres://user:pass@localhost:5432/db');
  assertDatabaseUrl(url, 'DATABASE_URL');
  return url;
}
