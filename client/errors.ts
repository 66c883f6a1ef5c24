/**
 * Errors `RetrofillClient` throws, each with a stable `type`. Invalid requests,
 * concurrency values and asset names throw the core's `InvalidBackfillRequestError`,
 * `InvalidConcurrencyError` and `InvalidStatusRequestError`, re-exported here.
 */
import { RetrofillError } from '../core/errors';

export { InvalidBackfillRequestError, InvalidConcurrencyError, InvalidScheduleError, InvalidStatusRequestError } from '../core/errors';

/** Thrown when options passed to the client (connection, `list`) are malformed; nothing was sent. */
export class InvalidOptionsError extends RetrofillError {
  override readonly type = 'InvalidOptions';
  constructor(
    /** Whose options: `connection`, `list`, `start`. */
    what: string,
    readonly problems: string[],
  ) {
    super(`Invalid ${what} options: ${problems.join('; ')}`);
    this.name = 'InvalidOptionsError';
  }
}

/** Thrown when the client cannot connect to Temporal: names the address it tried. */
export class TemporalConnectionError extends RetrofillError {
  override readonly type = 'TemporalConnection';
  constructor(
    readonly address: string,
    reason: string,
  ) {
    super(`cannot connect to Temporal at ${address}: ${reason} (is the server running there? TEMPORAL_ADDRESS sets the address)`);
    this.name = 'TemporalConnectionError';
  }
}

/**
 * Thrown by `publish` on a shadow backfill that ended because its blocking
 * checks failed: it can never be published. Names the checks and what to do.
 */
export class ChecksFailedError extends RetrofillError {
  override readonly type = 'ChecksFailed';
  constructor(
    readonly backfillId: string,
    /** The failed blocking checks, `asset check`. */
    readonly checks: string[],
  ) {
    super(
      `backfill ${backfillId} cannot be published: its blocking check${checks.length > 1 ? 's' : ''} failed (${checks.join(', ')}); ` +
        `production is untouched. Discard its shadow (retrofill discard ${backfillId}), or fix the data or the checks and run the backfill again`,
    );
    this.name = 'ChecksFailedError';
  }
}

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

/**
 * Thrown when a backfill's workflow failed, e.g. because its request was
 * invalid, or a workflow run on its behalf (a plan, an asset status, a shadow's
 * diff, rollback or discard); the message names the operation, never the
 * internal workflow id.
 */
export class BackfillFailedError extends RetrofillError {
  override readonly type = 'BackfillFailed';
  constructor(
    /** The backfill concerned; absent for a plan or an asset status. */
    readonly backfillId: string | undefined,
    reason: string,
    /** The workflow failure's type, e.g. `InvalidBackfillRequest` when the workers rejected the request. */
    readonly failureType?: string,
    /** What failed, e.g. `plan`, `diff of backfill x`. @default `backfill <backfillId>` */
    operation = `backfill ${backfillId}`,
  ) {
    super(`${operation} failed: ${reason}`);
    this.name = 'BackfillFailedError';
  }
}

/** Thrown when no schedule of Retrofill's has the name. */
export class ScheduleNotFoundError extends RetrofillError {
  override readonly type = 'ScheduleNotFound';
  constructor(readonly scheduleName: string) {
    super(`schedule ${scheduleName} not found`);
    this.name = 'ScheduleNotFoundError';
  }
}

/** Thrown when a schedule with the name exists already. */
export class ScheduleAlreadyExistsError extends RetrofillError {
  override readonly type = 'ScheduleAlreadyExists';
  constructor(readonly scheduleName: string) {
    super(`a schedule named ${scheduleName} exists already (delete it first, or choose another name)`);
    this.name = 'ScheduleAlreadyExistsError';
  }
}
