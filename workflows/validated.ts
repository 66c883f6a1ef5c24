import { ApplicationFailure } from '@temporalio/workflow';
import { RetrofillError } from '../core/errors';

/** Runs a validation step; bad input fails at once: a non-retryable failure whose message names the problem. */
export function validated<T>(step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof RetrofillError) {
      throw ApplicationFailure.create({ message: error.message, type: error.type, nonRetryable: true });
    }
    throw error;
  }
}
