/** What Temporal says of why it cancelled an activity (its `cancellationDetails`). */
export interface CancellationDetails {
  readonly cancelRequested: boolean;
  readonly notFound: boolean;
  readonly workerShutdown: boolean;
  readonly timedOut: boolean;
  readonly paused: boolean;
  readonly reset: boolean;
}

/**
 * Why Temporal cancelled an attempt other than on request: the attempt steps
 * aside (its rows abandoned, its staged rows kept) and a later one may take
 * over. Undefined for a cancellation the backfill asked for.
 */
export function steppedAsideReason(details: CancellationDetails | undefined): string | undefined {
  if (!details || details.cancelRequested) return undefined;
  if (details.workerShutdown) return 'abandoned: the worker shut down during the attempt';
  if (details.timedOut || details.notFound) return 'abandoned: Temporal gave up on the attempt (it timed out)';
  if (details.paused) return 'abandoned: the activity was paused';
  if (details.reset) return 'abandoned: the activity was reset';
  return undefined;
}
