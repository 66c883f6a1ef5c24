/**
 * Errors `RetrofillClient` throws, each with a stable `type`. Invalid requests
 * and concurrency values throw the core's `InvalidBackfillRequestError` and
 * `InvalidConcurrencyError`, re-exported here.
 */
import { RetrofillError } from '../core/errors';

export { InvalidBackfillRequestError, InvalidConcurrencyError } from '../core/errors';

/** Thrown when no backfill has this id. */
export class BackfillNotFoundError extends RetrofillError {
  override readonly type = 'BackfillNotFound';
  constructor(readonly backfillId: string) {
    super(`backfill ${backfillId} not found`);
    this.name = 'BackfillNotFoundError';
  }
}

/** Thrown when a backfill that already ended is asked to pause, resume, throttle or cancel. */
export class BackfillNotRunningError extends RetrofillError {
  override readonly type = 'BackfillNotRunning';
  constructor(
    readonly backfillId: string,
    readonly status: string,
  ) {
    super(`backfill ${backfillId} is not running (${status.toLowerCase()})`);
    this.name = 'BackfillNotRunningError';
  }
}

/** Thrown when starting a backfill whose id is already in use by a running one. */
export class BackfillAlreadyExistsError extends RetrofillError {
  override readonly type = 'BackfillAlreadyExists';
  constructor(readonly backfillId: string) {
    super(`backfill ${backfillId} is already running`);
    this.name = 'BackfillAlreadyExistsError';
  }
}

/** Thrown when an operation needs a backfill to have ended (e.g. discarding its shadow) and it still runs. */
export class BackfillStillRunningError extends RetrofillError {
  override readonly type = 'BackfillStillRunning';
  constructor(
    readonly backfillId: string,
    what: string,
  ) {
    super(`backfill ${backfillId} is still running: cancel it first (retrofill cancel ${backfillId} --wait), then ${what}`);
    this.name = 'BackfillStillRunningError';
  }
}

/** Thrown when a backfill's workflow failed, e.g. because its request was invalid. */
export class BackfillFailedError extends RetrofillError {
  override readonly type = 'BackfillFailed';
  constructor(
    readonly backfillId: string,
    reason: string,
    /** The workflow failure's type, e.g. `InvalidBackfillRequest` when the workers rejected the request. */
    readonly failureType?: string,
  ) {
    super(`backfill ${backfillId} failed: ${reason}`);
    this.name = 'BackfillFailedError';
  }
}
