/** How often the activity reports liveness while `materialize` runs. */
const HEARTBEAT_EVERY_MS = 1_000;

/** An attempt's liveness: details reported now, and the latest repeated every second until stopped. */
export interface AttemptHeartbeat {
  /** Reports `details` (`ctx.heartbeat`), which the liveness beat then repeats. */
  heartbeat: (details: unknown) => void;
  /** Stops the beat; call once the attempt ended. */
  stop: () => void;
}

/**
 * Reports liveness through `report` every second while an attempt runs, with
 * the latest details (first `initial`): repeated, so Temporal's UI keeps showing them.
 */
export function attemptHeartbeat(report: (details: unknown) => void, initial: unknown): AttemptHeartbeat {
  let details = initial;
  const beat = setInterval(() => report(details), HEARTBEAT_EVERY_MS);
  return {
    heartbeat: (next) => report((details = next)),
    stop: () => clearInterval(beat),
  };
}
