/**
 * Errors of the planning core. Each has a stable `type` string: classes do not
 * cross Temporal's boundaries, so failures are matched by type.
 */

/** Base of every error Retrofill raises on purpose. */
export class RetrofillError extends Error {
  /** Stable name matched across process boundaries. */
  readonly type: string = 'RetrofillError';
}

/** Thrown when asset definitions are invalid: unknown dependency, cycle, duplicate name, bad partitions. */
export class AssetDefinitionError extends RetrofillError {
  override readonly type = 'AssetDefinitionError';
  constructor(readonly problems: string[]) {
    super(`Invalid asset definitions:\n- ${problems.join('\n- ')}`);
    this.name = 'AssetDefinitionError';
  }
}

/** Thrown when a backfill request is malformed or names things that do not exist. */
export class InvalidBackfillRequestError extends RetrofillError {
  override readonly type = 'InvalidBackfillRequest';
  constructor(readonly problems: string[]) {
    super(`Invalid backfill request: ${problems.join('; ')}`);
    this.name = 'InvalidBackfillRequestError';
  }
}

/** Thrown when a concurrency change is not a whole number within the allowed range. */
export class InvalidConcurrencyError extends RetrofillError {
  override readonly type = 'InvalidConcurrency';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidConcurrencyError';
  }
}

/** Thrown when a partition status request is malformed or names an unknown asset. */
export class InvalidStatusRequestError extends RetrofillError {
  override readonly type = 'InvalidStatusRequest';
  constructor(problem: string) {
    super(`Invalid status request: ${problem}`);
    this.name = 'InvalidStatusRequestError';
  }
}

/**
 * Thrown when a `backfill` run is handed continue-as-new state it must not
 * trust: by a caller, by a run other than the one it continued from, or malformed.
 */
export class InvalidContinuationError extends RetrofillError {
  override readonly type = 'InvalidContinuation';
  constructor(problem: string) {
    super(`Invalid continuation: ${problem}`);
    this.name = 'InvalidContinuationError';
  }
}

/** Thrown when a schedule's name, interval or request is malformed. */
export class InvalidScheduleError extends RetrofillError {
  override readonly type = 'InvalidSchedule';
  constructor(readonly problems: string[]) {
    super(`Invalid schedule: ${problems.join('; ')}`);
    this.name = 'InvalidScheduleError';
  }
}
