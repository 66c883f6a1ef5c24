/**
 * The `retrofill worker` process ends within a bound after SIGINT or SIGTERM,
 * whatever its partitions do: the worker's own shutdown (grace period, then
 * cancellation, then Temporal's force time) normally ends it; this is the
 * backstop for anything left holding the event loop open (a connection that
 * will not close). The process then exits non-zero, saying why; PostgreSQL
 * rolls back whatever transaction the closed connections held.
 */

/** Waits allowed after the worker stopped, for closing its connections. */
export const CLOSE_WITHIN_MS = 5_000;

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Arms `exit` for `afterMs` after the first SIGINT/SIGTERM (a second one ends
 * the process at once, as by default). Arm it once the worker runs: before,
 * the signal's default action must stay. The timer does not keep the process
 * alive, so a process that ends on its own ends sooner.
 */
export function exitIfStillRunningAfterSignal(afterMs: number, exit: (signal: NodeJS.Signals) => void): void {
  const onSignal = (signal: NodeJS.Signals) => {
    for (const s of SIGNALS) process.off(s, onSignal);
    setTimeout(() => exit(signal), afterMs).unref();
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

/**
 * `close()`, or after `ms` gives up on it (reported through `onTimeout`).
 * @returns whether it closed in time
 */
export async function closeWithin(ms: number, what: string, close: () => Promise<unknown>, onTimeout: (message: string) => void): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'expired'>((resolve) => {
    timer = setTimeout(() => resolve('expired'), ms);
    timer.unref();
  });
  const outcome = await Promise.race([close().then(() => 'closed' as const, () => 'closed' as const), expired]);
  clearTimeout(timer);
  if (outcome === 'expired') onTimeout(`${what} did not close within ${ms / 1000} s`);
  return outcome === 'closed';
}
