/** Option parsers and environment checks shared by the CLI commands. */
import { InvalidArgumentError } from 'commander';
import { DURATION, durationMs } from '../core/duration';
import { parseTimeSpec, TIME_SPEC_FORMS } from '../core/partitions/time-spec';
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

/** A TCP port, 1–65535. */
export function portNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 65_535) throw new InvalidArgumentError(`expected a port number from 1 to 65535, got ${shownValue(value)}`);
  return n;
}

/** A host name or IP address to bind to: letters, digits, dots, hyphens and colons (IPv6), nothing else. */
export function bindHost(value: string): string {
  if (!/^[A-Za-z0-9.:-]{1,253}$/.test(value)) throw new InvalidArgumentError(`expected a host name or IP address, got ${shownValue(value)}`);
  return value;
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

/** The longest shutdown grace period `retrofill worker` takes. */
const MAX_GRACE_MS = 3_600_000;

/** Parses a grace period: `0`, or a duration with its unit (`30 seconds`, `2m`) up to 1 hour; fails naming the value. */
export function gracePeriodMs(value: string): number {
  const text = value.trim();
  if (/^0+(\.0+)?$/.test(text)) return 0;
  const ms = DURATION.test(text) ? durationMs(text) : undefined;
  if (ms === undefined || ms > MAX_GRACE_MS) {
    throw new InvalidArgumentError(`expected 0 or a duration up to 1 hour with its unit, like '30 seconds' or '2m', got ${shownValue(value)}`);
  }
  return Math.round(ms);
}

/** A time spec (`2024`, `2024-03`, `2024-03-01`, `2024-03-01T05`, `2024-03-01T05:05`, UTC), for commander. */
export function timeSpec(value: string): string {
  if (parseTimeSpec(value) === undefined) throw new InvalidArgumentError(`expected ${TIME_SPEC_FORMS} of a real date, got ${shownValue(value)}`);
  return value;
}
