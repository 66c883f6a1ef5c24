/**
 * Why a shadow cannot be published, rolled back or diffed: each with a stable
 * `type`, which the activity turns into a non-retryable failure of that type.
 */
import { RetrofillError } from '../../core/errors';

/** Thrown when a backfill has no shadow (it was not started with isolation 'shadow', or is unknown). */
export class ShadowNotFoundError extends RetrofillError {
  override readonly type = 'ShadowNotFound';
  constructor(backfillId: string) {
    super(`backfill ${backfillId} has no shadow: only a backfill started with isolation 'shadow' has one`);
  }
}

/** Thrown when the shadow is not in the state the operation needs (e.g. rollback before publish). */
export class ShadowStateError extends RetrofillError {
  override readonly type = 'ShadowState';
}

/** Thrown when rollback would overwrite partitions written to production after the publish. */
export class RollbackConflictError extends RetrofillError {
  override readonly type = 'RollbackConflict';
}

/** Thrown when publish would overwrite partitions written to production after the shadow computed them. */
export class PublishConflictError extends RetrofillError {
  override readonly type = 'PublishConflict';
}
