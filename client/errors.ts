/** Errors `RetrofillClient` throws. */
import { RetrofillError } from '../core/errors';

/** Thrown when a backfill's workflow failed, e.g. because its request was invalid. */
export class BackfillFailedError extends RetrofillError {
  override readonly type = 'BackfillFailed';
  constructor(
    readonly backfillId: string,
    reason: string,
  ) {
    super(`backfill ${backfillId} failed: ${reason}`);
    this.name = 'BackfillFailedError';
  }
}
