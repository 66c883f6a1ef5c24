/** A failed materialization as the activity throws it: what decides whether Temporal retries it. */
import { ApplicationFailure } from '@temporalio/activity';
import { failureType } from '../core/run/classify-error';

/**
 * The failure to throw from the activity: non-retryable for permanent errors,
 * with the server's requested delay for transient ones; unknown errors are
 * retried under the asset's policy.
 */
export function toActivityFailure(error: unknown, message: string): unknown {
  const failure = failureType(error);
  if (failure?.type === 'NonRetryable') {
    return ApplicationFailure.create({ message, type: 'NonRetryable', nonRetryable: true, cause: error instanceof Error ? error : undefined });
  }
  if (failure?.type === 'Transient') {
    return ApplicationFailure.create({
      message,
      type: 'Transient',
      ...(failure.retryAfterMs !== undefined && { nextRetryDelay: failure.retryAfterMs }),
    });
  }
  return error;
}
