/**
 * What a PostgreSQL URL must be. pg reads a malformed one leniently: it
 * connects to localhost:5432 when it finds no host (`localhost:5433/db`), and
 * takes any scheme (`mysql://…`). A worker pointed at the wrong server would
 * migrate and write there, so such a URL is refused, naming what is wrong.
 */
import { RetrofillError } from '../core/errors';
import { shownValue } from '../core/shown-value';

/** Thrown when a PostgreSQL URL (`DATABASE_URL`, `--database-url`) is malformed; nothing was connected. */
export class InvalidDatabaseUrlError extends RetrofillError {
  override readonly type = 'InvalidDatabaseUrl';
  constructor(problem: string) {
    super(problem);
    this.name = 'InvalidDatabaseUrlError';
  }
}

const EXAMPLE = 'postgres://user:password@host:5432/database';

/** `url` with its password, if any, replaced by `***`: fit for a message. */
export function redactedUrl(url: string): string {
  return url.replace(/:[^:@/]*@/, ':***@');
}

/** Why `url` is not a PostgreSQL URL with a host, or undefined when it is one. */
export function databaseUrlProblem(url: string): string | undefined {
  const shown = shownValue(redactedUrl(url), 80);
  if (!URL.canParse(url)) return `expected a URL like ${EXAMPLE}, got ${shown}`;
  const parsed = new URL(url);
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    return `expected a postgres:// or postgresql:// URL, got ${shown}`;
  }
  // A socket directory may be given as ?host=/path instead.
  if (parsed.hostname === '' && !parsed.searchParams.get('host')) return `expected a host (${EXAMPLE}), got ${shown}`;
  return undefined;
}

/**
 * Refuses a malformed PostgreSQL URL.
 * @param source where it came from, for the message (e.g. `DATABASE_URL`).
 * @throws InvalidDatabaseUrlError naming the problem (never the password).
 */
export function assertDatabaseUrl(url: string, source: string): void {
  const problem = databaseUrlProblem(url);
  if (problem !== undefined) throw new InvalidDatabaseUrlError(`${source}: ${problem}`);
}
