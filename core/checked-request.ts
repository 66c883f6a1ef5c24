/**
 * A backfill request parsed where it enters a process (the CLI's flags, a
 * client's argument), carried on with its wire form, so nothing in the same
 * process parses it again. Only `CheckedRequest.of` makes one: a caller's
 * plain object is never mistaken for a checked request.
 */
import { parseBackfillRequest, type BackfillRequest, type BackfillRequestInput } from './backfill-request';

export class CheckedRequest {
  private constructor(
    /** As sent on the wire: flat JSON, what the workflow parses at its own boundary. */
    readonly input: BackfillRequestInput,
    /** Validated, defaults applied. */
    readonly request: BackfillRequest,
  ) {}

  /**
   * Parses `input`, or passes on one already checked.
   * @throws InvalidBackfillRequestError naming every problem found.
   */
  static of(input: BackfillRequestInput | CheckedRequest): CheckedRequest {
    return input instanceof CheckedRequest ? input : new CheckedRequest(input, parseBackfillRequest(input));
  }
}
