/** What the `backfill` workflow checks of its start before the request itself: its id, and its arguments' number and encoding. */
import { backfillIdProblem } from '../core/backfill-id';
import { InvalidBackfillRequestError } from '../core/errors';
import { shownValue } from '../core/shown-value';
import { undecodableEncoding } from './undecodable-arguments';

/**
 * Refuses a start no backfill can come from: a workflow id (the backfill id,
 * chosen by the caller) with control characters, a request that could not be
 * decoded, or more arguments than the request and the backfill's own carried state.
 * @param extraArguments arguments after the second.
 * @throws InvalidBackfillRequestError naming every problem.
 */
export function checkStartArguments(backfillId: string, input: unknown, extraArguments: number): void {
  const problems: string[] = [];
  const idProblem = backfillIdProblem(backfillId);
  if (idProblem !== undefined) problems.push(`${idProblem} (the workflow id is the backfill id)`);
  const encoding = undecodableEncoding(input);
  if (encoding !== undefined) problems.push(`request: cannot be decoded (payload encoding ${shownValue(encoding)}): send it as JSON`);
  if (extraArguments > 0) problems.push(`the backfill workflow takes one argument, the request; got ${2 + extraArguments}`);
  if (problems.length > 0) throw new InvalidBackfillRequestError(problems);
}
