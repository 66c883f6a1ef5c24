/**
 * What a backfill id may be. The id is the backfill's workflow id, chosen by
 * whoever starts it, and every surface prints it: one without control
 * characters cannot forge lines or drive a terminal where it is shown.
 */
import { InvalidBackfillRequestError } from './errors';
import { shownValue, UNPRINTABLE } from './shown-value';

/** Longest backfill id: Temporal's default limit on workflow ids. */
export const MAX_BACKFILL_ID_LENGTH = 1000;

/**
 * Why `id` cannot be a backfill id (`backfillId: ...`), or undefined when it can:
 * 1 to 1,000 characters, none a control, format or separator character
 * (line breaks, terminal escapes, direction marks).
 */
export function backfillIdProblem(id: unknown): string | undefined {
  if (typeof id !== 'string' || id.length === 0) return `backfillId: expected a non-empty string, got ${shownValue(id)}`;
  if (id.length > MAX_BACKFILL_ID_LENGTH) return `backfillId: longer than ${MAX_BACKFILL_ID_LENGTH} characters: ${shownValue(id)}`;
  if (UNPRINTABLE.test(id)) {
    return `backfillId: control, format and separator characters (line breaks, terminal escapes, direction marks) are not allowed, got ${shownValue(id)}`;
  }
  return undefined;
}

/**
 * Refuses an id that cannot be a backfill id.
 * @throws InvalidBackfillRequestError naming the problem.
 */
export function assertBackfillId(id: unknown): asserts id is string {
  const problem = backfillIdProblem(id);
  if (problem !== undefined) throw new InvalidBackfillRequestError([problem]);
}
