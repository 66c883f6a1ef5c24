/**
 * When an attempt stops before it commits: the backfill (or Temporal) cancels
 * the activity, or the asset's `timeout` runs out. Either way the attempt
 * ends at once, whatever `materialize` does: it is raced against the stop, so
 * a promise that never settles cannot hold the partition, its transaction or
 * the worker's shutdown.
 */
import { shownTimeout } from '../core/asset-timeout';
import type { DurationSpec } from '../core/duration';
import { durationMs } from '../core/duration';

/** Thrown when an attempt ran longer than its asset's `timeout`; retried under the asset's retry policy. */
export class PartitionTimeoutError extends Error {
  readonly type = 'PartitionTimeout';
  constructor(label: string, timeout: DurationSpec) {
    super(`${label} exceeded the asset's timeout of ${shownTimeout(timeout)}: stopped and rolled back`);
    this.name = 'PartitionTimeoutError';
  }
}

export interface AttemptStop {
  /** Aborted on cancellation (reason: Temporal's `CancelledFailure`) or timeout (reason: `PartitionTimeoutError`). */
  signal: AbortSignal;
  /** Stops the timer; call once the attempt ended. */
  dispose(): void;
}

/** The attempt's stop: `cancellation` (the activity's signal), or `timeout` after now. */
export function attemptStop(cancellation: AbortSignal, timeout: DurationSpec | undefined, label: string): AttemptStop {
  const controller = new AbortController();
  const onCancel = () => controller.abort(cancellation.reason);
  cancellation.addEventListener('abort', onCancel, { once: true });
  if (cancellation.aborted) onCancel();
  const ms = timeout === undefined ? undefined : durationMs(timeout);
  const timer = ms === undefined ? undefined : setTimeout(() => controller.abort(new PartitionTimeoutError(label, timeout!)), ms);
  return {
    signal: controller.signal,
    dispose() {
      clearTimeout(timer);
      cancellation.removeEventListener('abort', onCancel);
    },
  };
}

/** Why an attempt's stop aborted: always an Error, Temporal's `CancelledFailure` or a `PartitionTimeoutError` (see AttemptStop). */
function stopReason(signal: AbortSignal): Error {
  return signal.reason as Error;
}

/**
 * `work`'s outcome, or the stop's reason as soon as `signal` aborts. Work still
 * running after a stop is left behind: its later failure is swallowed (it
 * cannot reach a transaction that is over), so it never crashes the worker.
 */
export function untilStopped<T>(work: () => Promise<T>, signal: AbortSignal): Promise<T> {
  const running = new Promise<T>((resolve) => resolve(work()));
  running.catch(() => undefined);
  if (signal.aborted) return Promise.reject(stopReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(stopReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    running.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
